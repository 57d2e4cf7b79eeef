import Foundation

/// lyapsim's own statistics checked by replication: R independent runs of
/// the same spec (distinct streams), each judged against the closed form as
/// `lyapsim estimate` judges one run. If the standard errors, the s^2
/// interval and the normality test are honest, about 95% of the z-scores lie
/// in [-1.96, 1.96], about 95% of the s^2 intervals cover s^2, z has mean 0
/// and SD 1, and normality is rejected at p < 0.05 about 5% of the time
/// (more where S_L is genuinely not normal: depth 1 at small width).
public struct Calibration: Sendable {
    /// Most replications accepted.
    public static let maxReplications = 1_000_000

    /// A fraction of the R replications with its 95% Wilson interval.
    public struct Fraction: Sendable {
        /// Replications where the statement held.
        public let count: Int
        /// Replications in all.
        public let total: Int
        /// count / total.
        public var value: Double { Double(count) / Double(total) }

        /// The fraction count/total.
        public init(count: Int, total: Int) {
            self.count = count
            self.total = total
        }

        /// Wilson's score interval (Wilson 1927): stays inside [0, 1] and
        /// keeps its coverage near 0 and 1, unlike value +- 1.96 se.
        public var interval: ClosedRange<Double> {
            let z = 1.959963984540054, n = Double(total), p = value
            let center = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
            // At k = 0 and k = n the bounds are exactly 0 and 1; keep rounding from moving them.
            let lower = count == 0 ? 0 : max(0, center - half)
            let upper = count == total ? 1 : min(1, center + half)
            return lower...upper
        }
    }

    /// The number R of replications.
    public let replications: Int
    /// |z| <= 1.96.
    public let lambdaCoverage: Fraction
    /// The 95% s^2 interval covers s^2.
    public let cltVarianceCoverage: Fraction
    /// Anderson-Darling p < 0.05.
    public let normalityRejections: Fraction
    /// The mean of the R z-scores (0 if the standard errors are honest).
    public let zMean: Double
    /// Their standard deviation (1 if the standard errors are honest).
    public let zStandardDeviation: Double
    /// Standard error of the mean of z (sd / sqrt R).
    public let zMeanStandardError: Double
    /// Replications with fewer than two survivors (not judged).
    public let skipped: Int

    /// The stream tag of replication r: seeds derive from (seed, tag + r).
    static let replicationStream: UInt64 = 0xCA11_B8A7_0000_0000

    /// What one replication found: z of lambda-hat against the theory,
    /// whether the CLT variance interval covered the true value, and whether
    /// the normality test ran and rejected. nil: fewer than two networks
    /// survived, so the replication is not judged.
    public struct Replication: Sendable, Equatable {
        /// (lambda-hat - lambda) / its standard error.
        public let z: Double
        /// Whether the 95% interval of s^2 covered the true s^2.
        public let covered: Bool
        /// Whether the normality test ran (enough surviving networks).
        public let normalityTested: Bool
        /// Whether it rejected normality at p < 0.05.
        public let normalityRejected: Bool

        /// One replication's verdicts (rebuilt from its record).
        public init(z: Double, covered: Bool, normalityTested: Bool, normalityRejected: Bool) {
            self.z = z
            self.covered = covered
            self.normalityTested = normalityTested
            self.normalityRejected = normalityRejected
        }
    }

    /// An exact prediction (orthogonal weights with |a| = 1: S_L = L log sigma,
    /// s^2 = 0) has no interval to cover: every z would divide rounding by rounding.
    /// - Throws: ``InvalidParameter`` naming `slope` when `theory` is exact.
    public static func checkCalibratable(_ theory: TheoryPrediction) throws {
        guard !TheoryComparison.isExact(theory) else {
            throw InvalidParameter(parameter: "slope", "with \(theory.ensemble) weights and |a| = \(String(format: "%.17g", abs(theory.slope))) each layer's log-gain is constant up to rounding (sd \(String(format: "%.3g", theory.survivingCLTVariance.squareRoot()))), so S_L/L of a surviving network is lambda exactly: nothing to calibrate; `lyapsim estimate` judges it within rounding")
        }
    }

    /// Runs replication r of `spec` on its own seed, derived from
    /// (config.seed, r) alone, so any subset of replications (a shard, a
    /// resumed checkpoint) gives the same rows as the whole run.
    /// - Throws: ``InvalidParameter`` for an exact prediction (``checkCalibratable(_:)``).
    public static func replicate(_ r: Int, spec: NetworkSpec, config: SimulationConfig,
                                 theory: TheoryPrediction) throws -> Replication? {
        try checkCalibratable(theory)
        var c = config
        c.seed = StreamSeed.derive(seed: config.seed, stream: Self.replicationStream &+ UInt64(r))
        c.firstSample = 0
        c.recordTrajectories = false
        let estimate = LyapunovEstimate(try Simulator.run(spec, c))
        guard estimate.survivors >= 2, estimate.standardError > 0 else { return nil }
        let ci = estimate.cltVarianceInterval
        return Replication(z: estimate.zScore(against: theory.survivingLyapunovExponent),
                           covered: ci?.contains(theory.survivingCLTVariance) ?? false,
                           normalityTested: estimate.normality != nil,
                           normalityRejected: (estimate.normality?.pValue ?? 1) < 0.05)
    }

    /// Runs R replications of `spec` (seeds derived from `config.seed` and r)
    /// and judges each against `theory`. `progress` (if any) hears the
    /// number of replications done after each one, for a progress display.
    public init(spec: NetworkSpec, config: SimulationConfig, theory: TheoryPrediction, replications: Int,
                progress: ((Int) -> Void)? = nil) throws {
        guard replications >= 2, replications <= Self.maxReplications else {
            throw InvalidParameter(parameter: "replications", "must be an integer from 2 to \(Self.maxReplications), got \(replications)")
        }
        var rows: [Replication?] = []
        for r in 0..<replications {
            defer { progress?(r + 1) }
            rows.append(try Self.replicate(r, spec: spec, config: config, theory: theory))
        }
        try self.init(rows, spec: spec)
    }

    /// The coverage summary of replications 0..<R in order (nil: not judged).
    public init(_ rows: [Replication?], spec: NetworkSpec) throws {
        let replications = rows.count
        let judgedRows = rows.compactMap { $0 }
        let zs = judgedRows.map(\.z)
        let judged = judgedRows.count
        let covered = judgedRows.filter(\.covered).count
        let tested = judgedRows.filter(\.normalityTested).count
        let rejected = judgedRows.filter(\.normalityRejected).count
        guard judged >= 2 else {
            throw InvalidParameter(parameter: "depth", "fewer than two of \(replications) replications kept two networks alive (every network died, as ReLU does at depth \(spec.depth) and width \(spec.width)); lower depth or raise samples")
        }
        self.replications = replications
        skipped = replications - judged
        lambdaCoverage = Fraction(count: zs.filter { abs($0) <= 1.959963984540054 }.count, total: judged)
        cltVarianceCoverage = Fraction(count: covered, total: judged)
        normalityRejections = Fraction(count: rejected, total: max(1, tested))
        let m = SampleMoments(zs)
        zMean = m.mean
        zStandardDeviation = m.standardDeviation
        zMeanStandardError = m.standardError
    }
}
