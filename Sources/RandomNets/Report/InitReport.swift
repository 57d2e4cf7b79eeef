import Foundation

/// Lyapunov initialization beside the He gain, for `lyapsim init`: one row
/// per ensemble with sigma_crit, sigma_He, lambda at He and the depth over
/// which He initialization shrinks the signal by e.
public struct InitReport: Sendable {
    public let width: Int
    public let slope: Double
    /// Predictions at the He gain, one per ensemble asked for.
    public let atHe: [TheoryPrediction]

    public init(width: Int, slope: Double, ensembles: [Ensemble]) throws {
        self.width = width
        self.slope = slope
        let he = LeakyReLU(slope: slope).heGain
        atHe = try ensembles.map {
            try LyapunovTheory.predict(ensemble: $0, width: width, slope: slope, sigma: he)
        }
    }

    public func renderText() -> String {
        let g = { (x: Double) in NumberFormat.general(x, 8) }
        let he = LeakyReLU(slope: slope).heGain
        let rows = atHe.map { p -> [String] in
            let crit = p.criticalSigma.map(g) ?? "none"
            let ratio = p.criticalSigma.map { g($0 / he) } ?? "-"
            let eFold = p.lyapunovExponent < 0 && p.lyapunovExponent.isFinite
                ? NumberFormat.general(-1 / p.lyapunovExponent, 4) : (p.lyapunovExponent.isFinite ? "-" : "0")
            return [p.ensemble.rawValue, crit, g(he), ratio, g(p.lyapunovExponent), eFold]
        }
        var text = "lyapsim init: width \(width), slope \(NumberFormat.general(slope))\n\n"
        text += NumberFormat.table(
            header: ["ensemble", "sigma_crit (Lyapunov)", "sigma_He", "crit/He", "lambda at He", "layers per e-fold at He"],
            rows: rows)
        if let reason = atHe.first?.infiniteReason { text += "\n\nnote: \(reason); no sigma makes lambda = 0." }
        return text
    }

    public func json() -> JSONValue {
        .object([
            ("width", .integer(width)),
            ("slope", .number(slope)),
            ("he_gain", .number(LeakyReLU(slope: slope).heGain)),
            ("ensembles", .array(atHe.map { p in
                .object([
                    ("ensemble", .string(p.ensemble.rawValue)),
                    ("critical_sigma", .finite(p.criticalSigma)),
                    ("lyapunov_exponent_at_he", .finite(p.lyapunovExponent)),
                    ("clt_variance_at_he", .finite(p.cltVariance)),
                ])
            })),
        ])
    }

    public func csv() -> String {
        let g = NumberFormat.csv
        let he = LeakyReLU(slope: slope).heGain
        return (["width,slope,ensemble,critical_sigma,he_gain,lyapunov_exponent_at_he"] + atHe.map {
            [String(width), g(slope), $0.ensemble.rawValue, g($0.criticalSigma), g(he), g($0.lyapunovExponent)]
                .joined(separator: ",")
        }).joined(separator: "\n")
    }
}
