import Foundation
import RandomNets
import RandomNetsTraining

extension NotebookBuilder {
    /// Notebook 10: the Fashion-MNIST study of T16 (docs/fashion-mnist.md):
    /// test accuracy against depth per method, the paired tests against He,
    /// orthogonal and LSUV and what they support, accuracy by training-set
    /// size (data efficiency), and the full profile's cost.
    func fashionMNIST() throws -> Notebook {
        // The committed full profile (30 runs per row, the settings computed
        // so far) where it exists: the quick profile's 4 runs cannot reach
        // significance.
        let isFull = fullTables["T16"] != nil
        let t16 = fullTables["T16"] ?? tables["T16"]!
        let profile: TableProfile = isFull ? .full : ctx.profile
        let budget = T16FashionMNIST.budget(profile)
        let full = T16FashionMNIST.budget(.full)
        let rows = zip(t16.rows, t16.values).map { (row: $0, v: $1) }
        // The settings (parts) the table holds, in order.
        var present: [Int] = []
        for r in rows where !present.contains(Int(r.v["setting"]!)) { present.append(Int(r.v["setting"]!)) }
        let allSettings = T16FashionMNIST.settings(profile)

        /// Median test accuracy against depth, one line per method, quartiles as error bars.
        func accuracyAgainstDepth(activation: String, width: Int, trainSize: Int) -> SVGPlot {
            var plot = SVGPlot(title: "Fashion-MNIST, \(activation), N = \(width), K = \(trainSize): test accuracy against depth",
                               xLabel: "depth L (hidden N x N layers)", yLabel: "median test accuracy (quartile bars)")
            let mine = rows.filter { $0.row[0] == activation && $0.v["N"] == Double(width) && $0.v["K"] == Double(trainSize) }
            var methods: [String] = []
            for r in mine where !methods.contains(r.row[4]) { methods.append(r.row[4]) }
            for (k, method) in methods.enumerated() {
                let points = mine.filter { $0.row[4] == method }.sorted { $0.v["L"]! < $1.v["L"]! }
                let color = SVGPlot.palette[k % SVGPlot.palette.count]
                let dashed = !(method.hasPrefix("lyapunov") || method == "relu-orthogonal" || method.hasPrefix("diagonal-noise"))
                plot.series.append(.init(label: method, mark: .line(dashed: dashed), color: color,
                                         points: points.map { (x: $0.v["L"]!, y: $0.v["accuracy"]!) }))
                // Quartile bars: centred error bars from the lower to the upper quartile.
                plot.series.append(.init(label: nil, mark: .errorBars, color: color,
                                         points: points.map { (x: $0.v["L"]!, y: ($0.v["accuracy_lo"]! + $0.v["accuracy_hi"]!) / 2) },
                                         errors: points.map { ($0.v["accuracy_hi"]! - $0.v["accuracy_lo"]!) / 2 }, opacity: 0.5))
            }
            plot.yRange = 0...1
            plot.horizontalLines = [(0.1, "chance")]
            plot.legendCorner = .bottomLeft
            return plot
        }

        // The paired tests, counted and listed, from the table's values.
        var favour = 0, against = 0, undecided = 0, total = 0
        var decidedLines: [String] = []
        var byChallenger: [String: (favour: Int, against: Int, none: Int)] = [:]
        for r in rows where r.v["challenger"] == 1 {
            for baseline in T16FashionMNIST.baselines {
                guard let p = r.v["holm_p_\(baseline)"], let raw = r.v["wilcoxon_p_\(baseline)"] else { continue }
                total += 1
                let verdict = T16Verdict(r.v, baseline: baseline)!
                var c = byChallenger[r.row[4]] ?? (0, 0, 0)
                switch verdict {
                case .favours: favour += 1; c.favour += 1
                case .against: against += 1; c.against += 1
                case .undetected: undecided += 1; c.none += 1
                }
                byChallenger[r.row[4]] = c
                if verdict != .undetected {
                    decidedLines.append("\(r.row[0]) N = \(r.row[1]) L = \(r.row[2]) K = \(r.row[3]): \(r.row[4]) vs \(baseline): \(verdict == .favours ? "higher" : "lower") test accuracy, better in \(Int(r.v["better_\(baseline)"]!)) of \(budget.runs) runs and worse in \(Int(r.v["worse_\(baseline)"]!)), median paired difference of accuracy \(Cell.sig(r.v["median_diff_\(baseline)"]!, 2)) (Wilcoxon p = \(Cell.sig(raw, 2)), Holm \(NumberFormat.pValue(p, level: T16Verdict.level)))")
                }
            }
        }
        // Descriptively (no test): comparisons where the challenger won or lost every run.
        var swept = 0, sweptAgainst = 0
        var sweptLosses: [String: Int] = [:]
        for r in rows where r.v["challenger"] == 1 {
            for baseline in T16FashionMNIST.baselines {
                guard let better = r.v["better_\(baseline)"], let worse = r.v["worse_\(baseline)"] else { continue }
                if Int(better) == budget.runs { swept += 1 }
                if Int(worse) == budget.runs { sweptAgainst += 1; sweptLosses[r.row[4], default: 0] += 1 }
            }
        }
        let sweptText = sweptLosses.keys.sorted().map { "\($0) \(sweptLosses[$0]!)" }.joined(separator: ", ")
        // The smallest two-sided exact Wilcoxon p-value R paired runs can give: 2 / 2^R.
        let smallestP = 2 / pow(2, Double(budget.runs))
        let smallestHolm = min(1, Double(total) * smallestP)
        let decided = decidedLines.isEmpty
            ? "no difference detected: none of the \(total) reaches Holm-adjusted p < 0.05."
            : "those at Holm-adjusted p < 0.05:\n\n" + decidedLines.map { "- \($0)" }.joined(separator: "\n") + "\n"
        let perMethod = byChallenger.keys.sorted().map { m in
            let c = byChallenger[m]!
            return "\(m): \(c.favour) for, \(c.against) against, \(c.none) without a detected difference"
        }.joined(separator: "; ")

        let n0 = budget.widths[0], k0 = budget.trainSizes[0]
        /// Median accuracy of one row (at the smallest training set), as text.
        func accuracy(_ activation: String, _ n: Int, _ l: Int, _ method: String) -> String {
            rows.first { $0.row[0] == activation && $0.v["N"] == Double(n) && $0.v["L"] == Double(l)
                && $0.v["K"] == Double(k0) && $0.row[4] == method }
                .map { Cell.fixed($0.v["accuracy"]!, 3) } ?? "n/a"
        }
        // Where the Lyapunov input layer starts: its sigma beside He's gain.
        let inputSigma = rows.first { $0.row[0] == "leaky-relu" && $0.v["N"] == Double(n0) && $0.row[4] == "lyapunov" }?.v["input_sigma"] ?? .nan

        // The full profile's cost at the measured rates.
        let coreHours = T16FashionMNIST.fullProfileCoreHours
        let fullRuns = T16FashionMNIST.settings(.full).reduce(0) { $0 + $1.activation.methods.count * (full.grid.count * full.validationRuns + full.runs) }
        let heaviest = T16FashionMNIST.steps(.full).max { a, b in
            let ra = T16FashionMNIST.measuredSecondsPerStep.first { $0.width == a.width && $0.depth == a.depth }!.seconds
            let rb = T16FashionMNIST.measuredSecondsPerStep.first { $0.width == b.width && $0.depth == b.depth }!.seconds
            return a.steps * ra < b.steps * rb
        }!
        let fullParts = T16FashionMNIST.partCount(.full)
        let partHours = (0..<fullParts).map { T16FashionMNIST.partCoreHours(.full, $0) }
        let doneHours = isFull ? present.map { partHours[$0] }.reduce(0, +) : 0
        // What the committed parts took by their records, beside the estimate:
        // in all, and by activation (the rates are Leaky ReLU's), and what the
        // parts left cost when each activation's ratio carries over.
        let fullSettings = T16FashionMNIST.settings(.full)
        let measuredText = fullSeconds["T16"].map { partSeconds in
            let hours = partSeconds.values.reduce(0, +) / 3600
            var text = "; their records took \(Cell.sig(hours, 3)) core-hours (most parts one thread each, two at a time on the shared machine)"
            var ratio: [String: Double] = [:]
            var byActivation: [String] = []
            for a in T16FashionMNIST.activations {
                let done = partSeconds.keys.filter { fullSettings[$0].activation.name == a.name }
                guard !done.isEmpty else { continue }
                let measured = done.reduce(0) { $0 + partSeconds[$1]! } / 3600
                ratio[a.name] = measured / done.reduce(0) { $0 + partHours[$1] }
                let widths = Set(done.map { fullSettings[$0].width }).sorted().map(String.init).joined(separator: ", ")
                byActivation.append("\(Cell.sig(ratio[a.name]!, 2))\(byActivation.isEmpty ? " times the estimate" : "") for \(a.name) (\(done.count) parts, N = \(widths))")
            }
            text += ". The rates are Leaky ReLU's; by activation, the records took \(Cell.prose(byActivation))"
            let left = (0..<fullParts).filter { partSeconds[$0] == nil }
            if !left.isEmpty {
                let atRates = left.reduce(0) { $0 + partHours[$1] }
                let scaled = left.reduce(0) { $0 + partHours[$1] * (ratio[fullSettings[$1].activation.name] ?? 1) }
                text += ". The \(left.count) parts left are \(Int(atRates.rounded())) core-hours at the rates, " +
                    "\(Int(scaled.rounded())) with each activation's ratio carried over (only roughly right at a width " +
                    "the ratio was not measured at: the matrix products grow as N^2 per layer and sample, the " +
                    "activation as N)"
            }
            return text
        } ?? ""
        let rateTable = "| N | L | CPU seconds per step |\n| --- | --- | --- |\n" + T16FashionMNIST.measuredSecondsPerStep.map {
            "| \($0.width) | \($0.depth) | \(Cell.sig($0.seconds, 3)) |"
        }.joined(separator: "\n") + "\n\n"

        // Median accuracy of He, Lyapunov and LSUV at each depth present (Leaky ReLU, N = n0, K = k0).
        let depthLine = budget.depths.compactMap { l -> String? in
            let he = accuracy("leaky-relu", n0, l, "he")
            guard he != "n/a" else { return nil }
            return "L = \(l): He \(he), Lyapunov \(accuracy("leaky-relu", n0, l, "lyapunov")), LSUV \(accuracy("leaky-relu", n0, l, "lsuv"))"
        }.joined(separator: "; ")
        let edgeRows = rows.filter { $0.v["lr"] == budget.grid.first || $0.v["lr"] == budget.grid.last }.count
        let lowEdge = rows.filter { $0.v["lr"] == budget.grid.first }.count
        let quickProfileText = """
            This is a smoke test of the \
            study that CI can afford, not its answer: with \(budget.runs) runs the smallest exact two-sided \
            Wilcoxon p-value is \(Cell.sig(smallestP, 2)), and after Holm over \(total) tests at best \
            \(Cell.sig(smallestHolm, 2)), so only a method that wins every run of a row by a margin no other row \
            matches could be declared different.
            """
        let complete = present.count == allSettings.count
        let coverage = complete
            ? "All \(allSettings.count) of the profile's settings are computed, and every count below is over all of them."
            : "So far \(present.count) of the profile's \(allSettings.count) settings are computed "
                + "(\(present.map { T16FashionMNIST.partLabel(profile, $0) }.joined(separator: "; "))); the rest "
                + "are not in this notebook yet, and every count below is over the settings shown."
        let fullProfileText = """
            \(coverage) With \(budget.runs) \
            runs the smallest exact two-sided Wilcoxon p-value is \(Cell.sig(smallestP, 2)), and after Holm over \
            \(total) tests \(Cell.sig(smallestHolm, 2)): a consistent difference can be detected.
            """
        var md = header("10. Fashion-MNIST: does Lyapunov initialization train deep narrow networks better on real data?")
        md += """
        Notebook 09 asked the question on lyapsim's synthetic tasks; here the data is Fashion-MNIST (Xiao, \
        Rasul and Vollgraf, "Fashion-MNIST: a novel image dataset for benchmarking machine learning \
        algorithms", 2017): 784 -> N -> L hidden N x N layers -> 10, softmax cross-entropy, the official \
        10,000 test images as the held-out set, the learning rate chosen per method on a validation split \
        of the training images. The methods are the study's seven, LSUV (Mishkin and Matas, "All you need \
        is a good init", 2016), the data-driven rival of a data-free theory, and for ReLU rows \
        relu-orthogonal; for tanh rows the diagonal-plus-noise initialization of Lee, Choi and Kim \
        (W = I + Z) at its predecessor's noise 0.085 and at the noise of lyapsim's target-depth search. Under the Lyapunov methods the input layer follows the method: the 784 -> N layer \
        gets its own sigma_crit from the exact per-layer theory (\(Cell.sig(inputSigma, 4)) at N = \(n0) \
        against He's gain \(Cell.sig(LeakyReLU(slope: T16FashionMNIST.slope).heGain, 4))): it keeps the norm of the \
        784-vector instead of the mean square per unit. The output layer is LeCun normal for every method.

        Profile \(profile.rawValue)\(isFull ? " (results/full/T16, computed in parts on this project's 2-core machine)" : ""): widths \(budget.widths.map(String.init).joined(separator: ", ")), depths \
        \(budget.depths.map(String.init).joined(separator: ", ")), K = \(budget.trainSizes.map(String.init).joined(separator: ", ")) \
        training images, \(budget.steps) steps, \(budget.runs) paired runs per row. \(isFull ? fullProfileText : quickProfileText)

            lyapsim train --task fashion-mnist --width 8 --depth 10 --train-size 1000 --init lyapunov --runs 20
            lyapsim train --task fashion-mnist --width 8 --depth 10 --train-size 1000 --init lsuv --runs 20
            \(command)\(isFull ? "\n    lyapsim tables --only T16 --profile full --part K --save results/full/T16.part-K.record   # K = \(T16FashionMNIST.ranges(present))\n    lyapsim tables --only T16 --profile full --tables-from results/full --partial --out results/full" : "")

        **Accuracy against depth.** Median test accuracy of each method at each depth, the quartiles as \
        bars; the challengers (Lyapunov methods, relu-orthogonal, diagonal-noise) solid, the others dashed. For tanh, he \
        is LeCun's sigma 1 and coincides with xavier at fan_in = fan_out. With Leaky ReLU at N = \(n0) and \
        K = \(k0), by depth: \(depthLine).


        """
        var figures: [(String, String)] = []
        // One figure per (activation, N, K) the table holds at two depths or more
        // (a line against depth needs two points; one depth is in the tables).
        var panels: [(activation: String, width: Int, trainSize: Int)] = []
        for k in present {
            let s = allSettings[k]
            let depths = present.filter {
                let o = allSettings[$0]
                return o.activation.name == s.activation.name && o.width == s.width && o.trainSize == s.trainSize
            }.count
            if depths > 1, !panels.contains(where: { $0.activation == s.activation.name && $0.width == s.width && $0.trainSize == s.trainSize }) {
                panels.append((s.activation.name, s.width, s.trainSize))
            }
        }
        for p in panels {
            let name = "fig10-accuracy-depth-\(p.activation)-N\(p.width)-K\(p.trainSize).svg"
            figures.append((name, accuracyAgainstDepth(activation: p.activation, width: p.width, trainSize: p.trainSize).render()))
            md += figure(name, "median test accuracy against depth, \(p.activation), N = \(p.width), K = \(p.trainSize)")
        }
        md += """
        **What the paired tests support.** T16 has \(total) paired comparisons: each challenger (the three \
        Lyapunov methods for Leaky ReLU, relu-orthogonal for ReLU, the two diagonal-noise methods for tanh) against He, orthogonal and LSUV on the \
        same runs, on test error. Judged by the exact two-sided Wilcoxon signed-rank test with Holm's \
        adjustment over all \(total) (family-wise error at most 5%), \(favour) favour the challenger, \
        \(against) favour the baseline and \(undecided) show no difference that \(budget.runs) runs can detect \
        (which is not evidence that there is none); \(decided)
        By challenger: \(perMethod.isEmpty ? "none" : perMethod). The table also gives the exact sign test, \
        which looks only at the direction of each run's difference (its smallest p at \(budget.runs) runs is \
        \(Cell.sig(smallestP, 2)) as well), and the median paired difference of accuracy, the size of the effect.

        Learning rates: \(edgeRows) of the \(rows.count) rows chose a rate at an end of the grid \
        (\(budget.grid.map { Cell.sig($0, 2) }.joined(separator: ", ")); marked * in the table), \(lowEdge) of them \
        the smallest: the validation loss, which picks the rate, penalizes the overconfident predictions of a \
        network that fits its K images, so on small training sets it can prefer a rate that trains less.

        Descriptively, without a test: in \(sweptAgainst) of the \(total) comparisons the challenger had the \
        lower test accuracy in all \(budget.runs) paired runs\(sweptText.isEmpty ? "" : " (\(sweptText))"), and in \
        \(swept) it had the higher accuracy in all of them.\(isFull ? "" : " A direction that holds in every run of a row is what the full profile's \(full.runs) runs per row would have the power to confirm or refute.")


        """
        md += Notebook10DataEfficiency.section(
            rows: rows, trainSizes: budget.trainSizes,
            challengers: Dictionary(uniqueKeysWithValues: T16FashionMNIST.activations.map { ($0.name, $0.challengers) }),
            baselines: T16FashionMNIST.baselines, trainedAccuracy: FashionMNISTTask().trainedAccuracy!)
        md += """
        **The full profile, on paper.** `--profile full` is defined in code (T16FashionMNIST.budget): \
        widths \(full.widths.map(String.init).joined(separator: ", ")), depths \(full.depths.map(String.init).joined(separator: ", ")), \
        K = \(full.trainSizes.map(String.init).joined(separator: ", ")), Leaky ReLU, ReLU and tanh at every width, \
        \(full.runs) runs per row after \(full.validationRuns) validation runs at each of \(full.grid.count) learning \
        rates, \(full.steps) steps: \(fullRuns) training runs. At the CPU seconds per step measured on the \
        project's shared machine (batch 64, one thread; `T16FashionMNIST.measuredSecondsPerStep` says how), \
        with every run charged \(T16FashionMNIST.perRunOverheadSteps) steps more for its initialization and its two \
        held-out evaluations (the larger of the two overheads measured):

        \(rateTable)\
        it costs about \(Int(coreHours.rounded())) core-hours, most of it at N = \(heaviest.width), \
        L = \(heaviest.depth). The table is built in \(fullParts) parts, one per setting (`lyapsim tables --only \
        T16 --profile full --part K`), from \(Cell.sig(partHours.min()!, 2)) to \(Cell.sig(partHours.max()!, 2)) \
        core-hours each. On a 1,000-core Slurm cluster they run as one array job at once, and the wall time \
        is that of the longest part: about \(Cell.sig(partHours.max()!, 2)) hours on one thread, about \
        \(Cell.sig(partHours.max()! / 8, 2)) with `--threads 8` (its runs spread over the threads). \
        \(isFull ? (complete ? "All \(fullParts) parts are committed" : "The \(present.count) parts committed so far are \(Cell.sig(doneHours, 3)) of those core-hours by this estimate") + "\(measuredText)." : "It has not been run.")


        """
        md += table("T16", full: isFull)
        return Notebook(fileName: "10-fashion-mnist.md", markdown: md, figures: figures)
    }
}
