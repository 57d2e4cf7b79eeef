import Foundation

/// Closed-form predictions for one (ensemble, N, a, sigma).
public struct TheoryPrediction: Sendable, Equatable {
    /// The ensemble's registered name.
    public let ensemble: String
    /// The width N.
    public let width: Int
    /// The slope a.
    public let slope: Double
    /// The scale sigma.
    public let sigma: Double
    /// lambda = lim S_L / L; -infinity for ReLU (a = 0).
    public let lyapunovExponent: Double
    /// s^2 = lim Var(S_L) / L; infinity for ReLU.
    public let cltVariance: Double
    /// sigma_crit with lambda(sigma_crit) = 0; nil for ReLU, where no scale helps.
    public let criticalSigma: Double?
    /// Probability that one layer maps x to exactly 0: 2^-N for ReLU, else 0.
    public let deathProbabilityPerLayer: Double
    /// lambda and s^2 for the surviving networks (equal to the unconditional
    /// values when a != 0): what a simulation's surviving samples estimate.
    public let survivingLyapunovExponent: Double
    /// s^2 for the surviving networks.
    public let survivingCLTVariance: Double

    /// Probability that the network is dead after `depth` layers:
    /// 1 - (1 - 2^-N)^L.
    public func deathProbability(depth: Int) -> Double {
        guard deathProbabilityPerLayer > 0 else { return 0 }
        return -expm1(Double(depth) * log1p(-deathProbabilityPerLayer))
    }

    /// Why lambda is not finite, for reports; nil when it is.
    public var infiniteReason: String? {
        guard deathProbabilityPerLayer > 0 else { return nil }
        return "ReLU (slope 0): each layer kills the signal with probability 2^-\(width); lambda = -infinity"
    }
}

