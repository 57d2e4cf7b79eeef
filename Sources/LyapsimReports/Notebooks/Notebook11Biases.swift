import Foundation
import RandomNets

extension NotebookBuilder {
    /// Networks with biases: where order turns to chaos at finite width (T17).
    func biases() throws -> Notebook {
        guard let t17 = tables["T17"] else { throw InvalidParameter(parameter: "only", "notebook 11 needs table T17") }
        var figures: [(String, String)] = []
        for (f, family) in T17BiasPhaseDiagram.families.enumerated() {
            var plot = SVGPlot(title: "lambda_1 = 0 with biases: \(family.name)", xLabel: "sigma_b",
                               yLabel: "sigma_w at the order/chaos boundary")
            let rows = t17.values.filter { $0["family"] == Double(f) }
            for (k, n) in T17BiasPhaseDiagram.widths.enumerated() {
                let points = rows.compactMap { v in v["star_\(n)"].map { (x: v["sb"]!, y: $0) } }
                plot.series.append(.init(label: "N = \(n) (Monte Carlo)", mark: .line(dashed: false),
                                         color: SVGPlot.palette[k], points: points))
            }
            plot.series.append(.init(label: "mean field, chi_1 = 1", mark: .line(dashed: true), color: SVGPlot.palette[6],
                                     points: rows.map { (x: $0["sb"]!, y: $0["inf"]!) }))
            plot.legendCorner = .topLeft
            figures.append(("fig11-bias-boundary-\(f == 0 ? "leaky-relu" : "tanh").svg", plot.render()))
        }
        let leaky = t17.values.filter { $0["family"] == 0 }
        let gap4 = leaky.compactMap { v in v["star_4"].map { $0 - v["inf"]! } }
        let gap64 = leaky.compactMap { v in v["star_64"].map { $0 - v["inf"]! } }
        let mean = { (xs: [Double]) in xs.isEmpty ? Double.nan : xs.reduce(0, +) / Double(xs.count) }

        var md = header("11. Order and chaos with biases, at finite width")
        md += """
        **The question.** With biases, x_l = phi(W_l x_{l-1} + b_l), the activations no longer shrink to \
        zero or blow up with depth in the way the Lyapunov exponent of the log-norm describes: the biases \
        feed every layer, and in the mean-field limit the length per coordinate settles at the fixed point \
        q* of q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2. What decides whether a deep network with \
        biases can be trained is then the Jacobian: a perturbation of the input (and, transposed, a \
        gradient) grows or shrinks like exp(lambda_1 L), where lambda_1 is the top Lyapunov exponent of \
        J_L = D_L W_L ... D_1 W_1. Mean-field theory (Poole, Lahiri, Raghu, Sohl-Dickstein and Ganguli, \
        "Exponential expressivity in deep neural networks through transient chaos"; Schoenholz, Gilmer, \
        Ganguli and Sohl-Dickstein, "Deep information propagation") puts the boundary at chi_1 = 1, and \
        lambda_1 -> (1/2) log chi_1 as the width grows. Where is the boundary at finite width?

            lyapsim meanfield --slope 0.1 --sigma 1.2 --bias-sigma 0.5
            lyapsim spectrum --width 16 --slope 0.1 --sigma 1.2 --bias-sigma 0.5 --depth 200 --samples 50
            \(command)


        """
        md += figures.map { figure($0.0, "The sigma_w at which lambda_1 = 0 against sigma_b") }.joined()
        md += table("T17")
        md += """
        **What the table shows.** At every width the Monte Carlo boundary lies at a larger sigma_w than \
        the mean-field line: at the mean-field critical point lambda_1 is negative, so a narrow network \
        with biases initialized "at criticality" is still in the ordered phase, and its gradients shrink \
        exponentially with depth. For Leaky ReLU (a = 0.1) the finite-width boundary sits on average \
        \(fmt(mean(gap4), 3)) above the mean-field sigma_w = 1.407 at N = 4 and \(fmt(mean(gap64), 3)) \
        above it at N = 64 (this run's profile): the same finite-width correction that makes the He gain \
        shrink the signal of a network without biases. The exact top exponent without biases, \
        lambda_1 = lambda (T9), is the sigma_b -> 0 end of these lines.

        **How lambda_1 is measured.** The QR (Benettin) method pushes the forward vector and a tangent \
        through the same W_l, adds the bias to the forward pre-activation only, multiplies the tangent by \
        D_l = diag(phi'(h_l)) and renormalizes it; lambda_1-hat is the time average of the log of those \
        norms. The checks in the test suite: with slope 1 the Jacobian does not depend on the biases at \
        all, and every exponent matches Newman's exact spectrum; for Leaky ReLU lambda_1 approaches \
        (1/2) log chi_1 from below as N grows from 16 to 256.


        """
        return Notebook(fileName: "11-biases-order-chaos.md", markdown: md, figures: figures)
    }
}
