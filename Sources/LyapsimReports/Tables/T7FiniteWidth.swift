import Foundation
import RandomNets

/// T7: finite against infinite width: N lambda and N s^2 approach their
/// large-width limits, including Hanin and Nica's 5 beta law as a -> 0.
enum T7FiniteWidth: PublishedTable {
    static let id = "T7"
    static let slug = "finite-width"

    static let widths = [2, 4, 8, 16, 64, 256, 1024, 4096]
    static let slopes = [0.0, 0.1, 0.5, 1.0]

    static func build(_ ctx: TableContext) throws -> ResultTable {
        var rows: [[String]] = []
        for a in slopes {
            let he = LeakyReLU(slope: a).heGain
            let limits = LargeWidthLimit(slope: a)
            for n in widths {
                let g = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: he)
                let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: a, sigma: he)
                let nn = Double(n)
                rows.append([Cell.sig(a, 3), String(n),
                             Cell.fixed(nn * g.survivingLyapunovExponent, 4), Cell.fixed(nn * g.survivingCLTVariance, 4),
                             Cell.fixed(nn * o.survivingLyapunovExponent, 4), Cell.fixed(nn * o.survivingCLTVariance, 4)])
            }
            rows.append([Cell.sig(a, 3), "limit", Cell.fixed(limits.gaussianNLambda, 4), Cell.fixed(limits.gaussianNVariance, 4),
                         Cell.fixed(limits.orthogonalNLambda, 4), Cell.fixed(limits.orthogonalNVariance, 4)])
        }
        return ResultTable(
            id: id, title: "Finite vs infinite width: N lambda and N s^2 at the He gain",
            summary: "lambda and s^2 vanish like 1/N, so N lambda and N s^2 have finite large-width limits (rows 'limit', from the delta method: with kappa = 6(1+a^4)/(1+a^2)^2, gaussian N s^2 -> (kappa - 1)/4 and orthogonal N s^2 -> (kappa - 3)/4, and N lambda -> -N s^2 in both). For ReLU, kappa - 1 = 5: the per-layer variance of log||x||^2 is 4 s^2 ~ 5/N, Hanin and Nica's 5 beta law for log||x_L||^2 ~ N(-5 beta/2, 5 beta), beta = L/N. For a = 0 the values shown are for surviving networks (the death probability 2^-N is negligible beyond N = 16).",
            columns: ["a", "N", "N lambda, gaussian", "N s^2, gaussian", "N lambda, orthogonal", "N s^2, orthogonal"],
            rows: rows,
            notes: ["Closed forms only (no Monte Carlo)."])
    }
}
