import Foundation
import RandomNets

extension NotebookBuilder {
    func phaseTransition() throws -> Notebook {
        let (n, a, depth, samples) = (8, 0.1, 1000, 400)
        let crit = try LyapunovTheory.sigma(for: .lyapunov, ensemble: .gaussian, width: n, slope: a)
        let theoryAtCrit = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: crit)
        let ratios = stride(from: 0.9, through: 1.1001, by: 0.01).map { $0 }
        var med: [(x: Double, y: Double)] = [], hi: [(x: Double, y: Double)] = [], lo: [Double] = []
        for (k, ratio) in ratios.enumerated() {
            let run = try ctx.simulate(.gaussian, width: n, slope: a, sigma: ratio * crit, depth: depth,
                                       samples: samples, method: .reduced, seed: ctx.seed(table: 105, cell: k))
            let s = run.finalLogNorms.sorted()
            med.append((ratio, quantile(s, 0.5)))
            hi.append((ratio, quantile(s, 0.95)))
            lo.append(quantile(s, 0.05))
        }
        var plot = SVGPlot(title: "log||x_L|| at L = 1000 across sigma_crit (gaussian, N = 8, a = 0.1)",
                           xLabel: "sigma / sigma_crit", yLabel: "log||x_L||")
        let spread = 1.645 * (Double(depth) * theoryAtCrit.cltVariance).squareRoot()
        plot.series.append(.init(label: "Monte Carlo: 5% to 95%", mark: .band, color: SVGPlot.palette[0],
                                 points: hi, errors: lo))
        plot.series.append(.init(label: "Monte Carlo: median", mark: .points, color: SVGPlot.palette[0], points: med))
        plot.series.append(.init(label: "theory: L log(sigma/sigma_crit)", mark: .line(dashed: false),
                                 color: SVGPlot.palette[1], points: ratios.map { ($0, Double(depth) * log($0)) }))
        plot.series.append(.init(label: "theory: +- 1.645 sqrt(L) s", mark: .line(dashed: true), color: SVGPlot.palette[1],
                                 points: ratios.map { ($0, Double(depth) * log($0) + spread) }))
        plot.series.append(.init(label: nil, mark: .line(dashed: true), color: SVGPlot.palette[1],
                                 points: ratios.map { ($0, Double(depth) * log($0) - spread) }))
        plot.legendCorner = .topLeft
        let cut = 30 * log(10.0)
        plot.horizontalLines = [(cut, "||x_L|| = 1e30"), (-cut, "||x_L|| = 1e-30")]

        let t6 = tables["T6"]!
        let zs = t6.values.compactMap { $0["z"] }
        let worstDeath = zs.map(abs).max() ?? .nan

        var md = header("05. The phase transition at lambda = 0")
        md += """
        **The statement.** By the LLN, log||x_L|| ~ L lambda(sigma) = L log(sigma / sigma_crit): below \
        sigma_crit the activations vanish exponentially in depth, above it they explode, and the change \
        is sharp: at depth L a relative change of scale delta moves log||x_L|| by about L delta. Only at \
        sigma_crit itself is the centre 0, and the CLT spread sqrt(L) s is all that is left.

            lyapsim estimate --width \(n) --slope \(a) --sigma \(fmt(1.05 * crit, 4)) --depth \(depth) --method reduced
            \(command)


        """
        md += figure("fig05-phase-transition.svg", "Median and 5-95% band of log||x_L|| across sigma_crit")
        md += table("T4")
        md += """
        With ReLU (a = 0) there is no critical scale at all: a layer kills the whole vector with \
        probability 2^-N, so lambda = -infinity and every network dies eventually. T6 checks the dead \
        fraction against the exact law 1 - (1 - 2^-N)^L.


        """
        md += table("T6")
        md += """
        **Reading.** The Monte Carlo medians sit on the line L log(sigma / sigma_crit) and the 5-95% \
        band matches the CLT's +- 1.645 sqrt(L) s = +- \(fmt(spread, 1)) nats. A 10% error in the scale, \
        as small as the difference between common initialization rules, moves the median log-norm by \
        about \(fmt(Double(depth) * log(1.1), 0)) nats at depth \(depth): from 'keeps its signal' to \
        'overflows double precision'. The ReLU death counts agree with the exact law (largest |z| = \
        \(fmt(worstDeath, 2)) over \(zs.count) rows with a finite z).

        """
        return Notebook(fileName: "05-phase-transition.md", markdown: md,
                        figures: [("fig05-phase-transition.svg", plot.render())])
    }
}
