import Foundation
import RandomNets

/// T15: lyapsim's own statistics calibrated by replication (`lyapsim
/// calibrate`): coverage of |z| <= 1.96 and of the s^2 interval, mean and SD
/// of z, and the normality rejection rate, at depths 1, 10 and 200, where
/// S_L goes from strongly non-normal (one layer at small slope) to normal.
enum T15Calibration: PublishedTable {
    static let id = "T15"
    static let slug = "calibration"

    static let depths = [1, 10, 200]
    static let configs: [(Ensemble, Int, Double)] = [(.gaussian, 16, 0.01), (.orthogonal, 4, 0.1)]

    static func sizes(_ ctx: TableContext) -> (replications: Int, samples: Int) {
        ctx.profile == .quick ? (200, 200) : (1000, 1000)
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let (replications, samples) = sizes(ctx)
        var rows: [[String]] = []
        var cell = 0
        let pct = { (f: Calibration.Fraction) in
            String(format: "%.1f%% [%.1f, %.1f]", 100 * f.value, 100 * f.interval.lowerBound, 100 * f.interval.upperBound)
        }
        for (ensemble, n, a) in configs {
            let sigma = LeakyReLU(slope: a).heGain
            let theory = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma)
            for depth in depths {
                let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: ensemble, sigma: sigma)
                let config = try SimulationConfig(samples: samples, seed: ctx.seed(table: 15, cell: cell),
                                                  generator: ctx.generator, threads: ctx.threads, method: .reduced)
                cell += 1
                let c = try Calibration(spec: spec, config: config, theory: theory, replications: replications)
                rows.append([ensemble.rawValue, String(n), Cell.sig(a, 3), String(depth), pct(c.lambdaCoverage),
                             pct(c.cltVarianceCoverage), String(format: "%+.3f", c.zMean),
                             String(format: "%.3f", c.zStandardDeviation), pct(c.normalityRejections)])
            }
        }
        return ResultTable(
            id: id, title: "Calibration: do lyapsim's own intervals cover at their nominal 95%?",
            summary: "Each row repeats one `lyapsim estimate` run on independent streams and counts how often its 95% statements hold: |z| <= 1.96 for lambda-hat, the 95% interval of s^2-hat covering s^2, and the mean and SD of z (0 and 1 if the standard errors are honest). Brackets are Wilson 95% intervals for the fraction. The normality rate is the fraction of runs in which Anderson-Darling rejects normality of S_L at p < 0.05: 5% when S_L is normal, near 100% at depth 1, where one layer's log-ratio is far from normal.",
            columns: ["ensemble", "N", "a", "L", "|z| <= 1.96", "s^2 covered", "mean z", "SD z", "normality rejected"],
            rows: rows,
            notes: ["\(replications) replications of \(samples) networks per row; reduced sampler, generator \(ctx.generator.name), He gain.",
                    "The same check for any configuration: `lyapsim calibrate --width N --slope A --ensemble E --depth L --samples \(samples) --replications \(replications) --method reduced`."])
    }
}
