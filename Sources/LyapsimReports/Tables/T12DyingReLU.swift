import Foundation
import RandomNets

/// T12: dead units at initialization (after Lee, Kim and Choi, arXiv 2509.00362): per initialization, the
/// fraction of units inactive on every input of a batch, the sparsity and
/// the centring of the pre-activations, for ReLU and Leaky ReLU.
enum T12DyingReLU: PublishedTable {
    static let id = "T12"
    static let slug = "dying-relu"

    static let slopes = [0.0, 0.1]
    static let widths = [4, 8, 16]
    static let depth = 100
    static let inputs = 3
    static let shownLayers = [1, 10, 100]

    /// (label, ensemble at its scale) for slope a; nil where the rule has no scale.
    static func initializations(slope a: Double, width n: Int) throws -> [(String, (any WeightEnsemble)?)] {
        let he = LeakyReLU(slope: a).heGain
        let lyapunov: (any WeightEnsemble)? = a == 0 ? nil
            : try GaussianEnsemble(sigma: LyapunovTheory.sigma(for: .lyapunov, ensemble: .gaussian, width: n, slope: a))
        return [
            ("he", try GaussianEnsemble(sigma: he)),
            ("orthogonal", try OrthogonalEnsemble(sigma: he)),
            ("lyapunov", lyapunov),
            ("xavier", try GaussianEnsemble(sigma: 1)),
            ("torch-default", try UniformEnsemble(sigma: (1.0 / 3).squareRoot())),
            ("relu-orthogonal", try ReluOrthogonalEnsemble(sigma: ReluOrthogonalEnsemble.gain(slope: a))),
        ]
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let samples = ctx.samples(200)
        var rows: [[String]] = [], values: [[String: Double]] = []
        var cell = 0
        for a in slopes {
            let phi: any Activation = a == 0 ? ReLU() : LeakyReLU(slope: a)
            for n in widths {
                for (label, ensemble) in try initializations(slope: a, width: n) {
                    defer { cell += 1 }
                    guard let ensemble else {
                        rows.append([phi.description, label, "none", String(n), "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"])
                        values.append([:])
                        continue
                    }
                    let p = try ctx.profile(phi, ensemble, width: n, depth: depth, samples: samples, inputs: inputs,
                                            seed: ctx.seed(table: 12, cell: cell))
                    var v: [String: Double] = ["N": Double(n), "slope": a]
                    for l in p.layers { v["dead\(l.layer)"] = l.deadFraction.mean }
                    values.append(v)
                    let last = p.layers[depth - 1]
                    let centring = last.preactivationMean.mean / last.q.mean.squareRoot()
                    rows.append([phi.description, label, Cell.sig(ensemble.sigma, 4), String(n)]
                                + shownLayers.map { Cell.estimate(p.layers[$0 - 1].deadFraction, 2) }
                                + [Cell.estimate(last.sparsity, 2), last.q.mean > 0 ? Cell.fixed(centring, 3) : "n/a",
                                   Cell.estimate(last.deadNetworkFraction, 2)])
                }
            }
        }
        return ResultTable(
            id: id, title: "Dying ReLU at initialization: dead units, sparsity and centring by initialization",
            summary: "A unit is dead when its pre-activation is <= 0 for every one of the \(inputs) inputs of the batch (for Leaky ReLU: inactive, on the negative branch). Sparsity is the fraction of pre-activations <= 0; centring is mean(h)/sqrt(q) at layer 100 (0 for centred pre-activations); dead nets is the fraction of inputs sent to the zero vector. He, orthogonal (Haar at the He gain), Lyapunov (sigma_crit; none for ReLU, where lambda = -infinity) and Xavier/torch-default scales all let dead units accumulate with depth at small width: the non-negative activations give every unit a fixed random offset. relu-orthogonal is lyapsim's calibrated construction (W x = sigma Q (x - mean x), rows of mean 0; `lyapsim ensembles`), at its gain 1/((1 + a^2)/2 - (1 - a)^2/(2 pi)) in sigma^2.",
            columns: ["activation", "init", "sigma", "N", "dead L=1", "dead L=10", "dead L=100", "sparsity L=100", "centring L=100", "dead nets L=100"],
            rows: rows,
            notes: ["\(samples) networks x \(inputs) Gaussian inputs per row, depth \(depth), generator \(ctx.generator.name).",
                    "At layer 1 the dead fraction of rotation-invariant rows follows the orthant law (1/8 + sum asin(r_ab)/(4 pi) for three inputs; about 0.125 for nearly orthogonal inputs).",
                    "Any row: `lyapsim profile --activation relu --width 8 --depth 100 --ensemble relu-orthogonal --sigma 1.7128 --samples \(samples)`."],
            values: values)
    }
}
