import Foundation
import RandomNets

/// `lyapsim spectrum --bias-sigma`: the Jacobian's top exponents of a
/// network with biases, beside the infinite-width value (1/2) log chi_1 for
/// the top one and the mean-field fixed point q*.
public struct BiasedSpectrumReport: Sendable {
    public let samples: BiasedSpectrum.Samples
    public let meanField: MeanField
    public let width: Int
    public let depth: Int
    public let ensemble: String
    public let seed: UInt64
    public let generator: String

    public init(samples: BiasedSpectrum.Samples, meanField: MeanField, width: Int, depth: Int, ensemble: String,
                seed: UInt64, generator: String) {
        self.samples = samples
        self.meanField = meanField
        self.width = width
        self.depth = depth
        self.ensemble = ensemble
        self.seed = seed
        self.generator = generator
    }

    /// Mean and standard error of exponent k over the samples (finite ones).
    func summary(_ k: Int) -> (mean: Double, stderr: Double) {
        let m = samples.exponents.count / samples.exponentCount
        let values = (0..<m).map { samples.exponents[$0 * samples.exponentCount + k] }.filter(\.isFinite)
        let moments = SampleMoments(values)
        return (moments.mean, values.count >= 2 ? (moments.variance / Double(values.count)).squareRoot() : .nan)
    }

    /// (1/2) log chi_1: the top exponent as N -> infinity.
    var meanFieldTop: Double { 0.5 * log(meanField.chi1) }

    public func renderText() -> String {
        let g = { (x: Double) in NumberFormat.general(x, 6) }
        let m = samples.exponents.count / samples.exponentCount
        var text = "lyapsim spectrum: \(ensemble) weights, width \(width), \(meanField.activation), sigma \(g(meanField.sigma)), biases N(0, \(g(meanField.biasSigma))^2)\n"
        text += "  depth \(depth), \(m) samples, seed \(seed), rng \(generator); x_0 = (1, ..., 1), not renormalized\n\n"
        var rows: [[String]] = []
        for k in 0..<samples.exponentCount {
            let s = summary(k)
            rows.append(["lambda_\(k + 1)", "\(g(s.mean)) +- \(g(s.stderr))", k == 0 ? g(meanFieldTop) : ""])
        }
        text += NumberFormat.table(header: ["exponent", "Monte Carlo (+- stderr)", "infinite width (1/2) log chi_1"], rows: rows)
        text += "\n\nmean field: chi_1 = \(g(meanField.chi1)) (\(meanField.phase.rawValue)), q* = \(meanField.fixedPointQ.map(g) ?? "none (q_l grows)")"
        text += "\nlambda_1 < 0: perturbations and gradients shrink with depth (order); > 0: they grow (chaos)."
        return text
    }

    public func json() -> JSONValue {
        .object([
            ("width", .integer(width)), ("depth", .integer(depth)), ("ensemble", .string(ensemble)),
            ("activation", .string(meanField.activation.description)), ("sigma", .number(meanField.sigma)),
            ("bias_sigma", .number(meanField.biasSigma)), ("samples", .integer(samples.exponents.count / samples.exponentCount)),
            ("seed", .string(String(seed))), ("rng", .string(generator)),
            ("exponents", .array((0..<samples.exponentCount).map { k in
                let s = summary(k)
                return .object([("k", .integer(k + 1)), ("estimate", .finite(s.mean)), ("stderr", .finite(s.stderr))])
            })),
            ("chi_1", .number(meanField.chi1)), ("mean_field_top_exponent", .finite(meanFieldTop)),
            ("fixed_point_q", .finite(meanField.fixedPointQ)),
        ])
    }

    public func csv() -> String {
        let c = NumberFormat.csv
        var lines = ["width,depth,ensemble,sigma,bias_sigma,k,estimate,stderr,mean_field_top_exponent"]
        for k in 0..<samples.exponentCount {
            let s = summary(k)
            lines.append([String(width), String(depth), ensemble, c(meanField.sigma), c(meanField.biasSigma), String(k + 1),
                          c(s.mean), c(s.stderr), k == 0 ? c(meanFieldTop) : ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
