/// One random network family: x_l = phi(W_l x_{l-1}), l = 1...L, no biases,
/// with W_l independent draws from `ensemble` at scale `sigma`.
public struct NetworkSpec: Sendable, Hashable {
    public let width: Int
    public let depth: Int
    public let activation: LeakyReLU
    public let ensemble: Ensemble
    public let sigma: Double

    public var slope: Double { activation.slope }

    /// Creates a spec after checking every field; the error names the field and
    /// the allowed range.
    public init(width: Int, depth: Int, slope: Double, ensemble: Ensemble, sigma: Double) throws {
        try Validate.width(width)
        try Validate.depth(depth)
        try Validate.slope(slope)
        try Validate.sigma(sigma)
        self.width = width
        self.depth = depth
        self.activation = LeakyReLU(slope: slope)
        self.ensemble = ensemble
        self.sigma = sigma
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
