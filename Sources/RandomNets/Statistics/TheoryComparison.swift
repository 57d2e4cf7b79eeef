import Foundation

/// The statistical verdict on one run against a closed-form prediction: the
/// decisions `lyapsim estimate` prints and the tables count, made here once.
///
/// Ordinary runs: |z| <= 4 for lambda-hat, s^2 inside Bonett's interval at the
/// same 4-sigma level (99.994%) and, where the death law applies, the dead
/// count within 4 sigma of Binomial(M, p_L). Normality of S_L (Anderson-Darling
/// p >= 0.001) is judged separately: it is the CLT's limit, not a finite-depth
/// prediction. Degenerate runs are judged by what they are:
/// - every network dead: lambda and s^2 are not estimable; only the dead
///   count is judged (10 of 10 dead agrees when the law predicts it);
/// - a layer's log-gain spread sqrt(s^2) within one layer's rounding
///   (orthogonal weights with |a| = 1 make S_L = L log sigma exactly; |a| one
///   ulp from 1 nearly so): lambda-hat and sd(S_L)/L are judged against a
///   rounding bound that grows with depth and width, never by a z score that
///   divides rounding by rounding.
public struct TheoryComparison: Sendable {
    /// The closed-form prediction.
    public let theory: TheoryPrediction
    /// The Monte Carlo estimate.
    public let estimate: LyapunovEstimate

    /// |z| above this rejects (two-sided 4 sigma: false alarms 6e-5 per check).
    public static let zThreshold = 4.0
    /// The |z| limit at the same false-alarm rate when the standard error is
    /// estimated from m networks: z is then Student-t with m - 1 degrees of
    /// freedom, whose tails are far wider for small m (17.4 at m = 5, 4.02 at
    /// m = 1000). `checks` z-scores judged together share the rate
    /// (Bonferroni), as the layers of an angle profile do.
    public static func zLimit(samples m: Int, checks: Int = 1) -> Double {
        guard m > 1 else { return .infinity }
        let tail = Special.normalCDF(-zThreshold) / Double(max(1, checks))
        return max(Special.normalUpperQuantile(tail), Special.studentTUpperQuantile(tail, dof: Double(m - 1)))
    }

    /// This comparison's limit for |z|, from the surviving networks.
    public var zLimit: Double { Self.zLimit(samples: estimate.survivors) }

    /// Normality is rejected below this Anderson-Darling p-value.
    public static let normalityLevel = 0.001
    /// Confidence level matched to |z| <= 4: 1 - 2 Phi(-4).
    public static let verdictLevel = 1 - 2 * Special.normalCDF(-zThreshold)

    /// Compares `estimate` with `theory`.
    public init(theory: TheoryPrediction, estimate: LyapunovEstimate) {
        self.theory = theory
        self.estimate = estimate
    }

    /// The theory's sd(S_L)/L = sqrt(s^2 / L).
    var theorySpreadPerLayer: Double { (theory.survivingCLTVariance / Double(estimate.depth)).squareRoot() }

    /// What one layer's log-gain can be off by through rounding: a norm of N
    /// terms and one log, a few ulps each, below (N + 16) eps (1 + |lambda|).
    static func layerRounding(_ theory: TheoryPrediction) -> Double {
        Double(theory.width + 16) * Double.ulpOfOne * (1 + abs(theory.survivingLyapunovExponent))
    }

    /// Whether the prediction is a constant up to rounding: the sd of one
    /// layer's log-gain, sqrt(s^2), within one layer's rounding (exactly 0 for
    /// orthogonal weights with |a| = 1). Independent of depth: a spread that
    /// one layer resolves is random, however deep the network.
    public var isExact: Bool { Self.isExact(theory) }

    /// Whether `theory` is a constant up to rounding (see ``isExact``).
    public static func isExact(_ theory: TheoryPrediction) -> Bool {
        theory.survivingCLTVariance.squareRoot() <= layerRounding(theory)
    }

    /// What S_L/L can differ from lambda by through rounding alone: each
    /// layer's rounding, plus the running sum's: adding the l-th term to a
    /// partial sum of size l |lambda| rounds by l eps |lambda|, so S_L drifts
    /// by up to L^2 eps |lambda| / 2 and S_L/L by L eps |lambda|.
    public var roundingBoundPerLayer: Double {
        Self.layerRounding(theory) + Double(estimate.depth) * Double.ulpOfOne * abs(theory.survivingLyapunovExponent)
    }

    /// The exact case's tolerance on lambda-hat and sd(S_L)/L: the rounding
    /// bound plus four of the theory's own (sub-rounding) spreads.
    public var exactTolerance: Double { roundingBoundPerLayer + 4 * theorySpreadPerLayer }

    /// z of lambda-hat against the surviving networks' lambda; nil when there
    /// are fewer than two survivors or the prediction is exact.
    public var zScore: Double? {
        guard estimate.survivors >= 2, !isExact, estimate.standardError > 0 else { return nil }
        return estimate.zScore(against: theory.survivingLyapunovExponent)
    }

    /// Exact case: |lambda-hat - lambda| within ``exactTolerance``.
    public var exactLambdaAgreement: Bool? {
        guard isExact, estimate.survivors >= 1 else { return nil }
        return abs(estimate.lyapunovExponent - theory.survivingLyapunovExponent) <= exactTolerance
    }

    /// Exact case: sd(S_L)/L within ``exactTolerance``.
    public var exactSpreadAgreement: Bool? {
        guard isExact, estimate.survivors >= 1 else { return nil }
        let spread = estimate.survivors >= 2 ? estimate.cltVariance.squareRoot() / Double(estimate.depth).squareRoot() : 0
        return spread <= exactTolerance
    }

    /// Exact case: lambda-hat and sd(S_L)/L both within ``exactTolerance``.
    public var exactAgreement: Bool? {
        guard let lambda = exactLambdaAgreement, let spread = exactSpreadAgreement else { return nil }
        return lambda && spread
    }

    /// Whether lambda-hat agrees: |lambda-hat - lambda| <= ``zLimit`` standard
    /// errors plus the rounding bound (which matters only near the exact case,
    /// where the standard error can fall below the running sum's drift), or
    /// ``exactTolerance`` in the exact case.
    public var lambdaConsistent: Bool {
        if let exact = exactLambdaAgreement { return exact }
        guard zScore != nil else { return estimate.survivors == 0 }
        return abs(estimate.lyapunovExponent - theory.survivingLyapunovExponent)
            <= zLimit * estimate.standardError + roundingBoundPerLayer
    }

    /// Whether lambda-hat was accepted only through the rounding bound: |z|
    /// above its limit, the error within rounding (near the exact case).
    public var lambdaWithinRoundingOnly: Bool {
        zScore.map { abs($0) > zLimit } == true && lambdaConsistent
    }

    /// Whether the theory's sd(S_L)/L is below what rounding resolves at
    /// this depth: then s^2 is judged like the exact case's spread, with no
    /// interval or normality test built from rounding noise.
    public var spreadBelowRounding: Bool { theorySpreadPerLayer <= roundingBoundPerLayer }

    /// The s^2 interval at the 95% level (shown for reading).
    public var varianceInterval95: ClosedRange<Double>? { estimate.cltVarianceInterval }

    /// The s^2 interval at the verdict's level.
    public var varianceIntervalAtVerdictLevel: ClosedRange<Double>? {
        estimate.cltVarianceInterval(level: Self.verdictLevel)
    }

    /// Whether the 95% interval contains the theory's s^2 (for reading; nil in the exact case).
    public var varianceCovered: Bool? {
        guard !spreadBelowRounding else { return nil }
        return varianceInterval95.map { $0.contains(theory.survivingCLTVariance) }
    }

    /// Whether s^2 agrees: the theory lies inside the interval at ``verdictLevel``.
    public var varianceConsistent: Bool {
        if isExact { return exactSpreadAgreement ?? true }
        if spreadBelowRounding {
            guard estimate.survivors >= 2 else { return true }
            return estimate.cltVariance.squareRoot() / Double(estimate.depth).squareRoot() <= exactTolerance
        }
        guard let ci = varianceIntervalAtVerdictLevel else { return estimate.survivors < 2 }
        return ci.contains(theory.survivingCLTVariance)
    }

    /// Normality of S_L is judged when at least 8 networks survive and S_L is
    /// not an exact constant.
    public var normalityPasses: Bool? {
        guard !spreadBelowRounding, let test = estimate.normality else { return nil }
        return test.pValue >= Self.normalityLevel
    }

    /// z of the dead count against Binomial(M, p_L), where networks can die.
    public var deathZScore: Double? {
        guard theory.deathProbabilityPerLayer > 0 else { return nil }
        let p = theory.deathProbability(depth: estimate.depth)
        let m = Double(estimate.samples)
        let sd = (m * p * (1 - p)).squareRoot()
        guard sd > 0 else { return Double(estimate.deadCount) == m * p ? 0 : .infinity }
        return (Double(estimate.deadCount) - m * p) / sd
    }

    /// Whether the dead count agrees with its binomial law within 4 standard deviations (or, where networks cannot die, none died).
    public var deathConsistent: Bool { deathZScore.map { abs($0) <= Self.zThreshold } ?? (estimate.deadCount == 0) }

    /// The verdict on the closed forms: lambda, s^2 and the death law. The
    /// normality of S_L is reported beside it, not in it: the CLT is a limit in
    /// L, and at finite depth S_L can be far from normal while every moment
    /// the theory predicts is right (one layer at small width; or rare huge
    /// jumps, as log|a| = -690 at a = 1e-300 every 2^N layers).
    public var agrees: Bool {
        lambdaConsistent && varianceConsistent && deathConsistent
    }
}
