/// Monte Carlo S_L of a network of any width profile against the exact
/// E S_L and Var S_L of `LayerTheory`: independent, non-identical
/// increments, so S_L is asymptotically normal by Lindeberg's CLT and its
/// sample mean and variance are judged as for the square network (the
/// same 4-sigma rules as `TheoryComparison`).
public struct LogNormComparison: Sendable {
    /// The exact per-layer prediction.
    public let theory: LayerTheory.Network
    /// The Monte Carlo S_L, one per network (-infinity if it died).
    public let finalLogNorms: [Double]

    /// M, the networks simulated.
    public let samples: Int
    /// Networks whose signal died (some layer output exactly 0).
    public let deadCount: Int
    /// Networks still alive at the last layer.
    public var survivors: Int { samples - deadCount }
    /// Mean, standard error and variance of S_L over the surviving networks.
    public let mean: Double
    /// sd / sqrt(survivors).
    public let standardError: Double
    /// The sample variance of S_L over the survivors.
    public let variance: Double
    /// Bonett's 95% interval for Var S_L (for reading).
    public let varianceInterval95: ClosedRange<Double>?
    /// Bonett's interval at the verdict's 4-sigma level.
    public let varianceIntervalAtVerdictLevel: ClosedRange<Double>?
    /// Anderson-Darling normality of S_L (8 or more survivors).
    public let normality: AndersonDarling?

    /// Computes every statistic from the per-network S_L.
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

    /// Whether S_L is a constant in theory up to rounding (every layer's
    /// log-gain spread within that layer's rounding, no network dies):
    /// orthogonal layers with |a| = 1 (on
    /// square and widening layers W is an isometry), residual branches with
    /// beta = 0, and their neighbours one ulp away. The sample then differs
    /// from E S_L by rounding only, and a z score would divide rounding by rounding.
    /// Decided layer by layer, independent of depth: a spread that one layer
    /// resolves is random, however deep the network.
    /// Dead networks are judged by their count; the survivors' S_L is what is exact.
    public var isExact: Bool {
        theory.layers.allSatisfy { $0.varianceLogGain.squareRoot() <= Self.layerRounding($0) }
    }

    /// Whether the theory's sd(S_L) is below what rounding resolves: then
    /// Var S_L is judged like the exact case's spread, with no interval or
    /// normality test built from rounding noise.
    public var spreadBelowRounding: Bool { theory.varianceLogNorm.squareRoot() <= roundingBound }

    /// What one layer's log-gain can be off by through rounding: a norm of at
    /// most max(fan_in, fan_out) terms and one log, a few ulps each.
    static func layerRounding(_ layer: LayerTheory.Layer) -> Double {
        Double(max(layer.fanIn, layer.fanOut) + 16) * Double.ulpOfOne * (1 + abs(layer.meanLogGain))
    }

    /// What S_L can differ from E S_L by through rounding alone: every
    /// layer's rounding, plus the running sum's (adding a term to a partial
    /// sum of up to L |E g| rounds by L eps |E g|).
    public var roundingBound: Double {
        let depth = Double(theory.layers.count)
        return theory.layers.reduce(0) { bound, layer in
            bound + Self.layerRounding(layer) + depth * Double.ulpOfOne * abs(layer.meanLogGain)
        }
    }

    /// The exact case's tolerance on mean S_L and sd(S_L): the rounding bound
    /// plus four of the theory's own (sub-rounding) standard deviations.
    public var exactTolerance: Double { roundingBound + 4 * theory.varianceLogNorm.squareRoot() }

    /// Exact case: |mean S_L - E S_L| within ``exactTolerance``; nil otherwise.
    public var exactMeanAgreement: Bool? {
        guard isExact, survivors >= 1 else { return nil }
        return abs(mean - theory.meanLogNorm) <= exactTolerance
    }

    /// Exact case: sd(S_L) within ``exactTolerance``; nil otherwise.
    public var exactSpreadAgreement: Bool? {
        guard isExact, survivors >= 1 else { return nil }
        return (survivors >= 2 ? variance.squareRoot() : 0) <= exactTolerance
    }

    /// Exact case: the mean and the spread both within ``exactTolerance``; nil otherwise.
    public var exactAgreement: Bool? {
        guard let m = exactMeanAgreement, let s = exactSpreadAgreement else { return nil }
        return m && s
    }

    /// z of the mean of S_L over the survivors against the surviving E S_L
    /// (nil in the exact case, judged by ``exactAgreement``).
    public var zScore: Double? {
        guard survivors >= 2, !isExact, standardError > 0 else { return nil }
        return (mean - theory.meanLogNorm) / standardError
    }

    /// |z| within its limit, or the rounding bound in the exact case.
    public var meanConsistent: Bool {
        if let exact = exactMeanAgreement { return exact }
        // zLimit standard errors plus the rounding bound: near the exact case
        // the standard error can fall below the running sum's drift.
        guard zScore != nil else { return survivors < 2 }
        return abs(mean - theory.meanLogNorm) <= zLimit * standardError + roundingBound
    }
    /// Whether the mean was accepted only through the rounding bound: |z|
    /// above its limit, the error within rounding (near the exact case).
    public var meanWithinRoundingOnly: Bool { zScore.map { abs($0) > zLimit } == true && meanConsistent }

    /// Whether the 95% interval holds the exact Var S_L.
    public var varianceCovered: Bool? { varianceInterval95.map { $0.contains(theory.varianceLogNorm) } }
    /// Whether the 4-sigma interval holds the exact Var S_L.
    public var varianceConsistent: Bool {
        if isExact { return exactSpreadAgreement ?? true }
        if spreadBelowRounding { return survivors < 2 || variance.squareRoot() <= exactTolerance }
        return varianceIntervalAtVerdictLevel.map { $0.contains(theory.varianceLogNorm) } ?? true
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

    /// The dead count within 4 sigma of its binomial law.
    public var deathConsistent: Bool {
        deathZScore.map { abs($0) <= TheoryComparison.zThreshold } ?? (deadCount == 0)
    }

    /// Anderson-Darling p >= 0.001, when judged.
    public var normalityPasses: Bool? {
        guard !spreadBelowRounding else { return nil }
        return normality.map { $0.pValue >= TheoryComparison.normalityLevel }
    }

    /// The verdict on the closed forms (normality reported beside it).
    public var agrees: Bool { meanConsistent && varianceConsistent && deathConsistent }
}
