import Foundation
import RandomNets

/// T5: He, orthogonal and Lyapunov initialization in deep narrow networks.
enum T5DeepNarrow: PublishedTable {
    static let id = "T5"
    static let slug = "deep-narrow-init"

    static let widths = [2, 4, 8, 16]
    static let depths = [50, 100, 500]
    static let slope = 0.1
    /// log(1e10): "vanished" is ||x_L|| < 1e-10, "exploded" > 1e10.
    static let threshold = 10 * log(10.0)

    struct Scheme { let name: String; let ensemble: Ensemble; let initialization: Initialization }
    static let schemes = [Scheme(name: "He, gaussian", ensemble: .gaussian, initialization: .he),
                          Scheme(name: "He, orthogonal", ensemble: .orthogonal, initialization: .he),
                          Scheme(name: "Lyapunov, gaussian", ensemble: .gaussian, initialization: .lyapunov),
                          Scheme(name: "Lyapunov, orthogonal", ensemble: .orthogonal, initialization: .lyapunov)]

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let samples = ctx.samples(1000)
        var rows: [[String]] = []
        var cell = 0
        for n in widths {
            for depth in depths {
                for scheme in schemes {
                    let sigma = try LyapunovTheory.sigma(for: scheme.initialization, ensemble: scheme.ensemble,
                                                         width: n, slope: slope)
                    let result = try ctx.simulate(scheme.ensemble, width: n, slope: slope, sigma: sigma, depth: depth,
                                                  samples: samples, method: .reduced,
                                                  seed: ctx.seed(table: 5, cell: cell))
                    cell += 1
                    let s = result.finalLogNorms.sorted()
                    rows.append([String(n), String(depth), scheme.name, Cell.fixed(sigma, 4),
                                 Cell.fixed(quantile(s, 0.5), 2),
                                 Cell.fraction(s.filter { $0 < -threshold }.count, of: samples),
                                 Cell.fraction(s.filter { $0 > threshold }.count, of: samples)])
                }
            }
        }
        return ResultTable(
            id: id, title: "He vs orthogonal vs Lyapunov initialization in deep narrow networks",
            summary: "Median log||x_L|| (||x_0|| = 1) and the fractions of networks whose signal vanished (||x_L|| < 1e-10) or exploded (> 1e10), for Leaky ReLU slope a = 0.1. He initialization, Gaussian or orthogonal, loses the signal in narrow deep networks; Lyapunov initialization keeps the median at 0 and only the CLT spread sqrt(L) s remains, which at width 2 to 4 and depth 500 is itself wide enough to push some networks past the thresholds both ways.",
            columns: ["N", "L", "initialization", "sigma", "median log||x_L||", "vanished", "exploded"],
            rows: rows,
            notes: ["\(samples) networks per row; reduced sampler, generator \(ctx.generator.name)."])
    }
}
