import Foundation

/// Theory and Monte Carlo side by side for one spec: what `lyapsim estimate`
/// prints. Holds no thread count, so its output is the same for any.
public struct EstimateReport: Sendable {
    public let spec: NetworkSpec
    /// How sigma was chosen: "he", "lyapunov" or "custom".
    public let initialization: String
    public let samples: Int
    public let seed: UInt64
    public let generator: String
    public let method: SamplingMethod
    public let theory: TheoryPrediction
    public let estimate: LyapunovEstimate

    /// |z| above this rejects lambda (a two-sided 4-sigma test: false alarm
    /// probability 6e-5 per check).
    public static let zThreshold = 4.0
    /// Normality is rejected below this Anderson-Darling p-value.
    public static let normalityLevel = 0.001

    public init(spec: NetworkSpec, initialization: String, config: SimulationConfig,
                theory: TheoryPrediction, estimate: LyapunovEstimate) {
        self.spec = spec
        self.initialization = initialization
        self.samples = config.samples
        self.seed = config.seed
        self.generator = config.generator.name
        self.method = config.method
        self.theory = theory
        self.estimate = estimate
    }

    /// z of lambda-hat against the surviving networks' lambda (= lambda for a != 0).
    public var zScore: Double { estimate.zScore(against: theory.survivingLyapunovExponent) }

    /// Whether the 95% interval of s^2-hat covers s^2 (false 5% of the time
    /// even when theory and simulation agree).
    public var varianceCovered: Bool {
        guard let ci = estimate.cltVarianceInterval else { return false }
        return ci.contains(theory.survivingCLTVariance)
    }

    /// Confidence level matched to the |z| <= 4 rule for lambda: 1 - 2 Phi(-4).
    public static let verdictLevel = 1 - 2 * Special.normalCDF(-zThreshold)

    /// What the verdict uses: s^2 inside the chi-square interval at
    /// `verdictLevel`, so that the variance check raises false alarms as
    /// rarely as the lambda check (6e-5), not one run in twenty.
    public var varianceConsistent: Bool {
        guard estimate.survivors >= 2 else { return false }
        let ci = VarianceInterval.chiSquare(sampleVariance: estimate.cltVariance, count: estimate.survivors,
                                            level: Self.verdictLevel)
        return ci.contains(theory.survivingCLTVariance)
    }

    public var normalityPasses: Bool { (estimate.normality?.pValue ?? 0) >= Self.normalityLevel }

    /// For ReLU: z of the number of dead networks against Binomial(M, p_L).
    public var deathZScore: Double? {
        guard theory.deathProbabilityPerLayer > 0 else { return nil }
        let p = theory.deathProbability(depth: spec.depth)
        let m = Double(samples)
        let sd = (m * p * (1 - p)).squareRoot()
        guard sd > 0 else { return nil }
        return (Double(estimate.deadCount) - m * p) / sd
    }

    public var agrees: Bool {
        abs(zScore) <= Self.zThreshold && varianceConsistent && normalityPasses
            && abs(deathZScore ?? 0) <= Self.zThreshold
    }

    public var verdict: String {
        agrees ? "agrees with theory" : "DISAGREES with theory"
    }
}
