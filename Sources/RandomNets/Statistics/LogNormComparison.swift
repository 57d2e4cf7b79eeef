/// Monte Carlo S_L of a network of any width profile against the exact
/// E S_L and Var S_L of `LayerTheory`: independent, non-identical
/// increments, so S_L is asymptotically normal by Lindeberg's CLT and its
/// sample mean and variance are judged as for the square network (the
/// same 4-sigma rules as `TheoryComparison`).
public struct LogNormComparison: Sendable {
    public let theory: LayerTheory.Network
    public let finalLogNorms: [Double]

    public let samples: Int
    public let deadCount: Int
    public var survivors: Int { samples - deadCount }
    /// Mean, standard error and variance of S_L over the surviving networks.
    public let mean: Double
    public let standardError: Double
    public let variance: Double
    public let varianceInterval95: ClosedRange<Double>?
    public let varianceIntervalAtVerdictLevel: ClosedRange<Double>?
    public let normality: AndersonDarling?

    public init(theory: LayerTheory.Network, finalLogNorms: [Double]) {
        self.theory = theory
        self.finalLogNorms = finalLogNorms
        samples = finalLogNorms.count
        let alive = finalLogNorms.filter { $0 != -.infinity }
        deadCount = samples - alive.count
        let moments = SampleMoments(alive)
        mean = alive.isEmpty ? .nan : moments.mean
        variance = alive.count >= 2 ? moments.variance : .nan
        standardError = alive.count >= 2 ? (moments.variance / Double(alive.count)).squareRoot() : .nan
        varianceInterval95 = alive.count >= 2 ? VarianceInterval.bonett(alive) : nil
        varianceIntervalAtVerdictLevel = alive.count >= 2
            ? VarianceInterval.bonett(alive, level: TheoryComparison.verdictLevel) : nil
        normality = alive.count >= 8 && moments.variance > 0 ? AndersonDarling(alive) : nil
    }

    /// |z| limit: 4 sigma, Student-t's for few networks.
    public var zLimit: Double { TheoryComparison.zLimit(samples: survivors) }

    /// z of the mean of S_L over the survivors against the surviving E S_L.
    public var zScore: Double? {
        guard survivors >= 2, standardError > 0 else { return nil }
        return (mean - theory.meanLogNorm) / standardError
    }

    public var meanConsistent: Bool { zScore.map { abs($0) <= zLimit } ?? (survivors < 2) }
    public var varianceCovered: Bool? { varianceInterval95.map { $0.contains(theory.varianceLogNorm) } }
    public var varianceConsistent: Bool {
        varianceIntervalAtVerdictLevel.map { $0.contains(theory.varianceLogNorm) } ?? true
    }

    /// z of the dead count against Binomial(M, P(some layer dies)).
    public var deathZScore: Double? {
        let p = theory.deathProbability
        guard p > 0 else { return nil }
        let m = Double(samples)
        let sd = (m * p * (1 - p)).squareRoot()
        guard sd > 0 else { return Double(deadCount) == m * p ? 0 : .infinity }
        return (Double(deadCount) - m * p) / sd
    }

    public var deathConsistent: Bool {
        deathZScore.map { abs($0) <= TheoryComparison.zThreshold } ?? (deadCount == 0)
    }

    public var normalityPasses: Bool? { normality.map { $0.pValue >= TheoryComparison.normalityLevel } }

    /// The verdict on the closed forms (normality reported beside it).
    public var agrees: Bool { meanConsistent && varianceConsistent && deathConsistent }
}
