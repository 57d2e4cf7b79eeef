import RandomNets

/// T1: lambda in closed form beside Monte Carlo with full weight matrices, at
/// the He gain, across widths and slopes, for both ensembles.
enum T1LyapunovExponent: PublishedTable {
    static let id = "T1"
    static let slug = "lyapunov-exponent"

    static let widths = [2, 4, 8, 16, 32, 64, 128]
    static let slopes = [0.01, 0.1, 0.2, 0.5, 1.0]

    static func sizes(_ ctx: TableContext) -> (depth: Int, samples: Int) {
        ctx.profile == .quick ? (50, 100) : (200, 1000)
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let (depth, samples) = sizes(ctx)
        var rows: [[String]] = []
        var values: [[String: Double]] = []
        var cell = 0
        var worst = 0.0
        for ensemble in Ensemble.allCases {
            for n in widths {
                for a in slopes {
                    let sigma = LeakyReLU(slope: a).heGain
                    let theory = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma)
                    let result = try ctx.simulate(ensemble, width: n, slope: a, sigma: sigma, depth: depth,
                                                  samples: samples, method: .full, seed: ctx.seed(table: 1, cell: cell))
                    cell += 1
                    let est = LyapunovEstimate(result)
                    // Orthogonal and linear is an exact isometry: S_L = 0 up to rounding.
                    let z = est.standardError > 1e-12 ? est.zScore(against: theory.lyapunovExponent) : 0
                    worst = max(worst, abs(z))
                    values.append(["N": Double(n), "a": a, "lambda_mc": est.lyapunovExponent,
                                   "stderr": est.standardError, "orthogonal": ensemble == .orthogonal ? 1 : 0])
                    rows.append([ensemble.rawValue, String(n), Cell.sig(a, 3), Cell.fixed(theory.lyapunovExponent, 5),
                                 Cell.fixed(est.lyapunovExponent, 5), Cell.fixed(est.standardError, 5), Cell.z(z)])
                }
            }
        }
        return ResultTable(
            id: id, title: "Lyapunov exponent: closed form vs Monte Carlo at the He gain",
            summary: "lambda = lim log||x_L|| / L from the Beta-mixture closed form, beside the Monte Carlo mean of S_L / L over independent networks with a fresh full weight matrix in every layer. z = (estimate - theory) / stderr; |z| > 4 would be a disagreement. At the He gain every lambda is negative: the signal shrinks by a factor e every -1/lambda layers.",
            columns: ["ensemble", "N", "a", "lambda (theory)", "lambda (MC)", "stderr", "z"],
            rows: rows,
            notes: ["Monte Carlo: \(samples) networks of depth \(depth) per row, full weight matrices, generator \(ctx.generator.name).",
                    "Largest |z| in this table: \(Cell.z(worst).dropFirst())."],
            values: values)
    }
}
