import Foundation
import RandomNets

/// One weight law in notebook 06: its entries' kurtosis kappa_w = E xi^4
/// (nil when infinite) and its share of the Monte Carlo budget.
struct UniversalityProbe: Sendable {
    let law: T8BeyondGaussian.Law
    let kurtosis: Double?
    /// Each run uses the base number of networks divided by this, to keep
    /// the notebook within seconds: Student-t entries cost about ten normals
    /// each (a gamma variate) and move lambda five or more times as much as
    /// uniform ones, sparse entries cost two draws and move it about three
    /// times as much, and the Gaussian check only has to show 0.
    let budgetDivisor: Int

    /// The large-width heuristic of docs/theory.md ("General ensembles"):
    /// N^2 (lambda_E - lambda_gaussian) -> -kappa^2 (kappa_w - 3)/12,
    /// kappa = 6 (1 + a^4)/(1 + a^2)^2; nil without a fourth moment.
    func heuristic(slope a: Double) -> Double? {
        kurtosis.map { kw in
            let kappa = LargeWidthLimit(slope: a).kappa
            return -kappa * kappa * (kw - 3) / 12
        }
    }

    /// The control variate needs a finite fourth moment.
    var controlled: Bool { kurtosis != nil }

    /// E z^4 / (E z^2)^2 for z ~ N(0, 1) restricted to [-c, c]. Integrating
    /// z^k phi(z) by parts, with D = 2 Phi(c) - 1:
    ///   E z^2 = 1 - 2 c phi(c)/D,   E z^4 = 3 - (2 c^3 + 6 c) phi(c)/D.
    static func truncatedNormalKurtosis(cut c: Double) -> Double {
        let density = exp(-c * c / 2) / (2 * Double.pi).squareRoot()
        let mass = 2 * Special.normalCDF(c) - 1
        let second = 1 - 2 * c * density / mass
        let fourth = 3 - (2 * c * c * c + 6 * c) * density / mass
        return fourth / (second * second)
    }

    static let all: [UniversalityProbe] = [
        UniversalityProbe(law: .init(name: UniformEnsemble.name, parameters: .none), kurtosis: 9.0 / 5, budgetDivisor: 1),
        UniversalityProbe(law: .init(name: TruncatedNormalEnsemble.name, parameters: .none),
                          kurtosis: truncatedNormalKurtosis(cut: 2), budgetDivisor: 1),
        UniversalityProbe(law: .init(name: RademacherEnsemble.name, parameters: .none), kurtosis: 1, budgetDivisor: 1),
        // xi = B z / sqrt(P), B ~ Bernoulli(P): E xi^4 = 3/P.
        UniversalityProbe(law: .init(name: SparseEnsemble.name, parameters: EnsembleParameters(["density": 0.5])),
                          kurtosis: 3 / 0.5, budgetDivisor: 4),
        // t_nu scaled to unit variance: kurtosis 3 + 6/(nu - 4) for nu > 4.
        UniversalityProbe(law: .init(name: StudentTEnsemble.name, parameters: EnsembleParameters(["dof": 5])),
                          kurtosis: 3 + 6.0 / (5 - 4), budgetDivisor: 10),
        UniversalityProbe(law: .init(name: StudentTEnsemble.name, parameters: EnsembleParameters(["dof": 3])),
                          kurtosis: nil, budgetDivisor: 10),
        // The control run: the same estimator on Gaussian weights must give 0.
        UniversalityProbe(law: .init(name: GaussianEnsemble.name, parameters: .none), kurtosis: 3, budgetDivisor: 2),
    ]
}

/// What one (law, N) run of notebook 06 measured.
struct UniversalityPoint: Sendable {
    let width: Int
    let networks: Int
    let dead: Int
    /// The estimate the notebook uses (controlled where the law allows) and its standard error.
    let lambda: Double
    let standardError: Double
    /// The plain estimate from the same networks, as a check on the control.
    let plainLambda: Double
    let plainStandardError: Double
    /// The Gaussian closed form at the same N, a and sigma.
    let gaussian: Double
    /// Variance of the plain over the controlled per-network estimate (1 without control).
    let varianceReduction: Double

    var scaledDifference: Double { Double(width * width) * (lambda - gaussian) }
    var scaledError: Double { Double(width * width) * standardError }
    /// Shown and compared only where at most 1% of the networks died: where
    /// more died (sparse and Rademacher weights at the smallest widths) the
    /// survivors are a selected minority.
    var usable: Bool { dead * 100 <= networks && networks - dead >= 2 }
}

extension NotebookBuilder {
    func universality() throws -> Notebook {
        let a = 0.1
        let sigma = LeakyReLU(slope: a).heGain
        let widths = [2, 4, 8, 16, 32, 64]
        let depth = 100
        /// Networks per run before the probe's divisor: a 64 x 64 layer costs
        /// four times a 32 x 32 one, so N = 64 gets a quarter of the networks.
        func baseNetworks(_ n: Int) -> Int { n >= 64 ? 500 : 2000 }
        let probes = UniversalityProbe.all
        let mu = sigma * sigma * (1 + a * a) / 2
        // The entrywise laws' burn-in, used for every law (the Gaussian check included).
        let burnIn = CriticalScaleEstimate.defaultBurnIn(for: try UniformEnsemble(sigma: 1), depth: depth)

        var points: [[UniversalityPoint]] = []
        for (p, probe) in probes.enumerated() {
            var row: [UniversalityPoint] = []
            for (w, n) in widths.enumerated() {
                let ensemble = try probe.law.ensemble(sigma: sigma)
                let spec = try NetworkSpec(width: n, depth: depth, activation: LeakyReLU(slope: a), ensemble: ensemble)
                let m = baseNetworks(n) / probe.budgetDivisor
                let config = try SimulationConfig(samples: m, seed: ctx.seed(table: 106, cell: p * widths.count + w),
                                                  generator: ctx.generator, threads: ctx.threads, method: .full)
                // The control variate (`ControlVariateLyapunov`), with the notebook's mu.
                let estimate = try ControlVariateLyapunov(spec, config, burnIn: burnIn, mu: mu)
                let (plain, controlled) = (estimate.plain, estimate.controlled)
                let used = probe.controlled ? controlled : plain
                let gaussian = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: sigma)
                row.append(UniversalityPoint(
                    width: n, networks: m, dead: estimate.dead, lambda: used.mean, standardError: used.standardError,
                    plainLambda: plain.mean, plainStandardError: plain.standardError,
                    gaussian: gaussian.lyapunovExponent,
                    varianceReduction: probe.controlled ? plain.variance / controlled.variance : 1))
            }
            points.append(row)
        }
        let index = { (name: String, dof: Double?) in
            probes.firstIndex { $0.law.name == name && $0.law.parameters["dof"] == dof }!
        }
        let uniform = index(UniformEnsemble.name, nil), rademacher = index(RademacherEnsemble.name, nil)
        let light = [uniform, index(TruncatedNormalEnsemble.name, nil), rademacher]
        let t5 = index(StudentTEnsemble.name, 5), t3 = index(StudentTEnsemble.name, 3)
        let sparse = index(SparseEnsemble.name, nil), gaussianCheck = index(GaussianEnsemble.name, nil)
        let withFourthMoment = probes.indices.filter { probes[$0].kurtosis != nil }

        func plot(_ title: String, _ shown: [Int]) -> SVGPlot {
            var plot = SVGPlot(title: title, xLabel: "width N (log scale)",
                               yLabel: "N^2 (lambda_E - lambda_gaussian)", xAxis: .log2)
            for (k, p) in shown.enumerated() {
                let probe = probes[p]
                let color = SVGPlot.palette[p % SVGPlot.palette.count]
                // Offset each law sideways by a few percent so the bars do not overlap.
                let shift = pow(2, (Double(k) - Double(shown.count - 1) / 2) * 0.04)
                let kept = points[p].filter(\.usable)
                plot.series.append(.init(label: probe.law.label + (p == gaussianCheck ? " (check)" : ""),
                                         mark: .errorBars, color: color,
                                         points: kept.map { (Double($0.width) * shift, $0.scaledDifference) },
                                         errors: kept.map(\.scaledError)))
                if let limit = probe.heuristic(slope: a) {
                    plot.series.append(.init(label: nil, mark: .line(dashed: true), color: color,
                                             points: [(1.5, limit), (90, limit)]))
                }
            }
            plot.series.append(.init(label: "dashed: -kappa^2 (kappa_w - 3)/12", mark: .line(dashed: true),
                                     color: "#555555", points: []))
            plot.xRange = 1.5...90
            plot.legendCorner = .bottomLeft
            return plot
        }
        var finitePlot = plot("Entries with a fourth moment (a = 0.1, He gain)",
                              withFourthMoment)
        // Room below the data for the legend.
        finitePlot.yRange = -24...8
        let heavyPlot = plot("Student-t entries: nu = 5, and nu = 3 without a fourth moment", [t5, t3])

        // Measured over heuristic, where both exist.
        func ratio(_ p: Int, _ n: Int) -> (value: Double, error: Double)? {
            guard let limit = probes[p].heuristic(slope: a), limit != 0,
                  let point = points[p].first(where: { $0.width == n }), point.usable else { return nil }
            return (point.scaledDifference / limit, point.scaledError / abs(limit))
        }
        let ratioWidths = [16, 32]
        var dataTable = "| law | kappa_w | heuristic limit | " + widths.map { "N = \($0)" }.joined(separator: " | ")
            + " | " + ratioWidths.map { "ratio at N = \($0)" }.joined(separator: " | ") + " |\n"
        dataTable += "|" + String(repeating: " --- |", count: 3 + widths.count + ratioWidths.count) + "\n"
        for (p, probe) in probes.enumerated() {
            var cells = [probe.law.label + (p == gaussianCheck ? " (check)" : ""),
                         probe.kurtosis.map { fmt($0, 4) } ?? "infinite",
                         probe.heuristic(slope: a).map { Cell.fixed($0, 3) } ?? "none"]
            cells += points[p].map { $0.usable ? "\(fmt($0.scaledDifference, 2)) +- \(fmt($0.scaledError, 2))"
                                               : "\($0.dead) of \($0.networks) dead" }
            cells += ratioWidths.map { n in ratio(p, n).map { "\(fmt($0.value, 3)) +- \(fmt($0.error, 3))" } ?? "" }
            dataTable += "| " + cells.joined(separator: " | ") + " |\n"
        }

        // Orthogonal weights, from the closed forms: a 1/N effect, not 1/N^2.
        let orthogonal = try ratioWidths.map { n -> Double in
            let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: a, sigma: sigma)
            let g = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: sigma)
            return Double(n * n) * (o.lyapunovExponent - g.lyapunovExponent)
        }

        // Numbers for the prose, all from the runs above.
        let checkZ = points[gaussianCheck].map { abs($0.lambda - $0.gaussian) / $0.standardError }.max() ?? .nan
        let controlZs = withFourthMoment.flatMap { p in
            points[p].filter(\.usable).map { abs($0.plainLambda - $0.lambda) / $0.plainStandardError }
        }
        // The size of the heuristic's effect at N = 32, per layer.
        let divisors = probes.filter { $0.budgetDivisor > 1 }
            .map { "\($0.budgetDivisor) for \($0.law.label)\($0.law.name == GaussianEnsemble.name ? " (the check)" : "")" }
            .joined(separator: ", ")
        let effects32 = probes.compactMap { $0.heuristic(slope: a) }.filter { $0 != 0 }.map { abs($0) / 1024 }
        let reduction = { (n: Int) in points[uniform].first { $0.width == n }!.varianceReduction }
        let wrongSign = withFourthMoment.filter { $0 != gaussianCheck }.flatMap { p in
            points[p].filter { $0.usable && $0.width >= 8 && ($0.scaledDifference > 0) != (probes[p].heuristic(slope: a)! > 0) }
                .map { "\(probes[p].law.label) at N = \($0.width)" }
        }
        let lightRatios = ratioWidths.map { n in light.compactMap { ratio($0, n)?.value } }
        let gaps = lightRatios.map { 1 - $0.reduce(0, +) / Double(max(1, $0.count)) }
        let describe = { (p: Int, at: [Int]) in
            at.map { n in ratio(p, n).map { "\(fmt($0.value, 2)) +- \(fmt($0.error, 2)) at N = \(n)" } ?? "n/a at N = \(n)" }
                .joined(separator: ", ")
        }
        // Student-t, nu = 3: local decay exponent p of lambda_E - lambda_G ~ N^-p between doublings.
        let t3Points = points[t3].filter { $0.width >= 16 }
        let t3Exponents = zip(t3Points, t3Points.dropFirst()).map { pair in
            2 - log2(pair.1.scaledDifference / pair.0.scaledDifference)
        }
        // Laws whose networks died too often at some width to be compared there.
        let dying = probes.indices.compactMap { p -> String? in
            let lost = points[p].filter { !$0.usable }
            guard !lost.isEmpty else { return nil }
            return "\(probes[p].law.label) at " + lost.map { "N = \($0.width) (\($0.dead) of \($0.networks) networks died)" }
                .joined(separator: " and ")
        }
        let t5Ratios = [16, 32, 64].compactMap { ratio(t5, $0)?.value }
        let t5Rising = t5Ratios.count == 3 && zip(t5Ratios, t5Ratios.dropFirst()).allSatisfy { $0.0 < $0.1 }
        let sparseRatios = ratioWidths.compactMap { ratio(sparse, $0)?.value }
        let sparseClose = sparseRatios.count == ratioWidths.count && sparseRatios.allSatisfy { abs($0 - 1) < 0.1 }

        var md = header("06. Universality and its limits")
        md += """
        **The question.** Kogler, Schwarz and Kittle prove the law of large numbers and the CLT for any \
        weights with independent entries that have a bounded density and a finite variance (their \
        Assumption 3.1), not only for Gaussian ones, but give lambda in closed form only for Gaussian and \
        Haar-orthogonal weights. How far does lambda move when the entries are uniform, truncated normal, \
        Student-t, Rademacher or sparse, all scaled to the same variance sigma^2/N? And what does that \
        mean for the initializers people actually call?

        **A heuristic.** Given the unit input u, the pre-activations h_i = sum_j W_ij u_j are iid over i, \
        and their kurtosis exceeds 3 by (kappa_w - 3) sum_j u_j^4, where kappa_w = E xi^4 is the \
        kurtosis of a standardized entry. A delta method on lambda = E (1/2) log ||phi(h)||^2, with \
        sum_j u_j^4 about kappa/N for the Leaky ReLU output u ([theory](../docs/theory.md#general-ensembles)), gives at \
        the He gain

            N^2 (lambda_E - lambda_gaussian) -> -kappa^2 (kappa_w - 3) / 12,   kappa = 6 (1 + a^4) / (1 + a^2)^2

        with kappa_w = 9/5 (uniform), 1 (Rademacher), 3/P (sparse with density P), 3 + 6/(nu - 4) \
        (Student-t, nu > 4) and, for the normal truncated at +-2, E z^4 / (E z^2)^2 = \
        \(fmt(probes[light[1]].kurtosis!, 4)) (by parts, with c = 2 and D = 2 Phi(2) - 1: \
        E z^2 = 1 - 2c phi(c)/D, E z^4 = 3 - (2c^3 + 6c) phi(c)/D). Light tails (kappa_w < 3) raise \
        lambda, heavy tails lower it, and the effect is of order 1/N^2: at N = 32 the heuristic gives \
        differences of \(fmt(effects32.min() ?? .nan, 4)) to \(fmt(effects32.max() ?? .nan, 4)) per layer for the laws below. Student-t with nu = 3 has no fourth moment; the heuristic says nothing about it.

        **The experiment.** a = \(fmt(a, 1)) at the He gain sigma = \(fmt(sigma, 4)), depth \(depth) with a \
        burn-in of \(burnIn) layers, \(baseNetworks(2)) networks per point (\(baseNetworks(64)) at N = 64), \
        divided by \(divisors) to keep the run short, a fresh full weight matrix in every layer; lambda_gaussian is the closed form. A 1/N^2 effect needs a precise \
        lambda_E, so the estimator averages the controlled increment c_t = l_t - (X_t/mu - 1)/2, with \
        X_t = ||phi(h_t)||^2 and mu = sigma^2 (1 + a^2)/2. For every law with symmetric iid entries \
        E[X_t | past] = mu exactly, so the control adds no bias; it removes the first-order noise of X_t \
        (for uniform entries the variance falls \(fmt(reduction(32), 0))-fold at N = 32 and \
        \(fmt(reduction(64), 0))-fold at N = 64), and the plain averages of the same networks differ from \
        the controlled ones by at most \(fmt(controlZs.max() ?? .nan, 2)) plain standard errors in \
        \(controlZs.count) comparisons. Student-t with \
        nu = 3 makes Var X_t infinite and is averaged plainly. The Gaussian ensemble, run through the same \
        estimator, is the check: its points must sit at 0. Error bars: N^2 x one standard error; points \
        are offset sideways a little so that the bars do not overlap.

            lyapsim estimate --ensemble uniform --width 16 --slope 0.1 --depth 100 --samples 2000 --rng xoshiro256++
            lyapsim theory --width 16 --slope 0.1
            \(command)


        """
        md += figure("fig06-universality.svg", "N^2 (lambda_E - lambda_gaussian) against N for the laws with a fourth moment")
        md += figure("fig06-student-t.svg", "N^2 (lambda_E - lambda_gaussian) against N for Student-t with nu = 5 and nu = 3")
        md += """
        **The numbers** (N^2 (lambda_E - lambda_gaussian) +- N^2 x standard error; ratio = measured / \
        heuristic):

        \(dataTable)
        **Reading.** The Gaussian check sits on 0 (largest |z| over the six widths: \(fmt(checkZ, 2))). \
        \(wrongSign.isEmpty ? "From N = 8 on, every law with a fourth moment moves lambda the way the heuristic says: up for kappa_w < 3, down for kappa_w > 3." : "From N = 8 on, the sign differs from the heuristic's for \(wrongSign.joined(separator: ", ")).") \
        For the light-tailed laws (uniform, truncated normal, Rademacher) the ratio is \
        \(fmt(lightRatios[0].min() ?? .nan, 2)) to \(fmt(lightRatios[0].max() ?? .nan, 2)) at N = 16 and \
        \(fmt(lightRatios[1].min() ?? .nan, 2)) to \(fmt(lightRatios[1].max() ?? .nan, 2)) at N = 32; the \
        NumPy check recorded in [theory](../docs/theory.md#general-ensembles) found 0.71 at N = 16 and about 0.8 at N = 32 for uniform and \
        Rademacher entries, and here uniform gives \(describe(uniform, ratioWidths)), Rademacher \
        \(describe(rademacher, ratioWidths)). The shortfall from the limit is \
        \(fmt(100 * gaps[0], 0))% on average at N = 16 and \(fmt(100 * gaps[1], 0))% at N = 32\
        \(gaps[1] < gaps[0] ? ": it shrinks as N doubles, as a next-order term in 1/N should, and the leading term is right" : ": it does not shrink between these widths, so the next-order term is not yet small"). \
        Sparse weights (P = 0.5), outside the theorem because of their atom at 0, \
        \(sparseClose ? "follow the heuristic closely:" : "give") \(describe(sparse, ratioWidths)).

        Student-t with nu = 5 has a fourth moment but no sixth (E|xi|^k is finite only for k < nu), so the \
        next-order term need not be a clean 1/N^3, and the approach is slow: the ratio is \
        \(describe(t5, [16, 32, 64])). \(t5Rising ? "This is where measurement and heuristic disagree most, and the measurement moves toward the heuristic's limit as N grows: at N = 16 and 32 the disagreement is a finite-N correction that decays slowly, not a sign that the limit is wrong." : "The ratio does not rise steadily over these widths, so these runs cannot tell a slow approach from a wrong limit for nu = 5.")

        Without a fourth moment the 1/N^2 law fails: for Student-t with nu = 3, \
        N^2 (lambda_E - lambda_gaussian) is \(t3Points.map { "\(fmt($0.scaledDifference, 1)) at N = \($0.width)" }.joined(separator: ", ")), \
        so lambda_E - lambda_gaussian decays like N^-p with local exponents p = \
        \(t3Exponents.map { fmt($0, 2) }.joined(separator: " and ")) between these widths, not 2. The law is \
        still inside Assumption 3.1, so the law of large numbers and the CLT apply (T8 shows s^2 and the \
        normality of S_L for it); only the distance to the Gaussian value shrinks more slowly. \
        \(dying.isEmpty ? "" : "Not plotted: \(dying.joined(separator: "; ")). Weights with atoms can map the signal to exactly 0: sparse rows that are 0 on the support of the input, Rademacher signs that cancel coordinates of equal size (the start (1,...,1)/sqrt(N) has them, and two equal rows of W recreate them). With more than 1% of the networks gone, the survivors are a selected minority; strictly, lambda = -infinity wherever a layer can kill the signal with positive probability, as for ReLU.")

        Orthogonal weights are not entrywise, and the heuristic is not about them: from the closed forms \
        N^2 (lambda_orthogonal - lambda_gaussian) = \(zip(ratioWidths, orthogonal).map { "\(fmt($0.1, 2)) at N = \($0.0)" }.joined(separator: ", ")), \
        growing like N/2, because Haar weights remove the chi^2_N fluctuation of ||W u||, an order-1/N \
        effect. Among laws with independent entries and a fourth moment, lambda is universal up to a \
        1/N^2 term that the kurtosis sets.


        """
        md += try presetSection(a: 0.01, width: 8)
        return Notebook(fileName: "06-universality.md", markdown: md,
                        figures: [("fig06-universality.svg", finitePlot.render()),
                                  ("fig06-student-t.svg", heavyPlot.render())])
    }

    /// What the framework presets do to a deep narrow network, from T8's rows
    /// at (N, a). `T8BeyondGaussian.compute` re-runs exactly those cells (same
    /// seeds, so the same numbers as the table) and returns the measured
    /// values; nothing is parsed back from the table's text.
    func presetSection(a: Double, width n: Int) throws -> String {
        let rows = try T8BeyondGaussian.compute(ctx) { $0.preset != nil && $0.width == n && $0.slope == a }
        let he = LeakyReLU(slope: a).heGain
        var md = """
        **What the presets do to deep narrow networks.** T8 runs every framework initializer lyapsim \
        knows at its own scale. Its rows at N = \(n) and a = \(Cell.sig(a, 3)) (\(rows.first?.samples ?? 0) \
        networks of depth \(T8BeyondGaussian.depth) each): lambda with its 95% interval, the number of \
        layers over which the signal shrinks by a factor e (-1/lambda), and the factor sigma_crit/sigma \
        by which the weights would have to be multiplied for lambda = 0.

        | preset | law | sigma | sigma / sigma_He | lambda (MC) | 95% CI | layers per e-fold | sigma_crit / sigma | 95% CI |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- |

        """
        struct Line { let name: String; let lambda: Double; let factor: Double; let heScaled: Bool }
        var lines: [Line] = []
        for r in rows {
            let s = r.setting
            guard let crit = r.critical else { continue }
            let ci = r.lambdaInterval
            let efold = r.lambda < 0 ? fmt(-1 / r.lambda, 1) : "grows"
            md += "| \(s.initializer) | \(s.law.label) | \(fmt(s.sigma, 4)) | \(fmt(s.sigma / he, 3)) | "
                + "\(fmt(r.lambda, 4)) | [\(fmt(ci.lowerBound, 4)), \(fmt(ci.upperBound, 4))] | \(efold) | "
                + "\(fmt(crit.criticalSigma / s.sigma, 3)) | [\(fmt(crit.interval.lowerBound / s.sigma, 3)), "
                + "\(fmt(crit.interval.upperBound / s.sigma, 3))] |\n"
            lines.append(Line(name: s.initializer, lambda: r.lambda, factor: crit.criticalSigma / s.sigma,
                              heScaled: abs(s.sigma / he - 1) < 1e-3))
        }
        guard let best = lines.max(by: { $0.lambda < $1.lambda }),
              let worst = lines.min(by: { $0.lambda < $1.lambda }) else { return md }
        let shrinking = lines.filter { $0.lambda < 0 }.count
        let heScaled = lines.filter(\.heScaled)
        let heEntrywise = heScaled.filter { line in
            rows.first { $0.setting.initializer == line.name }!.setting.law.name != OrthogonalEnsemble.name
        }
        let depth = 50.0
        let spread = (heEntrywise.map(\.lambda).max() ?? .nan) - (heEntrywise.map(\.lambda).min() ?? .nan)
        let closest = heScaled.map { abs($0.lambda) }.min() ?? .nan
        let decades = -depth * worst.lambda / log(10)
        md += """

        **Reading.** \(shrinking == lines.count ? "Every preset" : "\(shrinking) of \(lines.count) presets") \
        shrinks the signal at this width, and sigma_crit/sigma ranges from \
        \(fmt(lines.map(\.factor).min()!, 2)) to \(fmt(lines.map(\.factor).max()!, 2)). Closest to critical is \
        \(best.name) (lambda = \(fmt(best.lambda, 3)), \(best.lambda < 0 ? "a factor e every \(fmt(-1 / best.lambda, 1)) layers" : "no loss")); \
        farthest is \(worst.name) (lambda = \(fmt(worst.lambda, 3)): after \(fmt(depth, 0)) layers the norm \
        is down by a factor of about 10^\(fmt(decades, 0))). Since lambda(sigma) = log sigma + lambda(1) for \
        every law, presets that share a law differ by the log of their sigma ratio, and those at gain 1 \
        (Xavier, LeCun, orthogonal at gain 1; torch's nn.Linear default at sigma^2 = 1/3 even more) \
        start log(sigma_He / sigma) per layer behind the He-scaled ones. The He-scaled presets \
        (\(heScaled.map(\.name).joined(separator: ", "))) have lambda from \
        \(fmt(heScaled.map(\.lambda).min() ?? .nan, 3)) to \(fmt(heScaled.map(\.lambda).max() ?? .nan, 3)) and \
        would need their weights multiplied by \(fmt(heScaled.map(\.factor).min() ?? .nan, 2)) to \
        \(fmt(heScaled.map(\.factor).max() ?? .nan, 2)) for lambda = 0. Among the entrywise ones the \
        entry law moves lambda by up to \(fmt(spread, 3)) per \
        layer at this width, \(spread < closest ? "\(fmt(closest / spread, 1)) times less than" : "as much as") \
        the distance to lambda = 0 that the He scale leaves (at least \(fmt(closest, 3)) per layer): \
        \(spread < closest ? "at N = \(n) the scale matters more than the entry law, though the 1/N^2 effect above is far from negligible here" : "at N = \(n) the entry law matters as much as the scale").

        """
        return md
    }
}
