import Foundation
import RandomNets
import RandomNetsTraining

/// What `lyapsim train` prints: the setup, the final held-out loss (median,
/// interval, quartiles), the trained and diverged fractions with their
/// intervals, and (JSON, CSV) every run.
public struct TrainReport: Sendable {
    public let config: TrainingConfig
    public let activationName: String
    public let summary: TrainingSummary

    public init(config: TrainingConfig, activationName: String, summary: TrainingSummary) {
        self.config = config
        self.activationName = activationName
        self.summary = summary
    }

    private var g: (Double) -> String { { NumberFormat.general($0, 4) } }

    private func loss(_ x: Double) -> String { x.isFinite ? g(x) : "diverged" }

    private func fraction(_ f: Calibration.Fraction) -> String {
        let i = f.interval
        return "\(f.count)/\(f.total) = \(NumberFormat.fixed(f.value, 2)) [95% CI \(NumberFormat.fixed(i.lowerBound, 2)), \(NumberFormat.fixed(i.upperBound, 2))]"
    }

    private var optimizerText: String {
        let o = config.optimizer
        let clip = config.clip.map { "clip at global norm \(g($0))" } ?? "no clipping"
        return "\(o.kind.rawValue) lr \(g(o.learningRate)), weight decay \(g(o.weightDecay)), \(clip); \(config.steps) steps of batch \(config.batch)"
    }

    public func renderText() -> String {
        let s = summary, c = config, r = s.runs.count
        var t = "lyapsim train: \(c.task.name), width \(c.shape.width), depth \(c.shape.depth), \(activationName)\n"
        t += "task: \(c.task.definition)\n"
        let outer = c.inputLayer.followsMethod
            ? "input layer: \(c.inputLayer.summary); output layer: LeCun normal, the same for every method"
            : "input and output layers: He / LeCun normal, the same for every method"
        t += "init \(c.initialization.name): \(c.initialization.summary) (\(outer))\n"
        t += "\(optimizerText); \(c.trainingSize) training / \(c.evaluationSize) held-out samples; \(r) runs, seed \(c.seed)\n\n"
        let ci = s.medianInterval
        let coverage = s.medianIntervalCoverage >= 0.95 ? "95% CI" : "\(NumberFormat.fixed(100 * s.medianIntervalCoverage, 1))% interval (too few runs for 95%)"
        t += "final held-out loss (\(c.task.loss.rawValue)): median \(loss(s.median)) [\(coverage) \(loss(ci.lowerBound)), \(loss(ci.upperBound))], quartiles \(loss(s.lowerQuartile)) .. \(loss(s.upperQuartile))\n"
        let baselines = s.runs.map(\.baselineLoss).sorted()
        t += "best constant predictor: median \(g(OrderStatistics.quantile(sorted: baselines, 0.5))); median final / constant \(loss(s.medianRelativeLoss))\n"
        if let a = s.accuracy {
            let aci = a.medianInterval
            let acoverage = a.medianIntervalCoverage >= 0.95 ? "95% CI" : "\(NumberFormat.fixed(100 * a.medianIntervalCoverage, 1))% interval (too few runs for 95%)"
            let f = { (x: Double) in NumberFormat.fixed(x, 4) }
            t += "held-out accuracy (diverged runs count 0): median \(f(a.median)) [\(acoverage) \(f(aci.lowerBound)), \(f(aci.upperBound))], quartiles \(f(a.lowerQuartile)) .. \(f(a.upperQuartile))\n"
        }
        t += "trained (\(trainedRule)): \(fraction(s.trained))\n"
        t += "diverged (non-finite loss or gradient): \(fraction(s.diverged))\n"
        t += "hidden-stack gain at init: median log(||X_L|| / ||X_0||) = \(NumberFormat.fixed(s.medianInitialLogGain, 3))"
        return t
    }

    /// When a run counts as trained, in words.
    public var trainedRule: String {
        if let a = summary.trainedAccuracy { return "held-out accuracy >= \(g(a))" }
        return "final loss < \(g(TrainingSummary.trainedThreshold)) x constant"
    }

    public func json() -> JSONValue {
        let s = summary, c = config
        func interval(_ r: ClosedRange<Double>) -> JSONValue { .array([.finite(r.lowerBound), .finite(r.upperBound)]) }
        let runs: [JSONValue] = s.runs.map { run in
            var fields: [(String, JSONValue)] = [
                ("seed_index", .integer(Int(run.runIndex))),
                ("final_loss", .finite(run.finalLoss)),
                ("diverged", .bool(run.diverged)),
                ("diverged_at_step", run.divergedAtStep.map { .integer($0) } ?? .null),
                ("baseline_loss", .number(run.baselineLoss)),
                ("relative_loss", .finite(run.relativeLoss)),
                ("initial_log_gain", .finite(run.initialLogGain)),
                ("selected_candidate", .integer(run.selectedCandidate)),
            ]
            if let a = run.accuracy { fields.append(("accuracy", .number(a))) }
            return .object(fields)
        }
        // Tasks that report accuracy (real data): its median and interval,
        // and the accuracy rule for "trained".
        var accuracyFields: [(String, JSONValue)] = []
        if let a = s.accuracy {
            accuracyFields = [
                ("median_accuracy", .number(a.median)),
                ("median_accuracy_interval", interval(a.medianInterval)),
                ("median_accuracy_interval_coverage", .number(a.medianIntervalCoverage)),
                ("accuracy_lower_quartile", .number(a.lowerQuartile)),
                ("accuracy_upper_quartile", .number(a.upperQuartile)),
            ]
        }
        let bands = s.curveBands
        return .object([
            ("task", .string(c.task.name)),
            ("width", .integer(c.shape.width)),
            ("depth", .integer(c.shape.depth)),
            ("activation", .string(activationName)),
            ("init", .string(c.initialization.name)),
            ("init_summary", .string(c.initialization.summary)),
            ("hidden_sigma", .number(c.initialization.ensemble.sigma)),
            ("candidates", .integer(c.initialization.candidates)),
            ("optimizer", .string(c.optimizer.kind.rawValue)),
            ("lr", .number(c.optimizer.learningRate)),
            ("weight_decay", .number(c.optimizer.weightDecay)),
            ("clip", c.clip.map { .number($0) } ?? .null),
            ("steps", .integer(c.steps)),
            ("batch", .integer(c.batch)),
            ("training_size", .integer(c.trainingSize)),
            ("evaluation_size", .integer(c.evaluationSize)),
            ("seed", .string(String(c.seed))),
            ("loss", .string(c.task.loss.rawValue)),
            ("runs", .array(runs)),
            ("median_final_loss", .finite(s.median)),
            ("median_final_loss_interval", interval(s.medianInterval)),
            ("median_interval_coverage", .number(s.medianIntervalCoverage)),
            ("lower_quartile", .finite(s.lowerQuartile)),
            ("upper_quartile", .finite(s.upperQuartile)),
            ("median_relative_loss", .finite(s.medianRelativeLoss)),
        ] + accuracyFields + [
            ("trained_rule", .string(trainedRule)),
            ("trained_threshold", .number(s.trainedAccuracy ?? TrainingSummary.trainedThreshold)),
            ("trained_runs", .integer(s.trained.count)),
            ("trained_fraction", .number(s.trained.value)),
            ("trained_fraction_interval", interval(s.trained.interval)),
            ("diverged_runs", .integer(s.diverged.count)),
            ("diverged_fraction", .number(s.diverged.value)),
            ("diverged_fraction_interval", interval(s.diverged.interval)),
            ("median_initial_log_gain", .finite(s.medianInitialLogGain)),
            ("curve_steps", .array(c.curveSteps.map { .integer($0) })),
            ("median_curve", .array(bands.map { .finite($0.median) })),
        ])
    }

    public static let csvHeader = "seed_index,final_loss,diverged,diverged_at_step,baseline_loss,relative_loss,initial_log_gain,selected_candidate"

    /// The header of this report's rows: an accuracy column for tasks that report accuracy.
    public var csvHeaderLine: String { Self.csvHeader + (summary.accuracy == nil ? "" : ",accuracy") }

    /// One row per run (a diverged run's final loss is "inf").
    public func csvRows() -> String {
        let f = NumberFormat.csv
        return summary.runs.map { r in
            ([String(r.runIndex), f(r.finalLoss), String(r.diverged), r.divergedAtStep.map(String.init) ?? "",
              f(r.baselineLoss), f(r.relativeLoss), f(r.initialLogGain), String(r.selectedCandidate)]
                + (summary.accuracy == nil ? [] : [r.accuracy.map(f) ?? ""])).joined(separator: ",")
        }.joined(separator: "\n")
    }
}
