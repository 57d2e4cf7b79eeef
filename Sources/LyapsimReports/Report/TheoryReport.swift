import Foundation
import RandomNets

/// The closed forms alone, for `lyapsim theory`.
public struct TheoryReport: Sendable {
    public let prediction: TheoryPrediction
    public let initialization: String

    public init(prediction: TheoryPrediction, initialization: String) {
        self.prediction = prediction
        self.initialization = initialization
    }

    public func renderText() -> String {
        let p = prediction
        let g = { (x: Double) in NumberFormat.general(x, 10) }
        var rows: [[String]] = [
            ["lyapunov exponent lambda", g(p.lyapunovExponent), "per layer: log||x_L|| ~ L lambda"],
            ["CLT variance s^2", g(p.cltVariance), "Var log||x_L|| ~ L s^2"],
            ["critical sigma", p.criticalSigma.map(g) ?? "none", "lambda(sigma_crit) = 0"],
            ["He gain", g(LeakyReLU(slope: p.slope).heGain), "sqrt(2/(1+a^2))"],
        ]
        if p.deathProbabilityPerLayer > 0 {
            rows.append(["death probability / layer", g(p.deathProbabilityPerLayer), "2^-N"])
            rows.append(["lambda | alive", g(p.survivingLyapunovExponent), "networks not yet dead"])
            rows.append(["s^2 | alive", g(p.survivingCLTVariance), ""])
        }
        var text = "lyapsim theory: \(p.ensemble) weights, width \(p.width), slope \(NumberFormat.general(p.slope)), sigma \(g(p.sigma)) (\(initialization))\n\n"
        text += NumberFormat.table(header: ["quantity", "value", "meaning"], rows: rows)
        if let reason = p.infiniteReason { text += "\n\nnote: \(reason)" }
        return text
    }

    public func json() -> JSONValue {
        let p = prediction
        var fields: [(String, JSONValue)] = [
            ("width", .integer(p.width)),
            ("slope", .number(p.slope)),
            ("ensemble", .string(p.ensemble)),
            ("sigma", .number(p.sigma)),
            ("init", .string(initialization)),
            ("lyapunov_exponent", .finite(p.lyapunovExponent)),
            ("clt_variance", .finite(p.cltVariance)),
            ("critical_sigma", .finite(p.criticalSigma)),
            ("he_gain", .number(LeakyReLU(slope: p.slope).heGain)),
            ("death_probability_per_layer", .number(p.deathProbabilityPerLayer)),
            ("surviving_lyapunov_exponent", .finite(p.survivingLyapunovExponent)),
            ("surviving_clt_variance", .finite(p.survivingCLTVariance)),
        ]
        if let reason = p.infiniteReason { fields.append(("infinite_reason", .string(reason))) }
        return .object(fields)
    }

    public static let csvHeader = "width,slope,ensemble,sigma,init,lyapunov_exponent,clt_variance,critical_sigma,he_gain,death_probability_per_layer"

    public func csvRow() -> String {
        let p = prediction
        let g = NumberFormat.csv
        return [String(p.width), g(p.slope), p.ensemble, g(p.sigma), initialization,
                g(p.lyapunovExponent), g(p.cltVariance), g(p.criticalSigma),
                g(LeakyReLU(slope: p.slope).heGain), g(p.deathProbabilityPerLayer)].joined(separator: ",")
    }
}
