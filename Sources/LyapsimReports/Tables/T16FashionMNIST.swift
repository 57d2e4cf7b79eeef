import Foundation
import RandomNets
import RandomNetsTraining

/// T16: deep narrow networks on Fashion-MNIST (the real-data study). Every
/// setting (activation, width, depth, training-set size) trains every method
/// that applies, with a learning rate chosen per method on the validation
/// split, then R fresh runs scored on the official test set; the challengers
/// (the Lyapunov methods for Leaky ReLU, relu-orthogonal for ReLU, the two
/// diagonal-noise methods for tanh) are
/// compared run by run with He, orthogonal and LSUV on test error.
enum T16FashionMNIST: TableInParts {
    static let id = "T16"
    static let slug = "fashion-mnist"

    /// What a profile trains.
    struct Budget {
        let widths: [Int]
        let depths: [Int]
        let trainSizes: [Int]
        /// Activations with their (width, depth) restriction: ReLU and tanh
        /// rows of the quick profile are at the first width only.
        let allWidthsFor: [String]
        let steps: Int
        let grid: [Double]
        let validationRuns: Int
        let runs: Int
    }

    static func budget(_ profile: TableProfile) -> Budget {
        switch profile {
        case .quick:
            return Budget(widths: [8, 16], depths: [3, 10], trainSizes: [1000], allWidthsFor: ["leaky-relu"],
                          steps: 200, grid: [1e-3, 1e-2], validationRuns: 1, runs: 4)
        case .full:
            return Budget(widths: [8, 16, 64], depths: [10, 30, 100], trainSizes: [1000, 10_000, FashionMNISTTask.poolCount],
                          allWidthsFor: activations.map(\.name), steps: 3000, grid: [3e-4, 1e-3, 3e-3, 1e-2], validationRuns: 5,
                          runs: 30)
        }
    }

    static let slope = 0.1
    static let batch = 64
    static let weightDecay = 1e-4

    /// One activation of the study: its methods and which of them are tested against the baselines.
    struct ActivationRows {
        let name: String
        let activation: any Activation
        let slope: Double?
        let methods: [String]
        let challengers: [String]
    }

    static let activations: [ActivationRows] = [
        ActivationRows(name: "leaky-relu", activation: LeakyReLU(slope: slope), slope: slope,
                       methods: ["he", "orthogonal", "xavier", "torch-default", "lsuv",
                                 "lyapunov", "lyapunov-orthogonal", "lyapunov-sampling"],
                       challengers: ["lyapunov", "lyapunov-orthogonal", "lyapunov-sampling"]),
        ActivationRows(name: "relu", activation: ReLU(), slope: 0,
                       methods: ["he", "orthogonal", "xavier", "torch-default", "lsuv", "relu-orthogonal"],
                       challengers: ["relu-orthogonal"]),
        ActivationRows(name: "tanh", activation: Tanh(), slope: nil,
                       methods: ["he", "orthogonal", "xavier", "torch-default", "lsuv", "diagonal-noise", "diagonal-noise-searched"],
                       challengers: ["diagonal-noise", "diagonal-noise-searched"]),
    ]

    /// The diagonal-plus-noise rule of Lee, Choi and Kim's tanh predecessor
    /// (arXiv 2410.02242): W = I + Z, Z iid N(0, 0.085^2 / N).
    static let predecessorNoise = 0.085

    /// The noise of a diagonal-noise method at setting k: the predecessor's
    /// fixed 0.085, or lyapsim's target-depth search (`NoiseSearch`: E q_L = q_0
    /// at the setting's depth and width, 64 networks x 3 inputs, tolerance
    /// 1e-4, on its own seed); nil for the other methods.
    static func noise(_ name: String, _ ctx: TableContext, _ s: Setting, index k: Int) throws -> Double? {
        switch name {
        case "diagonal-noise": return predecessorNoise
        case "diagonal-noise-searched":
            let config = try SimulationConfig(samples: 64, seed: ctx.seed(table: 16, cell: 1 << 20 | k),
                                              generator: ctx.generator, threads: ctx.threads)
            let search = try NoiseSearch(activation: s.activation.activation, width: s.width, targetDepth: s.depth,
                                         inputs: 3, config: config, tolerance: 1e-4)
            // Not reached below the search's ceiling: the ceiling (the signal
            // still shrinks there); the table's notes say what a noise of 8 means.
            return search.noise ?? NoiseSearch.maxNoise
        default: return nil
        }
    }

    /// Methods every challenger is compared with, on the same runs.
    static let baselines = ["he", "orthogonal", "lsuv"]

    struct Setting {
        let activation: ActivationRows
        let width: Int
        let depth: Int
        let trainSize: Int
    }

    static func settings(_ profile: TableProfile) -> [Setting] {
        let b = budget(profile)
        return activations.flatMap { a in
            b.trainSizes.flatMap { k in
                (b.allWidthsFor.contains(a.name) ? b.widths : [b.widths[0]]).flatMap { n in
                    b.depths.map { l in Setting(activation: a, width: n, depth: l, trainSize: k) }
                }
            }
        }
    }

    /// Optimizer steps one profile trains, validation runs included, per
    /// (width, depth), each run charged `perRunOverheadSteps` more for its
    /// initialization and its two held-out evaluations: the full profile's
    /// cost estimate multiplies these by the measured seconds per step.
    static func steps(_ profile: TableProfile) -> [(width: Int, depth: Int, steps: Double)] {
        let b = budget(profile)
        var out: [(width: Int, depth: Int, steps: Double)] = []
        for s in settings(profile) {
            let runs = Double(s.activation.methods.count * (b.grid.count * b.validationRuns + b.runs))
            let steps = runs * Double(b.steps + perRunOverheadSteps)
            if let i = out.firstIndex(where: { $0.width == s.width && $0.depth == s.depth }) {
                out[i].steps += steps
            } else {
                out.append((s.width, s.depth, steps))
            }
        }
        return out
    }

    /// CPU seconds per optimizer step of one run (batch 64, Leaky ReLU, He),
    /// measured on the project's shared 2-core machine on 2026-12-05 as the
    /// difference of `lyapsim train --task fashion-mnist --train-size 1000
    /// --runs 2 --threads 1` at 600 and at 100 steps (user time, so the
    /// data loading and the evaluations cancel), over 1000 steps.
    static let measuredSecondsPerStep: [(width: Int, depth: Int, seconds: Double)] = [
        (8, 10, 0.00039), (8, 30, 0.00050), (8, 100, 0.00073),
        (16, 10, 0.00080), (16, 30, 0.00105), (16, 100, 0.00179),
        (64, 10, 0.00364), (64, 30, 0.0075), (64, 100, 0.0203),
    ]

    /// A run's cost besides its steps (drawing the initialization, the
    /// held-out evaluations at step 0 and at the end), in steps: measured as
    /// the difference of 5 runs and 1 run of one step, 230 steps' worth at
    /// N = 8, L = 10 and 81 at N = 64, L = 100; the larger is charged everywhere.
    static let perRunOverheadSteps = 230

    /// Core-hours of part (setting) k at the measured rates.
    static func partCoreHours(_ profile: TableProfile, _ k: Int) -> Double {
        let b = budget(profile), s = settings(profile)[k]
        let runs = Double(s.activation.methods.count * (b.grid.count * b.validationRuns + b.runs))
        let rate = measuredSecondsPerStep.first { $0.width == s.width && $0.depth == s.depth }?.seconds ?? .nan
        return runs * Double(b.steps + perRunOverheadSteps) * rate / 3600
    }

    /// Core-hours of the full profile at the measured rates.
    static func coreHours(_ profile: TableProfile) -> Double? { profile == .full ? fullProfileCoreHours : nil }

    static var fullProfileCoreHours: Double {
        steps(.full).reduce(0) { total, s in
            let rate = measuredSecondsPerStep.first { $0.width == s.width && $0.depth == s.depth }!.seconds
            return total + s.steps * rate / 3600
        }
    }

    /// What one method of a setting found: the layers' scales and the search.
    struct MethodResult {
        let name: String
        let inputSigma: Double
        let hiddenSigma: Double
        /// A diagonal-noise method's sigma_z.
        let noise: Double?
        let search: LearningRateSearch
    }

    struct SettingResult {
        let setting: Setting
        let methods: [MethodResult]

        func summary(_ name: String) -> TrainingSummary? { methods.first { $0.name == name }?.search.fresh }
    }

    /// One method of setting `s` (part k): its learning-rate search and fresh runs.
    static func run(_ ctx: TableContext, _ s: Setting, index k: Int, method name: String, task: FashionMNISTTask) throws
        -> MethodResult
    {
        let b = budget(ctx.profile)
        // One seed per setting, shared by its methods: run r sees the same subset, batches and output layer.
        let seed = ctx.seed(table: 16, cell: k)
        let z = try noise(name, ctx, s, index: k)
        let initialization = try z.map {
            try HiddenInitialization.named(DiagonalNoiseEnsemble.name, width: s.width, depth: s.depth, slope: s.activation.slope,
                                           parameters: EnsembleParameters(["noise": $0]))
        } ?? HiddenInitialization.named(name, width: s.width, depth: s.depth, slope: s.activation.slope)
        let config = try TrainingConfig(
            task: task, shape: MLPShape(inputs: task.inputs, width: s.width, depth: s.depth, outputs: task.outputs, biases: true),
            activation: s.activation.activation, slope: s.activation.slope,
            initialization: initialization,
            optimizer: OptimizerSettings(kind: .adamw, learningRate: b.grid[0], weightDecay: weightDecay),
            steps: b.steps, batch: batch, trainingSize: s.trainSize, evaluationSize: FashionMNIST.officialCounts.test,
            seed: seed, curvePoints: 1)
        let search = try LearningRateSearch(config, grid: b.grid, validationRuns: b.validationRuns, runs: b.runs,
                                            threads: ctx.threads)
        return MethodResult(name: name, inputSigma: config.inputLayer.sigma,
                            hiddenSigma: config.initialization.ensemble.sigma, noise: z, search: search)
    }

    /// Test error (1 - accuracy; a diverged run's accuracy is 0): the paired tests' variable.
    static func errors(_ s: TrainingSummary) -> [Double] { s.runs.map { 1 - ($0.accuracy ?? 0) } }

    /// Wins-losses on test accuracy, the median paired difference of accuracy
    /// (positive favours the challenger), the exact sign-test and Wilcoxon p,
    /// and Wilcoxon's p after Holm over the table.
    static func pairedCell(_ p: PairedComparison, holm: Double) -> String {
        "\(p.aBetter)-\(p.bBetter), median diff \(Cell.sig(-p.medianDifference + 0, 2)) (sign p \(Cell.sig(p.signTestP, 2)), W p \(Cell.sig(p.wilcoxonP, 2)), Holm \(NumberFormat.pValue(holm, level: T16Verdict.level)))"
    }

    static func fractionCell(_ f: Calibration.Fraction) -> String {
        "\(Cell.fixed(f.value, 2)) [\(Cell.fixed(f.interval.lowerBound, 2)), \(Cell.fixed(f.interval.upperBound, 2))]"
    }

    static func build(_ ctx: TableContext) throws -> ResultTable { try buildAllParts(ctx) }

    static func build(_ ctx: TableContext, parts: [Int: Data]) throws -> ResultTable {
        let b = budget(ctx.profile)
        let every = settings(ctx.profile)
        let present = every.indices.filter { parts[$0] != nil }
        let missing = every.indices.filter { parts[$0] == nil }
        let all = present.map { every[$0] }
        let results = try present.map { try decodePart(parts[$0]!, setting: every[$0], index: $0, profile: ctx.profile) }
        func comparisons(_ k: Int, _ name: String) -> [(String, PairedComparison)] {
            guard all[k].activation.challengers.contains(name), let s = results[k].summary(name) else { return [] }
            return baselines.compactMap { baseline in
                results[k].summary(baseline).map { (baseline, PairedComparison(errors(s), errors($0))) }
            }
        }
        let tests = all.indices.map { k in results[k].methods.map { comparisons(k, $0.name) } }
        let family = tests.flatMap { $0.flatMap { $0 } }
        var holm = PairedComparison.holm(family.map(\.1.wilcoxonP))[...]
        var rows: [[String]] = [], values: [[String: Double]] = []
        for (k, result) in results.enumerated() {
            let s = result.setting
            for (m, method) in result.methods.enumerated() {
                let name = method.name, search = method.search
                let f = search.fresh
                let acc = f.accuracy!
                var v: [String: Double] = ["setting": Double(present[k]), "N": Double(s.width), "L": Double(s.depth),
                                           "K": Double(s.trainSize), "lr": search.chosenRate,
                                           "accuracy": acc.median, "accuracy_lo": acc.lowerQuartile,
                                           "accuracy_hi": acc.upperQuartile, "median_loss": f.median,
                                           "trained": f.trained.value, "diverged": f.diverged.value,
                                           "input_sigma": method.inputSigma,
                                           "hidden_sigma": method.hiddenSigma, "noise": method.noise ?? .nan,
                                           "log_gain": f.medianInitialLogGain,
                                           "challenger": s.activation.challengers.contains(name) ? 1 : 0]
                var paired: [String] = []
                for baseline in baselines {
                    guard let p = tests[k][m].first(where: { $0.0 == baseline })?.1 else { paired.append(""); continue }
                    let adjusted = holm.removeFirst()
                    paired.append(pairedCell(p, holm: adjusted))
                    v["sign_p_\(baseline)"] = p.signTestP
                    v["wilcoxon_p_\(baseline)"] = p.wilcoxonP
                    v["holm_p_\(baseline)"] = adjusted
                    v["direction_\(baseline)"] = Double(p.wilcoxonDirection)
                    v["median_diff_\(baseline)"] = -p.medianDifference + 0
                    v["better_\(baseline)"] = Double(p.aBetter)
                    v["worse_\(baseline)"] = Double(p.bBetter)
                }
                for (i, lr) in search.grid.enumerated() {
                    v["grid\(i)"] = lr
                    v["grid_median\(i)"] = search.validationMedians[i]
                }
                values.append(v)
                let ci = acc.medianInterval
                let edge = b.grid.count > 1 && (search.chosenRate == b.grid.first || search.chosenRate == b.grid.last)
                rows.append([s.activation.name, String(s.width), String(s.depth), String(s.trainSize), name,
                             Cell.sig(method.inputSigma, 4),
                             Cell.sig(method.hiddenSigma, 4) + (method.noise.map { ", noise \(Cell.sig($0, 4))" } ?? ""),
                             Cell.sig(search.chosenRate, 2) + (edge ? "*" : ""),
                             "\(Cell.fixed(acc.median, 3)) [\(Cell.fixed(ci.lowerBound, 3)), \(Cell.fixed(ci.upperBound, 3))]",
                             Cell.sig(f.median, 3), fractionCell(f.trained), fractionCell(f.diverged),
                             Cell.fixed(f.medianInitialLogGain, 1)] + paired)
            }
        }
        let coverage = OrderStatistics.medianInterval(sorted: (0..<b.runs).map(Double.init)).coverage
        let full = budget(.full)
        let profileLine = ctx.profile == .quick
            ? "This is the quick profile (what CI regenerates): a smoke test of the study at tiny scale, \(b.runs) runs per row and \(b.steps) steps, too few to detect anything but large effects. "
            : "This is the full profile. "
        let partsLine = missing.isEmpty ? ""
            : "Computed so far: \(present.count) of the profile's \(every.count) settings (parts \(ranges(present)) of `lyapsim tables --only T16 --part K`); the other settings are not in this table yet, and Holm's adjustment is over the tests of the settings shown. "
        return ResultTable(
            id: id, title: "Fashion-MNIST: deep narrow networks from each initialization, paired against He, orthogonal and LSUV",
            summary: profileLine + partsLine + "Each row trains \(b.runs) fresh networks 784 -> N -> L hidden N x N -> 10 (runs 0 to \(b.runs - 1)) on K training images (a seeded subset per run) with AdamW at the learning rate that gave the smallest median validation loss on \(b.validationRuns) validation run\(b.validationRuns == 1 ? "" : "s") per rate (grid \(b.grid.map { Cell.sig($0, 2) }.joined(separator: ", ")); scored on the 5,000 validation images), \(b.steps) steps of batch \(batch), weight decay \(Cell.sig(weightDecay, 2)), biases; accuracy is on the official 10,000 test images, which choose nothing. Leaky ReLU has a = \(slope). Run r of every method in a setting trains on the same subset in the same batch order with the same output layer; the input layer is the common Gaussian draw at He's gain (1 for tanh) except under the Lyapunov methods, where the same normals are rescaled (lyapunov, lyapunov-sampling) or orthonormalized (lyapunov-orthogonal) to the layer's own sigma_crit (input sigma); the output layer is LeCun normal for every method. diagonal-noise is W = I + Z, Z iid N(0, noise^2 / N) (Lee, Choi and Kim), at the tanh predecessor's noise \(Cell.sig(predecessorNoise, 2)) or at the noise lyapsim's target-depth search finds for the setting (diagonal-noise-searched: E q_L = q_0 at depth L; `lyapsim init --activation tanh --ensemble diagonal-noise --target-depth L`; a noise of \(Cell.sig(NoiseSearch.maxNoise, 2)), the search's ceiling, would mean the target was not reached); its noise is in the hidden sigma column. The columns 'vs he', 'vs orthogonal' and 'vs lsuv' pair the challengers (the Lyapunov methods for Leaky ReLU, relu-orthogonal for ReLU, the two diagonal-noise methods for tanh) with the baseline on test error, run by run: runs where the challenger's accuracy is higher - lower (ties omitted), the median paired difference of accuracy (positive favours the challenger), the exact two-sided sign-test p, the exact Wilcoxon signed-rank p and that p adjusted by Holm's method over the table's \(family.count) Wilcoxon tests. A learning rate marked * is at the edge of the grid. A run trains when its test accuracy is at least 0.5; it diverges when a loss or gradient is non-finite (accuracy 0). log gain is the median log(||X_L|| / ||X_0||) of the hidden stack at initialization on 256 training images.",
            columns: ["activation", "N", "L", "K", "init", "input sigma", "hidden sigma", "lr", "median test accuracy [CI]",
                      "median test loss", "trained [95% CI]", "diverged [95% CI]", "log gain", "vs he", "vs orthogonal", "vs lsuv"],
            rows: rows,
            notes: ["Data: Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from Debian's dataset-fashion-mnist; pixels / 255 standardized with one mean and sd over the 55,000 training-pool images; docs/fashion-mnist.md.",
                    "The median intervals (CI) are distribution-free order-statistic intervals (coverage \(Cell.fixed(100 * coverage, 1))% at \(b.runs) runs); fraction intervals are Wilson's 95%.",
                    "Profile \(ctx.profile.rawValue). `--profile full`: widths \(full.widths.map(String.init).joined(separator: ", ")), depths \(full.depths.map(String.init).joined(separator: ", ")), K = \(full.trainSizes.map(String.init).joined(separator: ", ")), every activation at every width, \(full.runs) runs per row after \(full.validationRuns) validation runs per rate (grid \(full.grid.map { Cell.sig($0, 2) }.joined(separator: ", "))), \(full.steps) steps: about \(Int(fullProfileCoreHours.rounded())) core-hours at the measured rate (notebook 10).",
                    "Any row: `lyapsim train --task fashion-mnist --activation ACT --width N --depth L --train-size K --init INIT --lr LR --steps \(b.steps) --runs \(b.runs) --seed S` (a diagonal-noise row: `--init diagonal-noise --noise Z` with its noise Z) with the setting's seed S (in order of the settings): " + present.map { "\(every[$0].activation.name) N = \(every[$0].width) L = \(every[$0].depth) K = \(every[$0].trainSize): \(ctx.seed(table: 16, cell: $0))" }.joined(separator: ", ") + "."],
            values: values)
    }
}

/// T16 in parts: one part per setting (activation, N, L, K), in the order
/// of `settings`, each with its seed, so a part is the same computed alone,
/// on a cluster, or inside the whole table.
extension T16FashionMNIST {
    static func partCount(_ profile: TableProfile) -> Int { settings(profile).count }

    static func partLabel(_ profile: TableProfile, _ k: Int) -> String {
        let s = settings(profile)[k]
        return "\(s.activation.name) N = \(s.width) L = \(s.depth) K = \(s.trainSize)"
    }

    /// A setting's numbers, every double as its bit pattern in hex.
    struct SettingPart: Codable {
        struct Method: Codable {
            let name: String
            let inputSigma: String
            let hiddenSigma: String
            /// A diagonal-noise method's sigma_z (absent for the others).
            let noise: String?
            let grid: [String]
            let validationMedians: [String]
            let validationTrained: [String]
            let chosenRate: String
            /// Each fresh run as `RunResult.record`.
            let runs: [[String]]
        }
        let activation: String
        let width: Int
        let depth: Int
        let trainSize: Int
        let methods: [Method]
    }

    static func partUnits(_ profile: TableProfile, _ k: Int) -> [String] { settings(profile)[k].activation.methods }

    /// The methods of part k in order. Each method's searches and runs are
    /// drawn from the setting's seeds alone (`ctx.seed(table: 16, cell: k)`,
    /// and the diagonal-noise search's own cell), never from another
    /// method's, so methods given back in `done` (a checkpoint) are kept,
    /// after the checks a saved part gets, and only the others are computed.
    static func computePart(_ ctx: TableContext, _ k: Int, done: [Data], finished: ([Data]) throws -> Void) throws -> Data {
        let s = settings(ctx.profile)[k]
        func hex(_ x: Double) -> String { String(x.bitPattern, radix: 16) }
        var methods: [SettingPart.Method] = []
        for (i, unit) in done.enumerated() {
            let rejected = { (reason: String) in PartUnitRejected(index: i, reason: reason) }
            guard i < s.activation.methods.count, let m = try? JSONDecoder().decode(SettingPart.Method.self, from: unit) else {
                throw rejected("is not a T16 method")
            }
            guard m.name == s.activation.methods[i] else { throw rejected("is \(m.name), part \(k)'s method \(i + 1) is \(s.activation.methods[i])") }
            do { _ = try decodeMethod(m, profile: ctx.profile) { TableRecord.Refusal(path: "", reason: $0) } } catch let r as TableRecord.Refusal {
                throw rejected(r.reason)
            }
            methods.append(m)
        }
        if !done.isEmpty { try finished(done) }
        var task: FashionMNISTTask?
        for name in s.activation.methods.dropFirst(methods.count) {
            if task == nil { task = FashionMNISTTask(); try task!.loadData() }
            let m = try run(ctx, s, index: k, method: name, task: task!)
            methods.append(SettingPart.Method(
                name: m.name, inputSigma: hex(m.inputSigma), hiddenSigma: hex(m.hiddenSigma), noise: m.noise.map(hex),
                grid: m.search.grid.map(hex), validationMedians: m.search.validationMedians.map(hex),
                validationTrained: m.search.validationTrained.map(hex),
                chosenRate: hex(m.search.chosenRate), runs: m.search.fresh.runs.map { $0.record.map(hex) }))
            try finished(try methods.map(encode))
        }
        return try encode(SettingPart(activation: s.activation.name, width: s.width, depth: s.depth, trainSize: s.trainSize,
                                      methods: methods))
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    /// A saved setting back, after checking it is the setting this profile has at its index.
    static func decodePart(_ data: Data, setting s: Setting, index k: Int, profile: TableProfile) throws -> SettingResult {
        let refuse = { (reason: String) in TableRecord.Refusal(path: TablePartRecord.fileName(id: id, part: k), reason: reason) }
        guard let part = try? JSONDecoder().decode(SettingPart.self, from: data) else { throw refuse("payload is not a T16 setting") }
        guard part.activation == s.activation.name, part.width == s.width, part.depth == s.depth, part.trainSize == s.trainSize
        else {
            throw refuse("holds \(part.activation) N = \(part.width) L = \(part.depth) K = \(part.trainSize), part \(k) is \(s.activation.name) N = \(s.width) L = \(s.depth) K = \(s.trainSize)")
        }
        guard part.methods.map(\.name) == s.activation.methods else { throw refuse("methods \(part.methods.map(\.name)), expected \(s.activation.methods)") }
        let methods = try part.methods.map { try decodeMethod($0, profile: profile, refuse: refuse) }
        return SettingResult(setting: s, methods: methods)
    }

    /// One saved method back, after checking it holds the profile's runs
    /// 0 ..< R, each a well-formed record (the integer fields finite, an
    /// accuracy in [0, 1]), and the profile's learning-rate grid.
    static func decodeMethod(_ m: SettingPart.Method, profile: TableProfile, refuse: (String) -> TableRecord.Refusal) throws
        -> MethodResult
    {
        func double(_ h: String) throws -> Double {
            guard let bits = UInt64(h, radix: 16) else { throw refuse("bad bit pattern \(h)") }
            return Double(bitPattern: bits)
        }
        let width = RunResult.recordWidth(curveLength: 0)
        let b = budget(profile)
        guard m.runs.count == b.runs else { throw refuse("\(m.name) has \(m.runs.count) runs, the profile \(b.runs)") }
        let runs = try m.runs.enumerated().map { r, row -> RunResult in
            guard row.count >= width else { throw refuse("a run of \(m.name) has \(row.count) numbers, fewer than \(width)") }
            let x = try row.map(double)
            let step = x[3], candidate = x[6], accuracy = x[7]
            guard x[0] == Double(r), x[2] == 0 || x[2] == 1, step.isNaN || (step.isFinite && step >= 0 && step == step.rounded()),
                  candidate.isFinite, candidate >= 0, candidate == candidate.rounded(), candidate < 1e9,
                  (0...1).contains(accuracy)
            else { throw refuse("run \(r) of \(m.name) is not a valid run record") }
            return RunResult(record: x[...])
        }
        guard m.grid.count == m.validationMedians.count, m.grid.count == m.validationTrained.count,
              try m.grid.map(double) == b.grid
        else { throw refuse("\(m.name): the learning-rate search is not this profile's (grid \(b.grid))") }
        let fresh = TrainingSummary(runs, trainedAccuracy: FashionMNISTTask().trainedAccuracy)
        let search = LearningRateSearch(grid: try m.grid.map(double), validationMedians: try m.validationMedians.map(double),
                                        validationTrained: try m.validationTrained.map(double),
                                        chosenRate: try double(m.chosenRate), fresh: fresh)
        return MethodResult(name: m.name, inputSigma: try double(m.inputSigma), hiddenSigma: try double(m.hiddenSigma),
                            noise: try m.noise.map(double), search: search)
    }

    /// "0-2, 9-11": the part indices as runs of consecutive numbers.
    static func ranges(_ ks: [Int]) -> String {
        var out: [String] = [], i = 0
        while i < ks.count {
            var j = i
            while j + 1 < ks.count, ks[j + 1] == ks[j] + 1 { j += 1 }
            out.append(i == j ? "\(ks[i])" : "\(ks[i])-\(ks[j])")
            i = j + 1
        }
        return out.joined(separator: ", ")
    }
}
