import Foundation
import RandomNets

/// What `lyapsim calibrate` prints: the coverage of lyapsim's own intervals
/// over R replications, each with its 95% interval.
public struct CalibrateReport: Sendable {
    public let spec: NetworkSpec
    public let slope: Double
    public let samples: Int
    public let seed: UInt64
    public let generator: String
    public let method: SamplingMethod
    public let calibration: Calibration

    public init(spec: NetworkSpec, slope: Double, config: SimulationConfig, replications: Int,
                progress: ((Int) -> Void)? = nil) throws {
        let theory = try Self.theory(spec: spec, slope: slope)
        self.init(spec: spec, slope: slope, config: config,
                  calibration: try Calibration(spec: spec, config: config, theory: theory, replications: replications,
                                               progress: progress))
    }

    /// From replications already run (merged shards, a resumed checkpoint).
    public init(spec: NetworkSpec, slope: Double, config: SimulationConfig, calibration: Calibration) {
        self.spec = spec
        self.slope = slope
        samples = config.samples
        seed = config.seed
        generator = config.generator.name
        method = config.method
        self.calibration = calibration
    }

    /// The closed form the replications are judged against.
    public static func theory(spec: NetworkSpec, slope: Double) throws -> TheoryPrediction {
        guard let theory = try EnsembleTheory.predict(spec.ensemble, width: spec.width, slope: slope) else {
            throw InvalidParameter(parameter: "ensemble", EnsembleTheory.unavailableReason(spec.ensemble, width: spec.width) + "; calibrate needs a closed form to judge against")
        }
        try Calibration.checkCalibratable(theory)
        return theory
    }

    /// SD of z with its 95% interval: sd (1 +- 1.96 / sqrt(2 (R - 1))), the
    /// normal-theory standard error of a sample SD.
    var zStandardDeviationInterval: ClosedRange<Double> {
        let c = calibration
        let half = 1.959963984540054 / (2.0 * Double(c.replications - c.skipped - 1)).squareRoot()
        return c.zStandardDeviation * (1 - half)...c.zStandardDeviation * (1 + half)
    }

    var zMeanInterval: ClosedRange<Double> {
        let c = calibration
        return (c.zMean - 1.959963984540054 * c.zMeanStandardError)...(c.zMean + 1.959963984540054 * c.zMeanStandardError)
    }

    public func renderText() -> String {
        let c = calibration
        let pct = { (f: Calibration.Fraction) in
            String(format: "%.1f%% [%.1f%%, %.1f%%]", 100 * f.value, 100 * f.interval.lowerBound, 100 * f.interval.upperBound)
        }
        let r2 = { (x: ClosedRange<Double>) in String(format: "[%.3f, %.3f]", x.lowerBound, x.upperBound) }
        var lines = ["lyapsim calibrate: \(spec.ensemble.name) weights, width \(spec.width), slope \(NumberFormat.general(slope)), sigma \(NumberFormat.general(spec.sigma))",
                     "  depth \(spec.depth), \(samples) samples per replication, \(c.replications) replications, seed \(seed), rng \(generator), method \(method.rawValue)",
                     ""]
        lines.append(NumberFormat.table(header: ["quantity", "target", "measured [95% interval]"], rows: [
            ["|z| <= 1.96 (lambda coverage)", "95%", pct(c.lambdaCoverage)],
            ["s^2 inside its 95% interval", "95%", pct(c.cltVarianceCoverage)],
            ["mean of z", "0", String(format: "%+.3f ", c.zMean) + r2(zMeanInterval)],
            ["SD of z", "1", String(format: "%.3f ", c.zStandardDeviation) + r2(zStandardDeviationInterval)],
            ["normality rejected at p < 0.05", "5% if S_L is normal", pct(c.normalityRejections)],
        ]))
        if c.skipped > 0 { lines.append("\nnote: \(c.skipped) replications had fewer than two surviving networks and were not judged.") }
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        let c = calibration
        let fraction = { (f: Calibration.Fraction) -> JSONValue in .number(f.value) }
        let interval = { (r: ClosedRange<Double>) -> JSONValue in .array([.number(r.lowerBound), .number(r.upperBound)]) }
        return .object([
            ("width", .integer(spec.width)), ("slope", .number(slope)), ("ensemble", .string(spec.ensemble.name)),
            ("sigma", .number(spec.sigma)), ("depth", .integer(spec.depth)), ("samples", .integer(samples)),
            ("replications", .integer(c.replications)), ("judged", .integer(c.replications - c.skipped)),
            ("seed", .string(String(seed))), ("rng", .string(generator)), ("method", .string(method.rawValue)),
            ("lambda_coverage", fraction(c.lambdaCoverage)), ("lambda_coverage_interval", interval(c.lambdaCoverage.interval)),
            ("clt_variance_coverage", fraction(c.cltVarianceCoverage)),
            ("clt_variance_coverage_interval", interval(c.cltVarianceCoverage.interval)),
            ("z_mean", .number(c.zMean)), ("z_mean_interval", interval(zMeanInterval)),
            ("z_sd", .number(c.zStandardDeviation)), ("z_sd_interval", interval(zStandardDeviationInterval)),
            ("normality_rejection_rate", fraction(c.normalityRejections)),
            ("normality_rejection_rate_interval", interval(c.normalityRejections.interval)),
        ])
    }

    public func csv() -> String {
        let c = calibration
        let g = NumberFormat.csv
        return ["width,slope,ensemble,sigma,depth,samples,replications,lambda_coverage,clt_variance_coverage,z_mean,z_sd,normality_rejection_rate",
                [String(spec.width), g(slope), spec.ensemble.name, g(spec.sigma), String(spec.depth), String(samples),
                 String(c.replications), g(c.lambdaCoverage.value), g(c.cltVarianceCoverage.value), g(c.zMean),
                 g(c.zStandardDeviation), g(c.normalityRejections.value)].joined(separator: ",")].joined(separator: "\n")
    }
}
