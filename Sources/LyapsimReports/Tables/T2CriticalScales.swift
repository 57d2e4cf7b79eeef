import RandomNets

/// T2: sigma_crit for both ensembles beside the He gain, and lambda at He.
enum T2CriticalScales: PublishedTable {
    static let id = "T2"
    static let slug = "critical-scales"

    static let widths = [1, 2, 4, 8, 16, 32, 64, 128, 1024]
    static let slopes = [0.01, 0.1, 0.2, 0.5, 1.0]

    static func build(_ ctx: TableContext) throws -> ResultTable {
        var rows: [[String]] = []
        for a in slopes {
            let he = LeakyReLU(slope: a).heGain
            for n in widths {
                let g = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: he)
                let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: a, sigma: he)
                let depthToE = { (l: Double) in l < 0 ? Cell.sig(-1 / l, 4) : "never" }
                rows.append([Cell.sig(a, 3), String(n), Cell.fixed(he, 4),
                             Cell.fixed(g.criticalSigma ?? .nan, 4), Cell.fixed(o.criticalSigma ?? .nan, 4),
                             Cell.fixed(g.lyapunovExponent, 5), Cell.fixed(o.lyapunovExponent, 5),
                             depthToE(g.lyapunovExponent), depthToE(o.lyapunovExponent)])
            }
        }
        return ResultTable(
            id: id, title: "Critical scales: Lyapunov initialization beside the He gain",
            summary: "sigma_crit = exp(-lambda(sigma = 1)) is the weight scale at which lambda = 0 (Lyapunov initialization). The He gain sqrt(2/(1+a^2)) is smaller at every finite width, so He-initialized networks shrink the signal: by a factor e every -1/lambda layers, tens of layers or fewer at width 8 and below. Orthogonal weights shrink it more slowly, but still do, except in the linear case a = 1 where they are exact isometries.",
            columns: ["a", "N", "sigma He", "sigma_crit gaussian", "sigma_crit orthogonal", "lambda at He, gaussian",
                      "lambda at He, orthogonal", "layers per e-fold, gaussian", "layers per e-fold, orthogonal"],
            rows: rows,
            notes: ["Closed forms only (no Monte Carlo)."])
    }
}
