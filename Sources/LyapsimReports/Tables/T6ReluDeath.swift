import Foundation
import RandomNets

/// T6: ReLU networks die; the fraction dead after L layers against the exact
/// law 1 - (1 - 2^-N)^L.
enum T6ReluDeath: PublishedTable {
    static let id = "T6"
    static let slug = "relu-death"

    static let widths = Array(1...8)
    static let depths = [10, 100]

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let samples = ctx.samples(4000)
        var rows: [[String]] = []
        var values: [[String: Double]] = []
        var cell = 0
        for n in widths {
            for depth in depths {
                for ensemble in Ensemble.allCases {
                    let sigma = 2.0.squareRoot()
                    let result = try ctx.simulate(ensemble, width: n, slope: 0, sigma: sigma, depth: depth,
                                                  samples: samples, method: .reduced,
                                                  seed: ctx.seed(table: 6, cell: cell))
                    cell += 1
                    let theory = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: 0, sigma: sigma)
                    let p = theory.deathProbability(depth: depth)
                    let dead = result.deadCount
                    let sd = (Double(samples) * p * (1 - p)).squareRoot()
                    let z = sd > 0 ? (Double(dead) - Double(samples) * p) / sd : .nan
                    values.append(z.isFinite ? ["z": z] : [:])
                    rows.append([String(n), String(depth), ensemble.rawValue, Cell.fixed(p, 4),
                                 Cell.fraction(dead, of: samples), Cell.z(z)])
                }
            }
        }
        return ResultTable(
            id: id, title: "ReLU death: dead networks against 1 - (1 - 2^-N)^L",
            summary: "With ReLU (a = 0) a layer maps x to exactly 0 when all N pre-activations are negative, probability 2^-N, whatever the ensemble; after L layers a network is dead with probability 1 - (1 - 2^-N)^L. The Monte Carlo fraction and its binomial z-score are shown beside the exact law. At width 1 to 4 most networks of depth 100 are dead: lambda = -infinity is not a limit artefact.",
            columns: ["N", "L", "ensemble", "P(dead) exact", "fraction dead (MC)", "z"],
            rows: rows,
            notes: ["\(samples) networks per row at sigma = sqrt(2); reduced sampler, generator \(ctx.generator.name). z is n/a where the exact probability is 1."],
            values: values)
    }
}
