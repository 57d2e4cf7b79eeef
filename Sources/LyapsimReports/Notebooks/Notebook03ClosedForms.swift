import Foundation
import RandomNets

extension NotebookBuilder {
    func closedForms() throws -> Notebook {
        let t1 = tables["T1"]!
        let slopes = T1LyapunovExponent.slopes
        var figures: [(String, String)] = []
        for ensemble in Ensemble.allCases {
            var plot = SVGPlot(title: "lambda at the He gain against width (\(ensemble.rawValue) weights)",
                               xLabel: "width N (log scale)", yLabel: "lambda per layer", xAxis: .log2)
            for (k, a) in slopes.enumerated() {
                let curve = try (1...128).map { n -> (x: Double, y: Double) in
                    let p = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a,
                                                       sigma: LeakyReLU(slope: a).heGain)
                    return (Double(n), p.lyapunovExponent)
                }
                plot.series.append(.init(label: "a = \(NumberFormat.general(a, 3)), closed form",
                                         mark: .line(dashed: false), color: SVGPlot.palette[k], points: curve))
                let rows = t1.values.filter { $0["orthogonal"] == (ensemble == .orthogonal ? 1 : 0) && $0["a"] == a }
                plot.series.append(.init(label: k == 0 ? "Monte Carlo (T1), +- 2 stderr" : nil, mark: .errorBars,
                                         color: SVGPlot.palette[k],
                                         points: rows.map { ($0["N"]!, $0["lambda_mc"]!) },
                                         errors: rows.map { 2 * $0["stderr"]! }))
            }
            plot.horizontalLines = [(0, "infinite width: lambda = 0")]
            plot.xRange = 1...160
            plot.legendCorner = .bottomRight
            plot.yRange = -1.6...0.1
            figures.append(("fig03-lambda-vs-width-\(ensemble.rawValue).svg", plot.render()))
        }
        let t7 = tables["T7"]!
        let relu4096 = t7.rows.first { $0[0] == "0" && $0[1] == "4096" }!

        var md = header("03. The closed forms: lambda across width and slope")
        md += """
        **The formulas.** Both ensembles are rotation invariant, so r = ||x_l|| / ||x_{l-1}|| has the law of \
        ||phi(W u)|| for a fixed unit u, independent across layers. Writing ||phi(z)||^2 = T V with \
        T = ||z||^2 ~ chi^2_N independent of V = a^2 + (1 - a^2) U, U | K ~ Beta(K/2, (N-K)/2):

            gaussian:   lambda = (1/2) [ log(sigma^2 / N) + psi(N/2) + log 2 + m ],   m = E log V
            orthogonal: lambda = log sigma + m/2

        m is a binomial mixture of one-dimensional Beta integrals, computed with GSL's adaptive quadrature \
        (QAGS) and checked in the tests against a second, independent route (the Laplace integral \
        E log S = int_0^inf (e^-t - M(t)^N) / t dt) and against 30-digit values.

            lyapsim theory --width 8 --slope 0.1 --ensemble gaussian
            lyapsim theory --width 8 --slope 0.1 --ensemble orthogonal
            \(command)

        Curves: closed forms at N = 1 to 128. Points: Monte Carlo (T1) with full weight matrices, bars \
        of +- 2 standard errors.


        """
        md += figure("fig03-lambda-vs-width-gaussian.svg", "lambda against width, gaussian weights")
        md += figure("fig03-lambda-vs-width-orthogonal.svg", "lambda against width, orthogonal weights")
        md += table("T7")
        md += """
        **Reading.** At the He gain lambda is negative at every width and rises to 0 like 1/N; small \
        slopes are worse, because a layer that passes only the positive half of a narrow vector loses \
        a random, often large, share of its norm. Orthogonal weights remove the chi^2_N factor T and with \
        it part of the loss: lambda_orth - lambda_gauss = -(1/2) [psi(N/2) + log(2/N)] > 0, about 1/(2N). \
        T7 shows the 1/N scaling: N lambda and N s^2 settle on the delta-method limits; for ReLU at \
        N = 4096 the gaussian N s^2 is \(relu4096[3]) against the limit 1.25, which is Hanin and Nica's \
        5 beta law (per-layer variance of log||x||^2 of 5/N).

        """
        return Notebook(fileName: "03-closed-forms.md", markdown: md, figures: figures)
    }
}
