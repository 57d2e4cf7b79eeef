import Foundation
import RandomNets
import RandomNetsTraining

/// T14: does Lyapunov initialization train deep narrow networks better?
/// Every task at the paper's width and depth and at width 8, the seven
/// initializations of the study, a learning rate chosen per method on
/// validation seeds, then R fresh runs at it; paired comparisons of the
/// Lyapunov methods against He and orthogonal on the same runs.
enum T14Training: PublishedTable {
    static let id = "T14"
    static let slug = "training"

    /// Run counts, steps and the learning-rate grid of a profile.
    struct Budget {
        let steps: Int
        let grid: [Double]
        let validationRuns: Int
        let runs: Int
    }

    static func budget(_ profile: TableProfile) -> Budget {
        switch profile {
        case .quick: return Budget(steps: 150, grid: [1e-3, 1e-2], validationRuns: 2, runs: 8)
        case .full: return Budget(steps: 2000, grid: [3e-4, 1e-3, 3e-3, 1e-2], validationRuns: 10, runs: 100)
        }
    }

    static let slope = 0.1
    static let wideWidth = 8
    static let batch = 64
    static let weightDecay = 1e-4
    /// Methods the Lyapunov ones are compared with, on the same runs.
    static let baselines = ["he", "orthogonal"]
    static let lyapunovMethods = ["lyapunov", "lyapunov-orthogonal", "lyapunov-sampling"]

    /// (task, width, depth) of every setting: the paper's (or lyapsim's) narrow one, then width 8.
    static var settings: [(task: any TrainingTask, width: Int, depth: Int)] {
        TaskRegistry.synthetic.flatMap { t in [(t, t.referenceWidth, t.referenceDepth), (t, wideWidth, t.referenceDepth)] }
    }

    /// The study of one setting: each method's learning-rate search.
    struct SettingResult {
        let methods: [(name: String, config: TrainingConfig, search: LearningRateSearch)]

        func summary(_ name: String) -> TrainingSummary? { methods.first { $0.name == name }?.search.fresh }
    }

    static func run(_ ctx: TableContext, setting k: Int) throws -> SettingResult {
        let (task, width, depth) = settings[k]
        let b = budget(ctx.profile)
        // One seed per setting, shared by the methods: run r sees the same data,
        // outer layers and batches under every initialization (the pairing).
        let seed = ctx.seed(table: 14, cell: k)
        var methods: [(String, TrainingConfig, LearningRateSearch)] = []
        for name in HiddenInitialization.studyMethods {
            let config = try TrainingConfig(
                task: task, shape: MLPShape(inputs: task.inputs, width: width, depth: depth, outputs: task.outputs, biases: true),
                activation: LeakyReLU(slope: slope), slope: slope,
                initialization: HiddenInitialization.named(name, width: width, depth: depth, slope: slope),
                optimizer: OptimizerSettings(kind: .adamw, learningRate: b.grid[0], weightDecay: weightDecay),
                steps: b.steps, batch: batch, seed: seed, curvePoints: 20)
            let search = try LearningRateSearch(config, grid: b.grid, validationRuns: b.validationRuns, runs: b.runs,
                                                threads: ctx.threads)
            methods.append((name, config, search))
        }
        return SettingResult(methods: methods)
    }

    /// Wins-losses, the median paired difference of loss / constant (the
    /// effect size: runs that both sit at the constant differ by noise of
    /// 1e-4 and still count as wins), the exact sign-test p, Wilcoxon's p and
    /// its Holm-adjusted value over the table's family of Wilcoxon tests.
    static func pairedCell(_ p: PairedComparison, holm: Double) -> String {
        "\(p.aBetter)-\(p.bBetter), median diff \(Cell.sig(p.medianDifference, 2)) (sign p \(Cell.sig(p.signTestP, 2)), W p \(Cell.sig(p.wilcoxonP, 2)), Holm \(NumberFormat.pValue(holm)))"
    }

    static func lossCell(_ x: Double) -> String { x.isFinite ? Cell.sig(x, 3) : "diverged" }

    static func fractionCell(_ f: Calibration.Fraction) -> String {
        "\(Cell.fixed(f.value, 2)) [\(Cell.fixed(f.interval.lowerBound, 2)), \(Cell.fixed(f.interval.upperBound, 2))]"
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let b = budget(ctx.profile)
        let results = try settings.indices.map { try run(ctx, setting: $0) }
        // Every paired test of the table, in order, for Holm's adjustment over the family.
        func comparisons(_ k: Int, _ name: String) -> [(String, PairedComparison)] {
            guard lyapunovMethods.contains(name), let s = results[k].summary(name) else { return [] }
            return baselines.compactMap { baseline in
                results[k].summary(baseline).map { other in
                    // Paired on loss / constant: run r's constant is the same for both methods.
                    (baseline, PairedComparison(s.runs.map(\.relativeLoss), other.runs.map(\.relativeLoss)))
                }
            }
        }
        // tests[k][m]: method m's comparisons in setting k, computed once.
        let tests = settings.indices.map { k in results[k].methods.map { comparisons(k, $0.name) } }
        let family = tests.flatMap { $0.flatMap { $0 } }
        var holm = PairedComparison.holm(family.map(\.1.wilcoxonP))[...]
        var rows: [[String]] = [], values: [[String: Double]] = []
        for k in settings.indices {
            let (task, width, depth) = settings[k]
            let result = results[k]
            for (m, (name, config, search)) in result.methods.enumerated() {
                let s = search.fresh
                var paired: [String] = []
                var v: [String: Double] = ["setting": Double(k), "N": Double(width), "L": Double(depth),
                                           "lr": search.chosenRate, "median": s.median,
                                           "relative": s.medianRelativeLoss, "trained": s.trained.value,
                                           "diverged": s.diverged.value]
                for baseline in baselines {
                    guard let p = tests[k][m].first(where: { $0.0 == baseline })?.1 else { paired.append(""); continue }
                    let adjusted = holm.removeFirst()
                    paired.append(pairedCell(p, holm: adjusted))
                    v["sign_p_\(baseline)"] = p.signTestP
                    v["wilcoxon_p_\(baseline)"] = p.wilcoxonP
                    v["holm_p_\(baseline)"] = adjusted
                    v["direction_\(baseline)"] = Double(p.wilcoxonDirection)
                    v["median_diff_\(baseline)"] = p.medianDifference
                    v["better_\(baseline)"] = Double(p.aBetter)
                    v["worse_\(baseline)"] = Double(p.bBetter)
                }
                for (i, lr) in search.grid.enumerated() {
                    v["grid\(i)"] = lr
                    v["grid_trained\(i)"] = search.validationTrained[i]
                    v["grid_median\(i)"] = search.validationMedians[i]
                }
                // Loss curves relative to each run's constant predictor.
                let steps = config.curveSteps
                for (j, step) in steps.enumerated() {
                    let rel = s.runs.map { $0.curve[j] / $0.baselineLoss }.sorted()
                    v["step\(j)"] = Double(step)
                    v["curve_lo\(j)"] = OrderStatistics.quantile(sorted: rel, 0.25)
                    v["curve_med\(j)"] = OrderStatistics.quantile(sorted: rel, 0.5)
                    v["curve_hi\(j)"] = OrderStatistics.quantile(sorted: rel, 0.75)
                }
                values.append(v)
                let ci = s.medianInterval
                rows.append([task.name, String(width), String(depth), name, Cell.sig(config.initialization.ensemble.sigma, 4),
                             Cell.sig(search.chosenRate, 2) + (search.chosenRate == b.grid.first || search.chosenRate == b.grid.last ? "*" : ""),
                             "\(lossCell(s.median)) [\(lossCell(ci.lowerBound)), \(lossCell(ci.upperBound))]",
                             lossCell(s.medianRelativeLoss), fractionCell(s.trained), fractionCell(s.diverged),
                             Cell.fixed(s.medianInitialLogGain, 1)] + paired)
            }
        }
        let coverage = OrderStatistics.medianInterval(sorted: (0..<b.runs).map(Double.init)).coverage
        return ResultTable(
            id: id, title: "Training deep narrow networks: Lyapunov initialization against He, orthogonal, Xavier and torch-default",
            summary: "Each row trains \(b.runs) fresh networks (runs 0 to \(b.runs - 1)) with AdamW at the learning rate that gave the smallest median held-out loss on \(b.validationRuns) separate validation runs per rate (grid \(b.grid.map { Cell.sig($0, 2) }.joined(separator: ", "))), \(b.steps) steps of batch \(batch), weight decay \(Cell.sig(weightDecay, 2)), Leaky ReLU a = \(slope), biases. Methods differ only in the hidden layers; run r of every method in a setting sees the same data, input and output layers and mini-batches, so the columns 'vs he' and 'vs orthogonal' are paired comparisons of loss / constant: runs where the Lyapunov method's is lower - higher (ties, e.g. both diverged, omitted), the median paired difference (the effect size; negative favours the Lyapunov method), the exact two-sided sign-test p, the exact Wilcoxon signed-rank p and that p adjusted by Holm's method over the table's \(family.count) Wilcoxon tests. A learning rate marked * is at the edge of the grid. A run trains when its final held-out loss is below \(Cell.sig(TrainingSummary.trainedThreshold, 2)) x the best constant predictor's; it diverges when a loss or gradient is non-finite. log gain is the median log(||X_L|| / ||X_0||) of the hidden stack at initialization on 256 training inputs: about L lambda.",
            columns: ["task", "N", "L", "init", "sigma", "lr", "median loss [95% CI]", "median / constant", "trained [95% CI]",
                      "diverged [95% CI]", "log gain", "vs he", "vs orthogonal"],
            rows: rows,
            notes: ["Tasks (README, `lyapsim train --help`): " + TaskRegistry.synthetic.map { "\($0.name): \($0.definition)" }.joined(separator: "; ") + ".",
                    "Median intervals are distribution-free order-statistic intervals (coverage \(Cell.fixed(100 * coverage, 1))% at \(b.runs) runs); fraction intervals are Wilson's 95%.",
                    "Profile \(ctx.profile.rawValue): `--profile full` runs 100 fresh runs per row after 10 validation runs per learning rate, 2000 steps.",
                    "Any row: `lyapsim train --task TASK --width N --depth L --init INIT --lr LR --steps \(b.steps) --runs \(b.runs) --seed S` with the setting's seed S: " + settings.indices.map { "\(settings[$0].task.name) N = \(settings[$0].width): \(ctx.seed(table: 14, cell: $0))" }.joined(separator: ", ") + "."],
            values: values)
    }
}
