/// Large-width limits of N lambda and N s^2 at the He gain, by the delta
/// method on log of sums of N iid terms. With mu = E phi(z)^2 = (1+a^2)/2 and
/// kappa = E phi(z)^4 / mu^2 = 6 (1+a^4) / (1+a^2)^2 (so that
/// Var phi(z)^2 / mu^2 = kappa - 1):
///   gaussian:   N Var log r^2 -> kappa - 1,  so N s^2 -> (kappa - 1)/4;
///   orthogonal: r^2 = sigma^2 S/T and Cov(phi(z)^2, z^2) = 2 mu give
///               N Var log r^2 -> kappa - 3,  so N s^2 -> (kappa - 3)/4;
/// and E log r^2 = log(sigma^2 mu) - Var(log r^2)/2 + o(1/N), so at the He
/// gain (sigma^2 mu = 1) N lambda -> -N s^2. For a = 0 this is Hanin and
/// Nica's 5/N law (kappa - 1 = 5).
public struct LargeWidthLimit: Sendable {
    /// The slope a.
    public let slope: Double

    /// The limits at slope `slope`.
    public init(slope: Double) { self.slope = slope }

    /// kappa = E phi(z)^4 / (E phi(z)^2)^2 = 6 (1 + a^4)/(1 + a^2)^2.
    public var kappa: Double {
        let a2 = slope * slope
        return 6 * (1 + a2 * a2) / ((1 + a2) * (1 + a2))
    }

    /// The limit of N s^2 for gaussian weights, (kappa - 1)/4.
    public var gaussianNVariance: Double { (kappa - 1) / 4 }
    /// The limit of N s^2 for orthogonal weights, (kappa - 3)/4.
    public var orthogonalNVariance: Double { (kappa - 3) / 4 }
    /// The limit of N lambda for gaussian weights at the He gain.
    public var gaussianNLambda: Double { -gaussianNVariance }
    /// The limit of N lambda for orthogonal weights at the He gain.
    public var orthogonalNLambda: Double { -orthogonalNVariance }
}
