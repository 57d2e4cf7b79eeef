import Foundation

/// Per-layer summary of log||dL/dW_l||_F over the networks of a gradient run,
/// with the backward growth rate (1/L) log||J_L^T g|| and its paired
/// difference from the forward rate S_L / L.
public struct GradientProfile: Sendable {
    public struct Layer: Sendable {
        public let layer: Int
        public let meanLogNorm: Double
        public let standardError: Double?
    }

    public let samples: GradientSamples
    public let layers: [Layer]
    public let backwardRate: SpectrumEstimate.Value
    public let forwardRate: SpectrumEstimate.Value
    public let backwardMinusForward: SpectrumEstimate.Value
    /// log||dL/dW_L||_F over the networks (the last row of `layers`).
    public let lastLayer: SpectrumEstimate.Value

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
