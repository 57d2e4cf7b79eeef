import Foundation
import RandomNets

/// `lyapsim init --widths`: for every layer the He scale, its mean log-gain
/// there and the layer's own sigma_crit; for the whole network E S_L and its
/// sd at He and at per-layer Lyapunov initialization.
public struct LayerInitReport: Sendable {
    public let he: LayerTheory.Network
    public let lyapunov: LayerTheory.Network
    public let ensemble: String
    public let slope: Double
    /// A line saying where the weights went, if they were saved.
    public let savedNote: String?

    public init(he: LayerTheory.Network, lyapunov: LayerTheory.Network, ensemble: String, slope: Double,
                savedNote: String? = nil) {
        self.he = he
        self.lyapunov = lyapunov
        self.ensemble = ensemble
        self.slope = slope
        self.savedNote = savedNote
    }

    var widths: [Int] { [he.layers[0].fanIn] + he.layers.map(\.fanOut) }

    public func renderText() -> String {
        let g = { (x: Double) in NumberFormat.general(x, 6) }
        var text = "lyapsim init: widths \(widths.map(String.init).joined(separator: ",")), \(ensemble) weights, slope \(g(slope))\n"
        text += "  sigma: entrywise E W_ij^2 = sigma^2/fan_in, orthogonal W = sigma Q (torch.nn.init conventions)\n\n"
        let rows = zip(he.layers, lyapunov.layers).enumerated().map { l, pair in
            [String(l + 1), String(pair.0.fanIn), String(pair.0.fanOut), g(pair.0.sigma), g(pair.0.meanLogGain),
             pair.1.criticalSigma.map(g) ?? "none"]
        }
        text += NumberFormat.table(header: ["layer", "fan_in", "fan_out", "He sigma", "E g at He", "sigma_crit"],
                                   rows: ArchitectureReport.elided(rows))
        text += "\n\n"
        text += NumberFormat.table(header: ["network", "E S_L", "sd S_L", "meaning"], rows: [
            ["He", g(he.meanLogNorm), g(he.varianceLogNorm.squareRoot()), "log||x_L|| - log||x_0|| at He gain"],
            ["Lyapunov", g(lyapunov.meanLogNorm), g(lyapunov.varianceLogNorm.squareRoot()), "every layer at its sigma_crit"],
        ])
        if let savedNote { text += "\n\n" + savedNote }
        return text
    }

    public func json() -> JSONValue {
        .object([
            ("widths", .array(widths.map { .integer($0) })),
            ("ensemble", .string(ensemble)),
            ("slope", .number(slope)),
            ("layers", .array(zip(he.layers, lyapunov.layers).map { h, l in
                .object([("fan_in", .integer(h.fanIn)), ("fan_out", .integer(h.fanOut)), ("he_sigma", .number(h.sigma)),
                         ("mean_log_gain_at_he", .finite(h.meanLogGain)), ("variance_log_gain", .finite(h.varianceLogGain)),
                         ("critical_sigma", .finite(l.criticalSigma))])
            })),
            ("he", .object([("mean_log_norm", .finite(he.meanLogNorm)),
                            ("sd_log_norm", .finite(he.varianceLogNorm.squareRoot()))])),
            ("lyapunov", .object([("mean_log_norm", .finite(lyapunov.meanLogNorm)),
                                  ("sd_log_norm", .finite(lyapunov.varianceLogNorm.squareRoot()))])),
        ])
    }

    public func csv() -> String {
        let c = NumberFormat.csv
        var lines = ["layer,fan_in,fan_out,ensemble,slope,he_sigma,mean_log_gain_at_he,critical_sigma"]
        for (l, (h, y)) in zip(he.layers, lyapunov.layers).enumerated() {
            lines.append([String(l + 1), String(h.fanIn), String(h.fanOut), ensemble, c(slope), c(h.sigma),
                          c(h.meanLogGain), c(y.criticalSigma)].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
