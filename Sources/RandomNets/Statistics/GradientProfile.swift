import Foundation

/// Per-layer summary of log||dL/dW_l||_F over the networks of a gradient run,
/// with the backward growth rate (1/L) log||J_L^T g|| and its paired
/// difference from the forward rate S_L / L.
public struct GradientProfile: Sendable {
    /// The summary of one layer.
    public struct Layer: Sendable {
        /// The layer l, from 1.
        public let layer: Int
        /// Mean over networks of log||dL/dW_l||_F.
        public let meanLogNorm: Double
        /// Its standard error; nil when it is not defined.
        public let standardError: Double?
    }

    /// The run it summarizes.
    public let samples: GradientSamples
    /// One entry per layer, 1 to L.
    public let layers: [Layer]
    /// (1/L) log||J_L^T g||: mean over networks and standard error.
    public let backwardRate: SpectrumEstimate.Value
    /// S_L / L of the same networks.
    public let forwardRate: SpectrumEstimate.Value
    /// The paired difference, network by network.
    public let backwardMinusForward: SpectrumEstimate.Value
    /// log||dL/dW_L||_F over the networks (the last row of `layers`).
    public let lastLayer: SpectrumEstimate.Value

    /// Summarizes a gradient run.
    public init(_ samples: GradientSamples) {
        self.samples = samples
        let depth = samples.spec.depth, m = samples.config.samples
        let l = Double(depth)
        let values = (1...depth).map { layer in
            SpectrumEstimate.Value((0..<m).lazy.map { samples.logGradientNorm(layer: layer, sample: $0) })
        }
        layers = values.enumerated().map { Layer(layer: $0.offset + 1, meanLogNorm: $0.element.mean, standardError: $0.element.standardError) }
        lastLayer = values[depth - 1]
        backwardRate = SpectrumEstimate.Value(samples.backwardLogNorms.lazy.map { $0 / l })
        forwardRate = SpectrumEstimate.Value(samples.forwardLogNorms.lazy.map { $0 / l })
        backwardMinusForward = SpectrumEstimate.Value((0..<m).lazy.map {
            (samples.backwardLogNorms[$0] - samples.forwardLogNorms[$0]) / l
        })
    }
}
