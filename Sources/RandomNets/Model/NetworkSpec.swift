/// One random network family: x_l = phi(W_l x_{l-1}), l = 1...L, no biases,
/// with W_l independent draws from `ensemble` (which carries the scale sigma).
public struct NetworkSpec: Sendable {
    /// Width N of every layer.
    public let width: Int
    /// Depth L: the number of layers.
    public let depth: Int
    /// The activation phi.
    public let activation: any Activation
    /// The weight law, which carries the scale sigma.
    public let ensemble: any WeightEnsemble

    /// The scale sigma: E W_ij^2 = sigma^2/N.
    public var sigma: Double { ensemble.sigma }

    /// The Leaky ReLU slope, when the activation is Leaky ReLU.
    public var leakySlope: Double? { (activation as? LeakyReLU)?.slope }

    /// Creates a spec after checking every field; the error names the field
    /// and the allowed range.
    public init(width: Int, depth: Int, activation: any Activation, ensemble: any WeightEnsemble) throws {
        try Validate.width(width)
        try Validate.depth(depth)
        if ensemble is ReluOrthogonalEnsemble && width < 2 {
            throw InvalidParameter(parameter: "width", "must be at least 2 with the relu-orthogonal ensemble (it removes the mean, the only direction at width 1), got \(width)")
        }
        if let leaky = activation as? LeakyReLU {
            try Validate.slope(leaky.slope)
            try Validate.slopeAndSigma(leaky.slope, ensemble.sigma)
        }
        self.width = width
        self.depth = depth
        self.activation = activation
        self.ensemble = ensemble
    }

    /// A Leaky ReLU network with the named ensemble at scale sigma.
    public init(width: Int, depth: Int, slope: Double, ensemble: String, sigma: Double,
                parameters: EnsembleParameters = .none) throws {
        try Validate.slope(slope)
        try self.init(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                      ensemble: EnsembleRegistry.make(ensemble, sigma: sigma, parameters: parameters))
    }

    /// A Leaky ReLU network with a closed-form ensemble at scale sigma.
    public init(width: Int, depth: Int, slope: Double, ensemble: Ensemble, sigma: Double) throws {
        try self.init(width: width, depth: depth, slope: slope, ensemble: ensemble.rawValue, sigma: sigma)
    }
}

/// How the scale sigma is chosen.
public enum Initialization: String, CaseIterable, Sendable {
    /// sigma = sqrt(2 / (1 + a^2)).
    case he
    /// sigma = sigma_crit = exp(-lambda(1)), so that lambda(sigma) = 0
    /// (Kogler, Schwarz and Kittle, "Optimal Initialization in Depth").
    case lyapunov
}
