import Foundation
import RandomNets

extension NotebookBuilder {
    func lyapunovInitialization() throws -> Notebook {
        let a = 0.1
        let he = LeakyReLU(slope: a).heGain
        var lambdaPlot = SVGPlot(title: "lambda against the weight scale (gaussian, a = 0.1)",
                                 xLabel: "sigma", yLabel: "lambda per layer")
        var crits: [(Int, Double)] = []
        for (k, n) in [2, 4, 8, 16, 64].enumerated() {
            let crit = try LyapunovTheory.sigma(for: .lyapunov, ensemble: .gaussian, width: n, slope: a)
            crits.append((n, crit))
            let curve = try stride(from: 1.0, through: 3.4, by: 0.02).map { s -> (x: Double, y: Double) in
                (s, try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: s).lyapunovExponent)
            }
            lambdaPlot.series.append(.init(label: "N = \(n), sigma_crit = \(fmt(crit, 3))", mark: .line(dashed: false),
                                           color: SVGPlot.palette[k], points: curve))
            lambdaPlot.series.append(.init(label: nil, mark: .points, color: SVGPlot.palette[k], points: [(crit, 0)]))
        }
        lambdaPlot.horizontalLines = [(0, "lambda = 0")]
        lambdaPlot.verticalLines = [(he, "He gain \(fmt(he, 3))")]
        lambdaPlot.yRange = -1.0...0.9
        lambdaPlot.legendCorner = .bottomRight

        // He against Lyapunov in depth: median and 5-95% band of S_l.
        let (n, depth, samples) = (4, 500, 1000)
        var depthPlot = SVGPlot(title: "log||x_l|| in depth: He vs Lyapunov (gaussian, N = 4, a = 0.1)",
                                xLabel: "layer l", yLabel: "log||x_l||")
        var medians: [String: Double] = [:]
        for (k, initialization) in Initialization.allCases.enumerated() {
            let sigma = try LyapunovTheory.sigma(for: initialization, ensemble: .gaussian, width: n, slope: a)
            let run = try ctx.simulate(.gaussian, width: n, slope: a, sigma: sigma, depth: depth, samples: samples,
                                       method: .reduced, seed: ctx.seed(table: 104, cell: k), trajectories: true)
            let layers = stride(from: 5, through: depth, by: 5).map { $0 }
            var med: [(x: Double, y: Double)] = [], lo: [Double] = [], hi: [(x: Double, y: Double)] = []
            for l in layers {
                let column = (0..<samples).map { run.trajectories[$0 * depth + l - 1] }.sorted()
                med.append((Double(l), quantile(column, 0.5)))
                lo.append(quantile(column, 0.05))
                hi.append((Double(l), quantile(column, 0.95)))
            }
            medians[initialization.rawValue] = med.last!.y
            let name = initialization == .he ? "He (sigma = \(fmt(sigma, 3)))" : "Lyapunov (sigma = \(fmt(sigma, 3)))"
            depthPlot.series.append(.init(label: "\(name): median", mark: .line(dashed: false),
                                          color: SVGPlot.palette[k], points: med))
            depthPlot.series.append(.init(label: "\(name): 5% to 95%", mark: .band, color: SVGPlot.palette[k],
                                          points: hi, errors: lo))
        }
        depthPlot.legendCorner = .bottomLeft
        let heTheory = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: he)

        var md = header("04. Lyapunov initialization: the scale at which lambda = 0")
        md += """
        **The idea.** Scaling every weight by c adds log c to every log-ratio, so lambda(sigma) = \
        log sigma + lambda(1) and the critical scale

            sigma_crit = exp(-lambda(1)),   lambda(sigma_crit) = 0

        separates vanishing from exploding activations (Kogler, Schwarz and Kittle). He initialization, \
        sigma^2 = 2 / (1 + a^2), makes E||x_l||^2 constant, but by Jensen's inequality E log||x_l|| still \
        falls: at finite width sigma_He < sigma_crit.

            lyapsim init --width 4 --slope 0.1
            lyapsim estimate --width 4 --slope 0.1 --init lyapunov --depth 500
            \(command)


        """
        md += figure("fig04-lambda-vs-sigma.svg", "lambda against sigma, crossing zero at sigma_crit")
        md += figure("fig04-he-vs-lyapunov-depth.svg", "log||x_l|| in depth for He and Lyapunov initialization")
        md += table("T2", filter: { $0[0] == "0.1" }, caption: "rows with a = 0.1")
        md += table("T5")
        md += """
        **Reading.** Each line crosses zero at its sigma_crit (\(crits.map { "N = \($0.0): \(fmt($0.1, 3))" }.joined(separator: ", "))), \
        to the right of the He gain \(fmt(he, 3)); the gap closes as N grows. At width \(n) the He \
        network's median log-norm after \(depth) layers is \(fmt(medians["he"]!, 1)) (theory: L lambda = \
        \(fmt(Double(depth) * heTheory.lyapunovExponent, 1))), a signal shrunk by e^\(fmt(-medians["he"]!, 0)); the \
        Lyapunov network's median is \(fmt(medians["lyapunov"]!, 1)). What remains at sigma_crit is the CLT \
        spread sqrt(L) s, which grows without bound: Lyapunov initialization centres the log-norm, it \
        does not freeze it. T5 shows the same for both ensembles: He loses most narrow networks by depth \
        500, Lyapunov keeps the median near 0.

        """
        return Notebook(fileName: "04-lyapunov-initialization.md", markdown: md,
                        figures: [("fig04-lambda-vs-sigma.svg", lambdaPlot.render()),
                                  ("fig04-he-vs-lyapunov-depth.svg", depthPlot.render())])
    }
}
