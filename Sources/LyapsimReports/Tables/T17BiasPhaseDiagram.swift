import Foundation
import RandomNets

/// T17: the order-to-chaos boundary with biases at finite width. For each
/// bias scale sigma_b and width N, the sigma_w at which the Jacobian's top
/// exponent lambda_1 crosses 0 (found on a grid of sigma_w by linear
/// interpolation of the Monte Carlo lambda_1), beside the mean-field line
/// chi_1 = 1 (Schoenholz, Gilmer, Ganguli and Sohl-Dickstein, "Deep
/// information propagation"), which is the N -> infinity limit since
/// lambda_1 -> (1/2) log chi_1.
enum T17BiasPhaseDiagram: PublishedTable {
    static let id = "T17"
    static let slug = "bias-phase-diagram"

    struct Family {
        let name: String
        let activation: any Activation
        let grid: [Double]
    }

    static let families = [
        Family(name: "leaky-relu (a = 0.1)", activation: LeakyReLU(slope: 0.1),
               grid: stride(from: 1.0, through: 2.6001, by: 0.2).map { $0 }),
        Family(name: "tanh", activation: Tanh(), grid: stride(from: 0.8, through: 3.2001, by: 0.3).map { $0 }),
    ]
    static let biasSigmas = [0.1, 0.5, 1.0]
    static let widths = [4, 16, 64]

    static func depth(_ ctx: TableContext) -> Int { ctx.profile == .quick ? 100 : 400 }
    static func samples(_ ctx: TableContext) -> Int { ctx.samples(16) }

    /// sigma_w where chi_1 = 1 (mean field), by bisection: chi_1 grows with sigma_w.
    static func meanFieldCritical(_ phi: any Activation, biasSigma: Double) throws -> Double {
        var lo = 0.5, hi = 4.0
        for _ in 0..<45 {
            let mid = 0.5 * (lo + hi)
            if try MeanField.chi1(phi, sigma: mid, biasSigma: biasSigma) < 1 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Mean lambda_1 and its standard error at one (sigma_w, sigma_b, N).
    static func topExponent(_ phi: any Activation, sigma: Double, biasSigma: Double, width n: Int,
                            ctx: TableContext, cell: Int) throws -> (mean: Double, stderr: Double) {
        let config = try SimulationConfig(samples: samples(ctx), seed: ctx.seed(table: 17, cell: cell),
                                          generator: ctx.generator, threads: ctx.threads)
        let s = try BiasedSpectrum.simulate(width: n, depth: depth(ctx), activation: phi,
                                            ensemble: GaussianEnsemble(sigma: sigma), biasSigma: biasSigma, exponents: 1,
                                            config: config)
        let m = SampleMoments(s.exponents)
        return (m.mean, (m.variance / Double(s.exponents.count)).squareRoot())
    }

    /// The first sign change from - to + along the grid, linearly interpolated.
    static func crossing(_ grid: [Double], _ values: [Double]) -> Double? {
        for i in 0..<(grid.count - 1) where values[i] < 0 && values[i + 1] >= 0 {
            return grid[i] + (grid[i + 1] - grid[i]) * (-values[i]) / (values[i + 1] - values[i])
        }
        return nil
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        var rows: [[String]] = []
        var values: [[String: Double]] = []
        var cell = 0
        for (f, family) in families.enumerated() {
            for sb in biasSigmas {
                let critical = try meanFieldCritical(family.activation, biasSigma: sb)
                var row = [family.name, Cell.sig(sb, 3)]
                var v: [String: Double] = ["family": Double(f), "sb": sb, "inf": critical]
                var atCritical: [String] = []
                for n in widths {
                    var curve: [Double] = []
                    for (i, sigma) in family.grid.enumerated() {
                        let r = try topExponent(family.activation, sigma: sigma, biasSigma: sb, width: n, ctx: ctx, cell: cell)
                        cell += 1
                        curve.append(r.mean)
                        v["l1_\(n)_\(i)"] = r.mean
                    }
                    let star = crossing(family.grid, curve)
                    row.append(star.map { Cell.fixed($0, 3) }
                               ?? (curve.allSatisfy { $0 < 0 } ? "> \(Cell.fixed(family.grid.last!, 1))" : "< \(Cell.fixed(family.grid[0], 1))"))
                    if let star { v["star_\(n)"] = star }
                    let r = try topExponent(family.activation, sigma: critical, biasSigma: sb, width: n, ctx: ctx, cell: cell)
                    cell += 1
                    atCritical.append("\(Cell.fixed(r.mean, 4)) +- \(Cell.fixed(r.stderr, 4))")
                    v["atcrit_\(n)"] = r.mean
                }
                row.append(Cell.fixed(critical, 3))
                row += atCritical
                rows.append(row)
                values.append(v)
            }
        }
        return ResultTable(
            id: id, title: "Order and chaos with biases: the finite-width boundary beside the mean-field line",
            summary: "x_l = phi(W_l x_{l-1} + b_l) with gaussian W (E W_ij^2 = sigma_w^2/N) and biases N(0, sigma_b^2). With biases the norm of x_L no longer decides depth; the Jacobian's top Lyapunov exponent lambda_1 does: perturbations and gradients shrink when lambda_1 < 0 (order) and grow when lambda_1 > 0 (chaos). The columns N = 4, 16, 64 give the sigma_w at which the Monte Carlo lambda_1 crosses 0; the mean-field column is where chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] = 1, the N -> infinity limit (lambda_1 -> (1/2) log chi_1). The last columns give lambda_1 at the mean-field critical sigma_w: negative at every finite width, so the finite-width boundary lies at larger sigma_w, the more so the narrower the network.",
            columns: ["activation", "sigma_b", "sigma_w at lambda_1 = 0, N = 4", "N = 16", "N = 64", "mean field chi_1 = 1 (N = inf)"]
                + widths.map { "lambda_1 at the mean-field sigma_w, N = \($0)" },
            rows: rows,
            notes: [
                "Monte Carlo (\(ctx.profile.rawValue) profile): \(samples(ctx)) networks of depth \(depth(ctx)) per point, generator \(ctx.generator.name), one seed per point; x_0 = (1, ..., 1); lambda_1 by the QR method (the exponent's time average includes the first layers' transient, a bias of order 1/L).",
                "Grids of sigma_w: \(families.map { "\($0.name) \(Cell.fixed($0.grid[0], 1)) to \(Cell.fixed($0.grid.last!, 1)) in steps of \(Cell.fixed($0.grid[1] - $0.grid[0], 1))" }.joined(separator: "; ")). A crossing is the linear interpolation between the two grid points around the first sign change; its error is at most the grid step, and well below it where lambda_1 is nearly linear in sigma_w.",
                "For Leaky ReLU, chi_1 = sigma_w^2 (1 + a^2)/2 whatever sigma_b, so the mean-field line is the He gain sqrt(2/(1+a^2)) = 1.407 at every sigma_b; for tanh it moves to larger sigma_w as sigma_b grows.",
            ],
            values: values)
    }
}
