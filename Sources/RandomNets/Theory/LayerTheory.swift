import Foundation

/// The law of one layer's log-gain g = log||x_l|| - log||x_{l-1}|| when the
/// layer maps fan_in n to fan_out m, in closed form for the two
/// rotation-invariant laws (docs/theory.md, "Layers of unequal width").
///
/// Rotation invariance makes W u have one law for every unit u, independent
/// of the past, so the log-gains of successive layers are independent (not
/// identically distributed) and
///   E S_L = sum_l E g_l,   Var S_L = sum_l Var g_l,
/// with a central limit theorem by Lindeberg's condition. With V the
/// Leaky ReLU factor of `BetaDecomposition` at width m (mean mV, variance vV):
///   gaussian (entries N(0, sigma^2/n)):  r^2 = (sigma^2/n) chi^2_m V,
///       E g = (1/2)[log(sigma^2/n) + psi(m/2) + log 2 + mV],  Var g = (1/4)[psi'(m/2) + vV];
///   orthogonal, m >= n (sigma Q, Q with orthonormal columns): W u = sigma v,
///       v uniform on the sphere of R^m:  E g = log sigma + mV/2,  Var g = vV/4;
///   orthogonal, m < n (orthonormal rows): W u = sigma times the first m
///       coordinates of a uniform unit vector of R^n, whose squared length is
///       B ~ Beta(m/2, (n-m)/2), independent of the direction:
///       E g = log sigma + (1/2)[psi(m/2) - psi(n/2) + mV],
///       Var g = (1/4)[psi'(m/2) - psi'(n/2) + vV].
/// At n = m these are the square closed forms of `LyapunovTheory`.
public enum LayerTheory {
    /// One layer's prediction.
    public struct Layer: Sendable, Equatable {
        /// n, the layer's input length.
        public let fanIn: Int
        /// m, the layer's output length.
        public let fanOut: Int
        /// The layer's scale.
        public let sigma: Double
        /// E g given that the layer's output is not exactly 0.
        public let meanLogGain: Double
        /// Var g given that the layer's output is not exactly 0.
        public let varianceLogGain: Double
        /// P(phi(W u) = 0): 2^-m for ReLU, 0 otherwise.
        public let deathProbability: Double
        /// The sigma at which E g = 0; nil for ReLU (E g is -infinity).
        public let criticalSigma: Double?
    }

    /// One layer n -> m of the closed-form family at scale sigma, slope a.
    public static func layer(_ family: Ensemble, fanIn n: Int, fanOut m: Int, slope a: Double,
                             sigma: Double) throws -> Layer {
        try Validate.width(n)
        try Validate.width(m)
        guard a.isFinite else { throw InvalidParameter(parameter: "slope", "must be a finite real number, got \(a)") }
        try Validate.sigma(sigma)
        let beta = try BetaDecomposition(width: m, slope: a)
        let halfM = Double(m) / 2, halfN = Double(n) / 2
        let meanAtOne: Double
        let variance: Double
        switch family {
        case .gaussian:
            meanAtOne = 0.5 * (-log(Double(n)) + (try Special.digamma(halfM)) + M_LN2 + beta.meanLogV)
            variance = 0.25 * ((try Special.trigamma(halfM)) + beta.varianceLogV)
        case .orthogonal where m >= n:
            meanAtOne = 0.5 * beta.meanLogV
            variance = 0.25 * beta.varianceLogV
        case .orthogonal:
            meanAtOne = 0.5 * ((try Special.digamma(halfM)) - (try Special.digamma(halfN)) + beta.meanLogV)
            variance = 0.25 * ((try Special.trigamma(halfM)) - (try Special.trigamma(halfN)) + beta.varianceLogV)
        }
        // E g(sigma) = log sigma + E g(1): scaling W scales the output.
        let dies = beta.deathProbability > 0
        return Layer(fanIn: n, fanOut: m, sigma: sigma, meanLogGain: log(sigma) + meanAtOne,
                     varianceLogGain: variance, deathProbability: beta.deathProbability,
                     criticalSigma: dies ? nil : exp(-meanAtOne))
    }

    /// The whole network: its layers and E S_L, Var S_L (sums over layers,
    /// for networks that survive), and the probability that some layer dies.
    public struct Network: Sendable, Equatable {
        /// Layer 1 to L.
        public let layers: [Layer]
        /// E S_L = sum of the layers' E g (surviving networks).
        public var meanLogNorm: Double { layers.reduce(0) { $0 + $1.meanLogGain } }
        /// Var S_L = sum of the layers' Var g (independent increments).
        public var varianceLogNorm: Double { layers.reduce(0) { $0 + $1.varianceLogGain } }
        /// P(some layer's output is exactly 0).
        public var deathProbability: Double { 1 - layers.reduce(1) { $0 * (1 - $1.deathProbability) } }
    }

    /// The prediction for `architecture`, or nil when a layer's law has no
    /// closed form (then only Monte Carlo answers).
    public static func network(_ architecture: Architecture) throws -> Network? {
        var layers: [Layer] = []
        for layer in architecture.layers {
            if layer.residual == 0 {
                // beta = 0: x_l = x_{l-1} for any branch, g = 0.
                layers.append(Layer(fanIn: layer.fanIn, fanOut: layer.fanOut, sigma: layer.sigma, meanLogGain: 0,
                                    varianceLogGain: 0, deathProbability: 0, criticalSigma: nil))
                continue
            }
            if let beta = layer.residual {
                // Exact only for a linear branch with gaussian weights.
                guard layer.slope == 1, layer.ensemble.closedForm == .gaussian else { return nil }
                let r = try ResidualTheory.linearLayer(width: layer.fanIn, beta: beta, sigma: layer.sigma)
                layers.append(Layer(fanIn: layer.fanIn, fanOut: layer.fanOut, sigma: layer.sigma, meanLogGain: r.mean,
                                    varianceLogGain: r.variance, deathProbability: 0, criticalSigma: nil))
                continue
            }
            guard let family = layer.ensemble.closedForm else { return nil }
            layers.append(try Self.layer(family, fanIn: layer.fanIn, fanOut: layer.fanOut, slope: layer.slope,
                                         sigma: layer.sigma))
        }
        return Network(layers: layers)
    }
}
