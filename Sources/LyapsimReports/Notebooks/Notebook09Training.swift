import Foundation
import RandomNets
import RandomNetsTraining

extension NotebookBuilder {
    /// Notebook 09: training deep narrow networks from each initialization
    /// (docs/manual.md, "train"; docs/findings.md, "Training"): loss curves, fraction trained against the learning rate,
    /// and what the paired comparisons of T14 support.
    func training() throws -> Notebook {
        // The committed full profile (100 runs per row) where it exists: at 8
        // runs the quick profile's curves and tests show too little.
        let full = fullTables["T14"] != nil
        let t14 = fullTables["T14"] ?? tables["T14"]!
        let profile: TableProfile = full ? .full : ctx.profile
        let budget = T14Training.budget(profile)
        let settings = T14Training.settings

        /// Median relative loss curves with quartile bands for one setting.
        func curves(_ setting: Int) -> SVGPlot {
            let (task, width, depth) = settings[setting]
            var plot = SVGPlot(title: "\(task.name), N = \(width), L = \(depth): held-out loss / constant predictor",
                               xLabel: "step", yLabel: "loss / best constant (median, quartile band)")
            var k = 0
            for (row, v) in zip(t14.rows, t14.values) where v["setting"] == Double(setting) {
                let color = SVGPlot.palette[k % 7]
                let points = (0...20).compactMap { j -> (x: Double, y: Double)? in
                    guard let s = v["step\(j)"], let m = v["curve_med\(j)"], m.isFinite else { return nil }
                    return (s, min(m, 2))
                }
                let band = (0...20).compactMap { j -> (Double, Double, Double)? in
                    guard let s = v["step\(j)"], let lo = v["curve_lo\(j)"], let hi = v["curve_hi\(j)"],
                          lo.isFinite, hi.isFinite else { return nil }
                    return (s, min(hi, 2), min(lo, 2))
                }
                if ["he", "lyapunov", "lyapunov-orthogonal"].contains(row[3]) {
                    plot.series.append(.init(label: nil, mark: .band, color: color,
                                             points: band.map { (x: $0.0, y: $0.1) }, errors: band.map(\.2)))
                }
                plot.series.append(.init(label: row[3], mark: .line(dashed: !row[3].hasPrefix("lyapunov")), color: color,
                                         points: points))
                k += 1
            }
            plot.yRange = 0...1.25
            plot.legendCorner = .bottomLeft
            return plot
        }

        /// Fraction of validation runs that train, against the learning rate.
        func trainedVersusRate(_ setting: Int) -> SVGPlot {
            let (task, width, depth) = settings[setting]
            var plot = SVGPlot(title: "\(task.name), N = \(width), L = \(depth): validation runs that train",
                               xLabel: "learning rate", yLabel: "fraction trained", xAxis: .log10)
            var k = 0
            for (row, v) in zip(t14.rows, t14.values) where v["setting"] == Double(setting) {
                let points = budget.grid.indices.map { (x: v["grid\($0)"]!, y: v["grid_trained\($0)"]!) }
                plot.series.append(.init(label: row[3], mark: .line(dashed: !row[3].hasPrefix("lyapunov")),
                                         color: SVGPlot.palette[k % 7], points: points))
                k += 1
            }
            plot.yRange = 0...1
            plot.legendCorner = .topLeft
            return plot
        }

        // The paired comparisons, counted.
        var favour = 0, against = 0, undecided = 0, total = 0
        var lines: [String] = []
        // The notebook decides at Holm-adjusted p < 0.01 (family-wise error at most 1%).
        let level = 0.01
        for (row, v) in zip(t14.rows, t14.values) where T14Training.lyapunovMethods.contains(row[3]) {
            for baseline in T14Training.baselines {
                guard let p = v["holm_p_\(baseline)"], let raw = v["wilcoxon_p_\(baseline)"] else { continue }
                total += 1
                let better = v["better_\(baseline)"]!, worse = v["worse_\(baseline)"]!
                // The direction of a Wilcoxon rejection is that of W+ against its null mean, not the win count.
                let direction = v["direction_\(baseline)"]!
                if p < level && direction < 0 { favour += 1 } else if p < level && direction > 0 { against += 1 } else { undecided += 1 }
                if p < level {
                    lines.append("\(row[0]) N = \(row[1]): \(row[3]) vs \(baseline): lower loss in \(Int(better)) of \(budget.runs) runs, higher in \(Int(worse)), median paired difference of loss / constant \(Cell.sig(v["median_diff_\(baseline)"]!, 2)) (Wilcoxon p = \(Cell.sig(raw, 2)), Holm \(NumberFormat.pValue(p, level: level)))")
                }
            }
        }
        func relative(_ task: String, _ n: String, _ method: String) -> String {
            t14.rows.first { $0[0] == task && $0[1] == n && $0[3] == method }?[7] ?? "n/a"
        }
        func gain(_ task: String, _ n: String, _ method: String) -> String {
            t14.rows.first { $0[0] == task && $0[1] == n && $0[3] == method }?[10] ?? "n/a"
        }
        let decided = lines.isEmpty ? "none of them reaches adjusted p < 0.01."
            : "those at adjusted p < 0.01:\n\n" + lines.map { "- \($0)" }.joined(separator: "\n") + "\n"

        var md = header("09. Training: does Lyapunov initialization train deep narrow networks better?")
        md += """
        The paper's practical claim is that Lyapunov initialization (sigma_crit, where the Lyapunov \
        exponent is 0) trains deep narrow Leaky ReLU networks better than He or orthogonal \
        initialization, which shrink the signal at small width. Here the Monte Carlo is over training \
        runs: every initialization of the study, four tasks, the paper's width and depth and width 8, \
        a learning rate chosen per method on separate validation seeds, then \(budget.runs) fresh runs \
        of \(budget.steps) steps (profile \(profile.rawValue)\(full ? ", the committed results/full/T14, 14 minutes on two cores; the quick profile that CI rebuilds has 8 runs of 150 steps" : "; `--profile full` uses 100 runs and 2000 steps")). Run r of every \
        method sees the same data, input and output layers and mini-batches, so methods are compared \
        pairwise, run by run.

            lyapsim train --task quintic --width 2 --depth 40 --init lyapunov --runs 20
            lyapsim train --task quintic --width 2 --depth 40 --init he --runs 20 --format json
            \(full ? "lyapsim tables --only T14 --profile full --out results/full" : command)

        **Where training starts.** The log gain column of T14 is the hidden stack's log(||X_L|| / ||X_0||) \
        at initialization. On the quintic task at width 2 and depth 40 it is \(gain("quintic", "2", "he")) \
        for He, \(gain("quintic", "2", "orthogonal")) for orthogonal, \(gain("quintic", "2", "xavier")) for \
        Xavier and \(gain("quintic", "2", "torch-default")) for torch's default (about L lambda: the law of \
        large numbers of notebook 01), against \(gain("quintic", "2", "lyapunov")) for Lyapunov. A network \
        whose signal is multiplied by e^-30 computes a constant, and its gradients with respect to the \
        early layers are as small (notebook 07: gradients vanish at the forward rate). Such runs end at \
        the constant predictor: median loss / constant \(relative("quintic", "2", "he")) for He, \
        \(relative("quintic", "2", "lyapunov")) for Lyapunov, \(relative("quintic", "2", "lyapunov-orthogonal")) \
        for Lyapunov with orthogonal weights.


        """
        md += figure("fig09-curves-quintic.svg", "median held-out loss curves, quintic, N = 2, L = 40")
        md += figure("fig09-curves-quintic-wide.svg", "median held-out loss curves, quintic, N = 8, L = 40")
        md += figure("fig09-trained-vs-lr.svg", "fraction of validation runs that train against the learning rate, quintic N = 8")
        md += """
        **What the paired comparisons support.** T14 has \(total) paired comparisons (three Lyapunov \
        methods against He and against orthogonal, in eight settings), each on loss / constant, run by \
        run. Judged by the exact two-sided Wilcoxon test with Holm's adjustment over all \(total) (so the \
        chance of any false claim in the family is at most 1%), at adjusted p < 0.01 \(favour) favour \
        the Lyapunov method, \(against) favour the baseline and \(undecided) show no difference that \
        \(budget.runs) runs can detect (which is not evidence that there is none); \(decided)
        The direction is that of Wilcoxon's statistic, and the median paired difference is the size of \
        the effect: two runs that both end at the constant predictor differ by noise of order 1e-4, \
        which the tests can count as wins, so read the p-values together with the differences.

        Honest limits: the paper's polynomial, mixture, step counts and hyperparameter grid are not \
        public, so these tasks are lyapsim's definitions (README); \(budget.steps) steps is short \
        training; and the teacher task's teacher is drawn from the Lyapunov law, which may favour it.


        """
        md += table("T14", full: full)
        return Notebook(fileName: "09-training.md", markdown: md,
                        figures: [("fig09-curves-quintic.svg", curves(0).render()),
                                  ("fig09-curves-quintic-wide.svg", curves(1).render()),
                                  ("fig09-trained-vs-lr.svg", trainedVersusRate(1).render())])
    }
}
