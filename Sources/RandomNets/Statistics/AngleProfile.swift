import Foundation

/// Per-layer summary of cos theta_l over the networks of an angle run, beside
/// the infinite-width kernel map.
public struct AngleProfile: Sendable {
    /// The quantile levels reported per layer.
    public static let quantileLevels = [0.05, 0.25, 0.5, 0.75, 0.95]
    /// "Indistinguishable": cos theta above this.
    public static let indistinguishable = 0.999
    /// Cosines of unit vectors after L layers carry rounding of about L ulps.
    static let roundingAllowance = 1e-12

    /// The summary of one layer.
    public struct Layer: Sendable {
        /// The layer l, from 1.
        public let layer: Int
        /// Networks whose two signals are both alive at this layer.
        public let alive: Int
        /// Mean of cos theta_l over the networks that are alive.
        public let meanCos: Double
        /// Its standard error.
        public let standardError: Double
        /// At `AngleProfile.quantileLevels`.
        public let quantiles: [Double]
        /// The infinite-width kernel map's cos theta_l.
        public let kernelCos: Double
        /// (mean - kernel) / stderr; 0 when the two agree to rounding (orthogonal
        /// weights at a = 1 keep every angle exactly, with a stderr of 1e-17), nil
        /// when the stderr is 0 or not defined.
        public var zScore: Double? {
            if abs(meanCos - kernelCos) <= AngleProfile.roundingAllowance { return 0 }
            return standardError > 0 ? (meanCos - kernelCos) / standardError : nil
        }
    }

    /// The run it summarizes.
    public let samples: AngleSamples
    /// One entry per layer, 1 to L.
    public let layers: [Layer]
    /// First layer whose median cos theta exceeds 0.999 (half the networks
    /// no longer tell the inputs apart), nil if none within the depth.
    public let medianCollapseLayer: Int?
    /// First layer whose 5% quantile exceeds 0.999 (95% of the networks).
    public let mostCollapseLayer: Int?
    /// First layer where the kernel map exceeds 0.999.
    public let kernelCollapseLayer: Int?

    /// Summarizes `samples` layer by layer and computes the kernel map from the same theta_0.
    /// - Throws: ``InvalidParameter`` if the slope is not finite.
    public init(_ samples: AngleSamples) throws {
        self.samples = samples
        let depth = samples.spec.depth, m = samples.config.samples
        guard let slope = samples.spec.leakySlope else {
            throw InvalidParameter(parameter: "activation", "the kernel map is implemented for Leaky ReLU")
        }
        let kernel = try AngleKernel(slope: slope).iterate(from: cos(samples.initialAngle), depth: depth)
        var layers: [Layer] = []
        layers.reserveCapacity(depth)
        var values = [Double]()
        values.reserveCapacity(m)
        for l in 1...depth {
            values.removeAll(keepingCapacity: true)
            for i in 0..<m {
                let c = samples.cosine(layer: l, sample: i)
                if !c.isNaN { values.append(c) }
            }
            values.sort()
            let moments = SampleMoments(values)
            let ok = values.count >= 2
            layers.append(Layer(
                layer: l, alive: values.count,
                meanCos: values.isEmpty ? .nan : moments.mean,
                standardError: ok ? moments.standardError : .nan,
                quantiles: AngleProfile.quantileLevels.map { SampleQuantile.of(sorted: values, $0) },
                kernelCos: kernel[l - 1]))
        }
        self.layers = layers
        let level = AngleProfile.indistinguishable
        medianCollapseLayer = layers.first { $0.alive > 0 && $0.quantiles[2] > level }?.layer
        mostCollapseLayer = layers.first { $0.alive > 0 && $0.quantiles[0] > level }?.layer
        kernelCollapseLayer = layers.first { $0.kernelCos > level }?.layer
    }
}
