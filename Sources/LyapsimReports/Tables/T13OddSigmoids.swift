import Foundation
import RandomNets

/// T13: odd sigmoids at depth (after Lee, Choi and Kim, "Signal Preserving Weight Initialization for Odd-Sigmoid Activations"): how dispersed the activations are
/// at layer L under Xavier, He, orthogonal and diagonal-plus-noise weights at
/// the searched noise scale.
enum T13OddSigmoids: PublishedTable {
    static let id = "T13"
    static let slug = "odd-sigmoids"

    static let activations: [any Activation] = [Tanh(), Erf(), Softsign()]
    static let widths = [4, 16, 64]
    static let depths = [10, 100, 1000]
    static let inputs = 3

    static func sizes(_ ctx: TableContext) -> (search: Int, samples: Int, tolerance: Double) {
        ctx.profile == .quick ? (8, 20, 1e-3) : (80, 200, 1e-5)
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let (searchSamples, samples, tolerance) = sizes(ctx)
        var rows: [[String]] = [], values: [[String: Double]] = []
        var cell = 0
        for phi in activations {
            for n in widths {
                for depth in depths {
                    // The largest cell costs 20 times the rest of the quick table together.
                    if ctx.profile == .quick && n == 64 && depth == 1000 {
                        rows.append([phi.description, String(n), String(depth), "full profile only", "", "", "", ""])
                        values.append([:])
                        cell += 5
                        continue
                    }
                    let searchConfig = try SimulationConfig(samples: searchSamples, seed: ctx.seed(table: 13, cell: cell),
                                                            generator: ctx.generator, threads: ctx.threads)
                    let search = try NoiseSearch(activation: phi, width: n, targetDepth: depth, inputs: inputs,
                                                 config: searchConfig, tolerance: tolerance)
                    var ensembles: [any WeightEnsemble] = [try GaussianEnsemble(sigma: 1), try GaussianEnsemble(sigma: 2.0.squareRoot()),
                                                           try OrthogonalEnsemble(sigma: 1)]
                    if let z = search.noise {
                        ensembles.append(try DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": z])))
                    }
                    var cells: [String] = []
                    var v: [String: Double] = ["N": Double(n), "L": Double(depth), "noise": search.noise ?? .nan]
                    for (k, ensemble) in ensembles.enumerated() {
                        let p = try ctx.profile(phi, ensemble, width: n, depth: depth, samples: samples, inputs: inputs,
                                                seed: ctx.seed(table: 13, cell: cell + 1 + k))
                        let d = p.layers[depth - 1].dispersion
                        cells.append(Cell.estimate(d, 3))
                        v["dispersion\(k)"] = d?.mean ?? .nan
                    }
                    if search.noise == nil { cells.append("not reached") }
                    cell += 5
                    values.append(v)
                    rows.append([phi.description, String(n), String(depth), search.noise.map { Cell.sig($0, 4) } ?? "n/a"] + cells)
                }
            }
        }
        return ResultTable(
            id: id, title: "Odd sigmoids at depth: dispersion at layer L by initialization",
            summary: "Dispersion is the mean over units of the standard deviation of x_{L,i} across the \(inputs) inputs of a batch (inputs with q_0 = 1): how much of the difference between inputs reaches layer L (Lee, Choi and Kim ask for it to stay away from 0, collapse, and from saturation). Xavier is gaussian at sigma = 1, He gaussian at sigma = sqrt(2), orthogonal Haar at sigma = 1. diagonal-noise is W = I + Z, Z iid N(0, noise^2/N), at the noise that `lyapsim init --ensemble diagonal-noise --target-depth L` finds for that activation, width and depth: the noise with E q_L = q_0 = 1 (bisection with common random numbers).",
            columns: ["activation", "N", "L", "searched noise", "xavier", "he", "orthogonal", "diagonal-noise"],
            rows: rows,
            notes: [ctx.profile == .quick ? "Quick profile: the N = 64, L = 1000 cells are computed by `--profile full` only." : "All cells computed.",
                    "Search: \(searchSamples) networks x \(inputs) inputs per step, tolerance \(tolerance); each dispersion: \(samples) networks; generator \(ctx.generator.name).",
                    "Any row: `lyapsim init --activation tanh --ensemble diagonal-noise --target-depth 100 --width 16 --samples \(samples)`."],
            values: values)
    }
}
