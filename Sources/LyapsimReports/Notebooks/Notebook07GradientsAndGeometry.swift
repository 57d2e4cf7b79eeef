import Foundation
import RandomNets

extension NotebookBuilder {
    /// 07: the Jacobian's spectrum, back-propagated gradients and the angle
    /// between two inputs. Spectra come from T9's values; the gradient
    /// profiles and the per-layer angles are fresh runs.
    func gradientsAndGeometry() throws -> Notebook {
        guard let t9 = tables["T9"] else { throw InvalidParameter(parameter: "only", "notebook 07 needs table T9") }
        let a = 0.1

        // Figure 1: Newman's curve with the measured spectra.
        var spectrumPlot = SVGPlot(title: "Jacobian spectrum, gaussian weights, N = 32 (depth 100)",
                                   xLabel: "k", yLabel: "lambda_k per layer")
        let rows32 = t9.values.enumerated().filter { $0.element["N"] == 32 && t9.rows[$0.offset][1] == "gaussian" }
        for (i, (offset, v)) in rows32.enumerated() {
            let slope = v["a"]!
            let isNewman = t9.rows[offset][0].hasPrefix("Newman")
            let points = (1...32).map { (x: Double($0), y: v["lambda_\($0)"]!) }
            let errors = (1...32).map { v["se_\($0)"]! }
            spectrumPlot.series.append(.init(label: "Monte Carlo, a = \(Cell.sig(slope, 3))", mark: .errorBars,
                                             color: SVGPlot.palette[i % SVGPlot.palette.count],
                                             points: points, errors: errors))
            if isNewman {
                let curve = (1...32).map { (x: Double($0), y: v["theory_\($0)"]!) }
                spectrumPlot.series.append(.init(label: "Newman (a = 1)", mark: .line(dashed: true), color: "#555555",
                                                 points: curve))
            }
        }
        spectrumPlot.legendCorner = .bottomLeft

        // Figure 2: gradient norms per layer for four initializations.
        let (n, depth) = (4, 100)
        let m = ctx.samples(200)
        struct Scheme { let label: String; let ensemble: Ensemble; let initialization: Initialization }
        let schemes = [Scheme(label: "He, gaussian", ensemble: .gaussian, initialization: .he),
                       Scheme(label: "orthogonal at He gain", ensemble: .orthogonal, initialization: .he),
                       Scheme(label: "Lyapunov, gaussian", ensemble: .gaussian, initialization: .lyapunov),
                       Scheme(label: "Lyapunov, orthogonal", ensemble: .orthogonal, initialization: .lyapunov)]
        var gradientPlot = SVGPlot(title: "Weight-gradient norms at initialization (N = 4, a = 0.1, depth 100)",
                                   xLabel: "layer l", yLabel: "mean log||dL/dW_l||")
        var gradientRows = "| initialization | sigma | lambda (closed form) | backward rate (MC) | mean log-gradient, layer 1 | layer 50 | layer 100 |\n| --- | --- | --- | --- | --- | --- | --- |\n"
        for (k, scheme) in schemes.enumerated() {
            let sigma = try LyapunovTheory.sigma(for: scheme.initialization, ensemble: scheme.ensemble, width: n, slope: a)
            let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: scheme.ensemble, sigma: sigma)
            let config = try SimulationConfig(samples: m, seed: ctx.seed(table: 107, cell: k), generator: ctx.generator,
                                              threads: ctx.threads, method: .full)
            let profile = GradientProfile(try Backpropagation.simulate(spec, config))
            let theory = try LyapunovTheory.predict(ensemble: scheme.ensemble, width: n, slope: a, sigma: sigma)
            gradientPlot.series.append(.init(label: "\(scheme.label) (sigma = \(fmt(sigma, 3)))", mark: .line(dashed: false),
                                             color: SVGPlot.palette[k],
                                             points: profile.layers.map { (Double($0.layer), $0.meanLogNorm) }))
            let se = profile.backwardRate.standardError ?? .nan
            gradientRows += "| \(scheme.label) | \(fmt(sigma)) | \(fmt(theory.lyapunovExponent)) | \(fmt(profile.backwardRate.mean)) +- \(fmt(se)) | "
                + [1, 50, 100].map { fmt(profile.layers[$0 - 1].meanLogNorm, 2) }.joined(separator: " | ") + " |\n"
        }
        gradientPlot.legendCorner = .bottomLeft

        // Figure 3: cos theta_l against depth beside the kernel map.
        let angleDepth = 200
        var anglePlot = SVGPlot(title: "cos theta_l of two inputs (theta_0 = 1, gaussian, a = 0.1, He gain)",
                                xLabel: "layer l", yLabel: "mean cos theta_l")
        var collapse: [(Int, Int?, Int?)] = []
        for (k, width) in [2, 8, 32, 1024].enumerated() {
            let spec = try NetworkSpec(width: width, depth: angleDepth, slope: a, ensemble: .gaussian,
                                       sigma: LeakyReLU(slope: a).heGain)
            let config = try SimulationConfig(samples: ctx.samples(400), seed: ctx.seed(table: 107, cell: 10 + k),
                                              generator: ctx.generator, threads: ctx.threads, method: .reduced)
            let profile = try AngleProfile(InputAngles.simulate(spec, config, angle: 1.0))
            anglePlot.series.append(.init(label: "N = \(width)", mark: .line(dashed: false), color: SVGPlot.palette[k],
                                          points: profile.layers.map { (Double($0.layer), $0.meanCos) }))
            collapse.append((width, profile.medianCollapseLayer, profile.kernelCollapseLayer))
        }
        let kernel = try AngleKernel(slope: a).iterate(from: cos(1.0), depth: angleDepth)
        anglePlot.series.append(.init(label: "kernel map (N = infinity)", mark: .line(dashed: true), color: "#000000",
                                      points: kernel.enumerated().map { (Double($0.offset + 1), $0.element) }))
        anglePlot.legendCorner = .bottomRight
        let collapseText = collapse.map { "N = \($0.0): \($0.1.map { "layer \($0)" } ?? "beyond \(angleDepth)")" }
            .joined(separator: ", ")

        let newman = t9.rows.filter { $0[0].hasPrefix("Newman") }
        let newmanWorst = newman.compactMap { Double($0[13]) }.max() ?? .nan

        var md = header("07. Gradients and geometry: the Jacobian's spectrum, back-propagation and angles")
        md += """
        For Leaky ReLU the activation is linear along its own trajectory: x_l = D_l W_l x_{l-1} with \
        D_l = diag(phi'(h_l)), entries 1 or a. So the whole network acts on its input as the Jacobian \
        J_L = D_L W_L ... D_1 W_1, and what happens to the signal, to a gradient and to the difference \
        between two inputs is decided by one random matrix product. Its Lyapunov spectrum \
        lambda_1 >= ... >= lambda_N (growth rates of k-dimensional volumes) is the complete picture; \
        `lyapsim spectrum` computes it by the QR (Benettin) method.

        **Exact checks.** At a = 1 the product is Gaussian and the spectrum is Newman's, \
        lambda_k = (1/2)[log(2 sigma^2/N) + psi((N-k+1)/2)]; at every slope the sum of the exponents is \
        E log|det W| + (N/2) log|a|, and lambda_1 is the forward lambda of the closed forms. Over the five \
        Newman rows of T9 (N = 2 to 32) the largest |z| of any single exponent is \(fmt(newmanWorst, 2)).


        """
        md += figure("fig07-spectrum.svg", "Jacobian spectrum at N = 32 against Newman's curve")
        md += table("T9", filter: { $0[1] == "gaussian" && ($0[2] == "8" || $0[2] == "32") }, caption: "gaussian rows at N = 8 and 32")
        md += """
        **Reading.** Lowering the slope barely moves lambda_1 (the direction the signal takes is the one \
        that avoids the negative half-line) but pushes the bottom of the spectrum down by about log(1/a) \
        per layer: a narrow Leaky ReLU network forgets all but a few directions of its input within a few \
        layers, and the smaller the slope the faster.

        **Gradients.** Back-propagation multiplies the output gradient g by J_L^T. For gaussian and \
        orthogonal weights log||J_L^T g|| has exactly the law of the forward log-norm S_L (given J, \
        ||J^T g|| and ||J v|| have the same law for uniform g and v, and any direction independent of the \
        weights grows with the forward increments), so gradients vanish at the same rate lambda as the \
        signal. The weight gradient of layer l is (D_l delta_l) x_{l-1}^T: the forward factor shrinks with l \
        and the backward factor grows with l, and the two rates are equal, so the profile is flat in l. \
        At the He gain all layers' gradients are small together, by e^(lambda L); at sigma_crit they keep \
        their size at any depth. `lyapsim gradients` checks the backward rate and the last layer's \
        E log||dL/dW_L|| = (L - 1) lambda + m/2 against the closed forms.


        """
        md += figure("fig07-gradients.svg", "mean log gradient norm per layer for four initializations")
        md += gradientRows + "\n"
        md += """
        (\(m) networks per initialization, loss <g, x_L> with g uniform on the sphere.)

        **Angles.** Two inputs at angle theta_0 = 1 through the same network. At infinite width the cosine \
        follows the arc-cosine kernel map generalised to slope a, c(rho) = 2 [a rho + (1-a)^2 \
        (sqrt(1-rho^2) + (pi - arccos rho) rho)/(2 pi)] / (1 + a^2), which pulls every pair together but only \
        polynomially in depth. At finite width the pair collapses exponentially once it is close, at the \
        spectral gap lambda_1 - lambda_2 (the difference of the inputs is then a tangent vector), and the \
        narrow networks depart from the kernel map long before that. First layer at which the median \
        cos theta_l exceeds 0.999: \(collapseText) (the kernel map: \(collapse.first?.2.map { "layer \($0)" } ?? "beyond \(angleDepth)")).


        """
        md += figure("fig07-angles.svg", "mean cos theta_l against depth for several widths and the kernel map")
        md += table("T10", filter: { $0[0] == "gaussian" }, caption: "gaussian rows")
        md += """
        **What this means for initialization.** A deep narrow Leaky ReLU network at the He gain shrinks \
        its signal and its gradients together at the rate lambda < 0, and it makes different inputs \
        indistinguishable within a depth set by the spectral gap. Lyapunov initialization fixes the first \
        (lambda = 0 for the signal and the gradients alike); nothing about the scale fixes the second, \
        because a cosine does not depend on sigma: only width (a smaller gap) or a larger slope (a flatter \
        spectrum) keeps inputs apart at depth.

        """
        return Notebook(fileName: "07-gradients-and-geometry.md", markdown: md,
                        figures: [("fig07-spectrum.svg", spectrumPlot.render()),
                                  ("fig07-gradients.svg", gradientPlot.render()),
                                  ("fig07-angles.svg", anglePlot.render())])
    }
}
