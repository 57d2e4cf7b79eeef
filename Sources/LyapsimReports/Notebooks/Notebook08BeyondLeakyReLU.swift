import Foundation
import RandomNets

extension NotebookBuilder {
    /// Notebook 08: activations other than Leaky ReLU at initialization
    /// (docs/theory.md, "Mean field for other activations" and "Dead units and
    /// centred orthogonal weights"): mean field against finite width,
    /// dying ReLU, odd sigmoids at depth.
    func beyondLeakyReLU() throws -> Notebook {
        let t11 = tables["T11"]!, t12 = tables["T12"]!, t13 = tables["T13"]!

        // Figure 1: tanh q_l at several widths against the mean-field map (T11's values).
        var qPlot = SVGPlot(title: "tanh, sigma = 1.5: q_l at finite width against the mean-field map",
                            xLabel: "layer l", yLabel: "q_l = ||h_l||^2 / N")
        let tanhRows = t11.values.prefix(1 + T11MeanFieldFiniteWidth.widths.count)
        let depth = T11MeanFieldFiniteWidth.depth
        for (k, v) in tanhRows.enumerated() {
            let n = v["N"]!
            let points = (1...depth).map { (x: Double($0), y: v["q\($0)"]!) }
            if n.isInfinite {
                qPlot.series.append(.init(label: "mean field", mark: .line(dashed: false), color: SVGPlot.palette[6], points: points))
            } else if [2.0, 8, 128].contains(n) {
                qPlot.series.append(.init(label: "N = \(Int(n)) (+- 1 stderr)", mark: .errorBars, color: SVGPlot.palette[k % 6],
                                          points: points, errors: (1...depth).map { v["se\($0)"]! }))
            }
        }
        let mfTanh = try MeanField(activation: Tanh(), sigma: T11MeanFieldFiniteWidth.sigma)
        qPlot.horizontalLines = [(mfTanh.fixedPointQ!, "q*")]

        // Figure 2: ReLU dead fraction against depth at N = 8 by initialization (T12's values).
        var deadPlot = SVGPlot(title: "ReLU, N = 8: fraction of units dead on all 3 inputs",
                               xLabel: "layer l", yLabel: "dead fraction")
        var color = 0
        for (row, v) in zip(t12.rows, t12.values) where row[0] == "relu" && row[3] == "8" && !v.isEmpty {
            deadPlot.series.append(.init(label: row[1], mark: .line(dashed: row[1] == "relu-orthogonal"),
                                         color: SVGPlot.palette[color % 7],
                                         points: (1...T12DyingReLU.depth).map { (x: Double($0), y: v["dead\($0)"]!) }))
            color += 1
        }
        deadPlot.legendCorner = .bottomRight

        // Figure 3: tanh dispersion against depth at N = 16 per initialization (fresh runs; the
        // diagonal noise is T13's searched value for tanh, N = 16, L = 100).
        let n = 16, l = 100, samples = ctx.samples(40), inputs = T13OddSigmoids.inputs
        let searched = t13.values.first { $0["N"] == 16 && $0["L"] == 100 }?["noise"] ?? .nan
        let inits: [(String, any WeightEnsemble)] = [
            ("xavier (gaussian, sigma 1)", try GaussianEnsemble(sigma: 1)),
            ("he (gaussian, sigma sqrt 2)", try GaussianEnsemble(sigma: 2.0.squareRoot())),
            ("orthogonal (sigma 1)", try OrthogonalEnsemble(sigma: 1)),
            ("diagonal-noise \(Cell.sig(searched, 4)) (searched)", try DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": searched]))),
            ("diagonal-noise 0.085 (tanh predecessor)", try DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": 0.085]))),
        ]
        var dispPlot = SVGPlot(title: "tanh, N = 16: dispersion of x_l across 3 inputs", xLabel: "layer l",
                               yLabel: "mean sd across inputs")
        var lastDispersion: [String: Double] = [:]
        for (k, (label, ensemble)) in inits.enumerated() {
            let p = try ctx.profile(Tanh(), ensemble, width: n, depth: l, samples: samples, inputs: inputs,
                                    seed: ctx.seed(table: 108, cell: k))
            dispPlot.series.append(.init(label: label, mark: .line(dashed: k == 4), color: SVGPlot.palette[k],
                                         points: p.layers.map { (x: Double($0.layer), y: $0.dispersion!.mean) }))
            lastDispersion[label] = p.layers[l - 1].dispersion!.mean
        }
        dispPlot.legendCorner = .topRight

        // Numbers for the text.
        func z30(_ activation: String, _ width: String) -> String {
            t11.rows.first { $0[0] == activation && $0[1] == width }?[7] ?? "n/a"
        }
        func dead100(_ rule: String, _ width: String) -> String {
            t12.rows.first { $0[0] == "relu" && $0[1] == rule && $0[3] == width }?[6] ?? "n/a"
        }
        let mfErf = try MeanField(activation: Erf(), sigma: 1.5)

        var md = header("08. Beyond Leaky ReLU: mean field, dying ReLU, odd sigmoids")
        md += """
        The limit theorems of notebooks 01 to 06 are about log||x_L|| and need a positively homogeneous \
        activation (phi(c t) = c phi(t)): only then is the log-norm a sum of per-layer increments. For \
        tanh, erf, softsign, hard-tanh, sigmoid and scaled tanh lyapsim reports what does apply: the \
        mean-field maps of Poole et al. (2016) and Schoenholz et al. (2017), and finite-width Monte Carlo \
        of the signal itself (`lyapsim estimate --activation tanh` refuses, and says why).

            lyapsim meanfield --activation tanh --sigma 1.5 --format json
            lyapsim profile --activation tanh --width 8 --depth 30 --sigma 1.5 --inputs 2
            \(command)

        **Mean field.** V(q) = sigma^2 E[phi(sqrt(q) z)^2] has, for tanh at sigma = 1.5, the fixed point \
        q* = \(fmt(mfTanh.fixedPointQ!, 6)) with chi_1 = \(fmt(mfTanh.chi1, 6)) > 1 (chaotic: nearby inputs \
        decorrelate, towards the correlation fixed point c* = 0 with depth scale \
        \(fmt(mfTanh.depthScale!, 2)) layers); erf gives q* = \(fmt(mfErf.fixedPointQ!, 6)), chi_1 = \
        \(fmt(mfErf.chi1, 6)). These are computed by GSL quadrature and agree with 30-digit mpmath values \
        to 1e-10 (tools/reference_meanfield.py). At finite width the map is only the mean of a random \
        recursion: E q_1 and E q_2 are exact at every N, and later layers inherit a bias of order 1/N \
        from the fluctuations of q through the concavity of V.


        """
        md += figure("fig08-q-vs-meanfield.svg", "tanh q_l against the mean-field map at N = 2, 8, 128")
        md += table("T11")
        md += """
        **Reading T11.** At width 2 the mean-field map is simply wrong (z at layer 30: \(z30("tanh", "2")) \
        for tanh, \(z30("softsign", "2")) for softsign): the length settles well below q*. The gap \
        shrinks with the width (tanh: z = \(z30("tanh", "8")) at N = 8, \(z30("tanh", "32")) at N = 32, \
        \(z30("tanh", "128")) at N = 128), as an O(1/N) bias should; how many standard errors remain \
        depends on the number of networks, so a larger run resolves a bias at N = 32 that this one \
        cannot. The infinite-width story describes tanh from a few tens of units on at this sigma, and \
        not the deep narrow networks of the paper (width 2).


        **Dying ReLU** (Lee, Kim and Choi, "Optimized Weight Initialization on the Stiefel Manifold for Deep ReLU Neural Networks", arXiv 2509.00362). With ReLU the activations are non-negative, so each unit of the next \
        layer receives a random offset from the mean of the previous layer that is fixed for the whole \
        layer; units with a negative offset are dead for most inputs. T12 counts units inactive on all \
        three inputs of a batch. At layer 1 the count follows the exact orthant law (about 1/8 for \
        three nearly orthogonal inputs; `swift test` checks it and its conditional version at every \
        layer). With depth, He, orthogonal, Xavier and torch-default all end near 1/2 dead at N = 16 \
        and, at N = 4, the whole network dies (dead fraction \(dead100("he", "4")) for He at layer 100). \
        lyapsim's relu-orthogonal construction removes the mean component before an orthogonal map \
        (every row has mean 0), so no unit receives an offset: its dead fraction at layer 100 is \
        \(dead100("relu-orthogonal", "16")) at N = 16 against \(dead100("he", "16")) for He, and no network dies (the \
        pre-activations sum to 0, so one of them is positive unless all vanish). This is our construction \
        of Lee, Kim and Choi's principle, not their closed-form family, which is not reproduced here.


        """
        md += figure("fig08-dead-fraction.svg", "ReLU dead fraction against depth by initialization, N = 8")
        md += table("T12", filter: { $0[0] == "relu" }, caption: "ReLU rows")
        md += """
        **Odd sigmoids at depth** (Lee, Choi and Kim, "Signal Preserving Weight Initialization for Odd-Sigmoid Activations"). For tanh at sigma = 1 (Xavier) the mean-field map has \
        q* = 0 and chi_1 = 1: V(q) = q - 2 q^2 + O(q^3), so the mean-field signal shrinks like 1/(2 l); \
        at finite width it shrinks faster, and with it the difference between inputs (dispersion below; \
        T13 at N = 4, L = 1000). He (sigma = sqrt 2) is on the chaotic side and keeps a dispersed signal, \
        orthogonal at sigma = 1 shrinks it more slowly than Xavier. Diagonal-plus-noise weights \
        W = I + Z keep the input's own coordinates and add noise; `lyapsim init --ensemble \
        diagonal-noise --target-depth L` picks the noise with E q_L = q_0 (T13's searched column). At \
        N = 16, L = 100 the dispersion at layer 100 is \
        \(fmt(lastDispersion[inits[3].0] ?? .nan, 3)) at the searched noise, \
        \(fmt(lastDispersion[inits[4].0] ?? .nan, 3)) at the tanh predecessor's 0.085 (whose signal still shrinks: \
        W = I + Z at small noise is nearly the identity, and tanh contracts), and \
        \(fmt(lastDispersion[inits[0].0] ?? .nan, 4)) for Xavier.


        """
        md += figure("fig08-dispersion.svg", "tanh dispersion against depth by initialization, N = 16")
        md += table("T13", filter: { $0[0] == "tanh" }, caption: "tanh rows")
        md += """
        **What this does not show.** Training: these are statements about initialization only. The \
        searched noise uses lyapsim's criterion E q_L = q_0, stated in `NoiseSearch`; Lee, Choi and Kim's own \
        criterion and constants are not reproduced here; only the value 0.085 for tanh is used.

        """
        return Notebook(fileName: "08-beyond-leaky-relu.md", markdown: md,
                        figures: [("fig08-q-vs-meanfield.svg", qPlot.render()),
                                  ("fig08-dead-fraction.svg", deadPlot.render()),
                                  ("fig08-dispersion.svg", dispPlot.render())])
    }
}
