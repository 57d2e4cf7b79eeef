import CGSL
import RandomNets
import Foundation

extension NotebookBuilder {
    func centralLimit() throws -> Notebook {
        let (n, a, depth, samples) = (8, 0.1, 500, 4000)
        let sigma = LeakyReLU(slope: a).heGain
        let theory = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: sigma)
        let run = try ctx.simulate(.gaussian, width: n, slope: a, sigma: sigma, depth: depth, samples: samples,
                                   method: .reduced, seed: ctx.seed(table: 102, cell: 0))
        let l = Double(depth)
        // Standardized with the theory's lambda and s^2: the CLT's own statement.
        let z = run.finalLogNorms.map { ($0 - l * theory.lyapunovExponent) / (l * theory.cltVariance).squareRoot() }
        let moments = SampleMoments(z)
        let ad = AndersonDarling(z)
        let skewness = z.reduce(0) { $0 + pow(($1 - moments.mean) / moments.standardDeviation, 3) } / Double(samples)

        var hist = SVGPlot(title: "Standardized S_L against N(0, 1) (gaussian, N = 8, a = 0.1, L = 500)",
                           xLabel: "(S_L - L lambda) / sqrt(L s^2)", yLabel: "density")
        let binWidth = 0.25
        var counts = [Int](repeating: 0, count: 32)
        for v in z { let b = Int(floor((v + 4) / binWidth)); if b >= 0 && b < 32 { counts[b] += 1 } }
        hist.series.append(.init(label: "\(samples) networks", mark: .bars(width: binWidth), color: SVGPlot.palette[0],
                                 points: counts.enumerated().map { (-4 + (Double($0.offset) + 0.5) * binWidth,
                                                                    Double($0.element) / (Double(samples) * binWidth)) }))
        hist.series.append(.init(label: "N(0, 1) density", mark: .line(dashed: false), color: SVGPlot.palette[1],
                                 points: stride(from: -4.0, through: 4.0, by: 0.05).map { ($0, exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot()) }))
        hist.xRange = -4...4

        let sorted = z.sorted()
        var qq = SVGPlot(title: "Normal QQ plot of the standardized S_L", xLabel: "N(0, 1) quantile",
                         yLabel: "sample quantile")
        let picks = stride(from: 0, to: samples, by: 10).map { $0 } + [samples - 1]
        qq.series.append(.init(label: "every 10th order statistic", mark: .points, color: SVGPlot.palette[0],
                               points: picks.map { i in (gsl_cdf_ugaussian_Pinv((Double(i) + 0.5) / Double(samples)), sorted[i]) }))
        qq.series.append(.init(label: "y = x", mark: .line(dashed: true), color: SVGPlot.palette[1],
                               points: [(-4, -4), (4, 4)]))
        qq.xRange = -4...4
        qq.yRange = -4.5...4.5
        qq.legendCorner = .topLeft

        let t3 = tables["T3"]!
        let covered = t3.values.filter { $0["covered"] == 1 }.count
        let smallP = t3.values.filter { ($0["normality_p"] ?? 1) < 0.001 }

        var md = header("02. The central limit theorem: Gaussian fluctuations of size sqrt(L) s")
        md += """
        **The theorem.** (S_L - L lambda) / sqrt(L) -> N(0, s^2) (Kogler, Schwarz and Kittle). Because \
        the per-layer log-ratios log r_l are iid for Gaussian and orthogonal weights, s^2 = Var log r:

            gaussian:   s^2 = (1/4) [ psi'(N/2) + Var log V ]
            orthogonal: s^2 = (1/4) Var log V

        At width \(n), slope \(a) and the He gain, s^2 = \(fmt(theory.cltVariance)).

        **The experiment.** \(samples) networks of depth \(depth), each S_L standardized with the closed \
        forms (not with the sample's own mean and variance), so both the centring and the scale are tested.

            lyapsim estimate --width \(n) --slope \(a) --depth \(depth) --samples \(samples) --method reduced
            \(command)


        """
        md += figure("fig02-clt-histogram.svg", "Histogram of the standardized S_L with the N(0,1) density")
        md += figure("fig02-clt-qq.svg", "Normal QQ plot of the standardized S_L")
        md += table("T3")
        md += """
        **Reading.** The standardized values have mean \(fmt(moments.mean, 3)) and variance \
        \(fmt(moments.variance, 3)) (N(0, 1) would give 0 +- \(fmt(2 / Double(samples).squareRoot(), 3)) and \
        1 +- \(fmt(2 * (2 / Double(samples)).squareRoot(), 3)) at two standard errors); Anderson-Darling gives \
        p = \(fmt(ad.pValue, 3)), and the QQ plot follows the diagonal. A single layer's log-ratio is \
        skewed to the left (it is the log of a chi-square-like variable); a sum of L of them has skewness \
        smaller by sqrt(L), and here the sample skewness is \(fmt(skewness, 3)) (sampling sd about \
        \(fmt((6 / Double(samples)).squareRoot(), 3))). \
        In T3 the 95% interval covers s^2 in \(covered) of \(t3.rows.count) rows. \
        \(smallP.isEmpty ? "No row rejects normality at the 0.001 level." : "Normality is rejected (p < 0.001) in \(smallP.count) rows, all at depth \(Set(smallP.map { Int($0["L"]!) }).sorted().map(String.init).joined(separator: ", ")): the CLT is a limit, and at small N and small L a single layer's skew is still visible.")

        """
        return Notebook(fileName: "02-central-limit.md", markdown: md,
                        figures: [("fig02-clt-histogram.svg", hist.render()), ("fig02-clt-qq.svg", qq.render())])
    }
}
