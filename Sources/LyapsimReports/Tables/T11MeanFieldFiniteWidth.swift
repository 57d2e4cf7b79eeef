import Foundation
import RandomNets

/// T11: the mean-field variance map against finite-width Monte Carlo for odd
/// sigmoids at sigma = 1.5 (chaotic side, q* > 0): where the infinite-width
/// story holds and at which width it breaks.
enum T11MeanFieldFiniteWidth: PublishedTable {
    static let id = "T11"
    static let slug = "meanfield-finite-width"

    static let activations: [any Activation] = [Tanh(), Erf(), Softsign()]
    static let widths = [2, 4, 8, 32, 128]
    static let sigma = 1.5
    static let depth = 30
    static let shown = [2, 5, 10, 30]
    static let inputs = 2

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let samples = ctx.samples(200)
        var rows: [[String]] = [], values: [[String: Double]] = []
        var cell = 0
        for phi in activations {
            let mf = try MeanField(activation: phi, sigma: sigma)
            let map = try mf.trajectory(inputLength: 1, depth: depth)
            var v: [String: Double] = ["N": .infinity, "chi1": mf.chi1]
            for l in 1...depth { v["q\(l)"] = map[l - 1] }
            values.append(v)
            rows.append([phi.description, "mean field", Cell.fixed(mf.chi1, 4)] + shown.map { Cell.sig(map[$0 - 1], 4) } + ["", Cell.sig(mf.fixedPointQ ?? .nan, 4)])
            for n in widths {
                let p = try ctx.profile(phi, GaussianEnsemble(sigma: sigma), width: n, depth: depth, samples: samples,
                                        inputs: inputs, seed: ctx.seed(table: 11, cell: cell))
                cell += 1
                var v: [String: Double] = ["N": Double(n)]
                for l in p.layers { v["q\(l.layer)"] = l.q.mean; v["se\(l.layer)"] = l.q.stderr }
                values.append(v)
                let last = p.layers[depth - 1].q
                let z = (last.mean - map[depth - 1]) / last.stderr
                rows.append([phi.description, String(n), ""] + shown.map { Cell.estimate(p.layers[$0 - 1].q) } + [Cell.z(z), ""])
            }
        }
        return ResultTable(
            id: id, title: "Mean field versus finite width: q_l for odd sigmoids at sigma = 1.5",
            summary: "q_l = ||h_l||^2/N is the pre-activation length at layer l (inputs with q_0 = 1, Gaussian weights of variance sigma^2/N). The mean-field rows iterate V(q) = sigma^2 E[phi(sqrt(q) z)^2] from q_1 = sigma^2 by GSL quadrature (`lyapsim meanfield`), with chi_1 = sigma^2 E[phi'(sqrt(q*) z)^2] > 1 (chaotic) and q* in the last column; the other rows are Monte Carlo means +- standard errors over independent networks (`lyapsim profile`). E q_1 and E q_2 equal the map exactly at every width (h_1 is exactly Gaussian given the input); from layer 3 on, the fluctuations of q at width N bias the next layer through the concavity of V, by O(1/N): z is (Monte Carlo - mean field)/stderr at layer 30.",
            columns: ["activation", "N", "chi_1", "q_2", "q_5", "q_10", "q_30", "z_30", "q*"],
            rows: rows,
            notes: ["\(samples) networks x \(inputs) inputs per row, gaussian weights, generator \(ctx.generator.name).",
                    "Any row: `lyapsim profile --activation tanh --width 8 --depth 30 --sigma 1.5 --inputs 2 --samples \(samples)`; the mean-field row: `lyapsim meanfield --activation tanh --sigma 1.5`."],
            values: values)
    }
}
