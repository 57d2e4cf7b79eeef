import Foundation
import RandomNets

/// Lyapunov initialization beside the He gain (or a framework preset), for
/// `lyapsim init`: per ensemble, sigma_crit (closed form, or Monte Carlo with
/// a 95% interval), lambda at the scale in use and the depth over which that
/// scale shrinks the signal by e.
public struct InitReport: Sendable {
    public struct Row: Sendable {
        public let ensemble: String
        /// "closed form" or "Monte Carlo".
        public let source: String
        public let criticalSigma: Double?
        public let criticalSigmaInterval: ClosedRange<Double>?
        /// The scale in use (He gain, or the preset's) and lambda there.
        public let sigma: Double
        public let lyapunovExponent: Double
        public let standardError: Double?
        public let meetsAssumptions: Bool
        public let reason: String?
    }

    public let width: Int
    public let slope: Double
    /// "he" or a preset's name.
    public let scaleLabel: String
    public let preset: InitializerPreset?
    public let rows: [Row]
    /// The Monte Carlo setup used where there is no closed form.
    public let depth: Int
    public let samples: Int

    /// - ensembles: names to report (ignored when `preset` is given).
    public init(width: Int, slope: Double, ensembles: [String], parameters: EnsembleParameters,
                preset: InitializerPreset?, depth: Int, config: SimulationConfig) throws {
        self.width = width
        self.slope = slope
        self.preset = preset
        scaleLabel = preset?.name ?? "he"
        self.depth = depth
        samples = config.samples
        let he = LeakyReLU(slope: slope).heGain
        let names = preset.map { [$0.ensemble] } ?? ensembles
        let sigma = preset?.sigma(slope) ?? he
        try ResolvedEnsemble.checkDerived(sigma: sigma, what: preset.map { "\($0.name)'s scale" } ?? "the He gain sqrt(2/(1+a^2))",
                                          slope: slope)
        rows = try names.map { name in
            let ensemble = try EnsembleRegistry.make(name, sigma: sigma, parameters: parameters)
            if let p = try EnsembleTheory.predict(ensemble, width: width, slope: slope) {
                return Row(ensemble: name, source: "closed form", criticalSigma: p.criticalSigma, criticalSigmaInterval: nil,
                           sigma: sigma, lyapunovExponent: p.lyapunovExponent, standardError: nil,
                           meetsAssumptions: ensemble.meetsLimitTheoremAssumptions, reason: p.infiniteReason)
            }
            if slope == 0 {
                return Row(ensemble: name, source: "Monte Carlo", criticalSigma: nil, criticalSigmaInterval: nil,
                           sigma: sigma, lyapunovExponent: -.infinity, standardError: nil,
                           meetsAssumptions: ensemble.meetsLimitTheoremAssumptions,
                           reason: "ReLU (slope 0): networks die with positive probability per layer; lambda = -infinity")
            }
            let mc = try CriticalScaleEstimate(
                ensemble: ensemble, width: width, activation: LeakyReLU(slope: slope), depth: depth, config: config,
                burnIn: CriticalScaleEstimate.defaultBurnIn(for: ensemble, depth: depth))
            // lambda(sigma) = log sigma + lambda(1), pathwise.
            return Row(ensemble: name, source: "Monte Carlo", criticalSigma: mc.criticalSigma,
                       criticalSigmaInterval: mc.interval, sigma: sigma,
                       lyapunovExponent: log(sigma) + mc.lyapunovExponentAtOne, standardError: mc.standardError,
                       meetsAssumptions: ensemble.meetsLimitTheoremAssumptions, reason: nil)
        }
    }

    var scaleName: String { preset == nil ? "He" : "preset" }

    public func renderText() -> String {
        let g = { (x: Double) in NumberFormat.general(x, 8) }
        let table = rows.map { r -> [String] in
            let crit = r.criticalSigma.map(g) ?? "none"
            let ci = r.criticalSigmaInterval.map { "[\(NumberFormat.general($0.lowerBound, 5)), \(NumberFormat.general($0.upperBound, 5))]" } ?? ""
            let lambda = r.standardError.map { "\(g(r.lyapunovExponent)) +- \(NumberFormat.general($0, 2))" } ?? g(r.lyapunovExponent)
            let eFold = r.lyapunovExponent.isFinite ? (r.lyapunovExponent < 0 ? NumberFormat.general(-1 / r.lyapunovExponent, 4) : "grows") : "0"
            return [r.ensemble, r.source, crit, ci, g(r.sigma), r.criticalSigma.map { g($0 / r.sigma) } ?? "-", lambda, eFold]
        }
        var text = "lyapsim init: width \(width), slope \(NumberFormat.general(slope))"
        if let preset { text += ", preset \(preset.name): \(preset.formula)" }
        text += "\n\n"
        text += NumberFormat.table(
            header: ["ensemble", "source", "sigma_crit (Lyapunov)", "95% CI", "sigma_\(scaleName)", "crit/\(scaleName)",
                     "lambda at \(scaleName)", "layers per e-fold"],
            rows: table)
        if rows.contains(where: { $0.source == "Monte Carlo" }) {
            text += "\n\nMonte Carlo: \(samples) networks of depth \(depth) at sigma = 1; lambda(sigma) = log sigma + lambda(1) gives the rest."
        }
        if let reason = rows.compactMap(\.reason).first { text += "\n\nnote: \(reason); no sigma makes lambda = 0." }
        for r in rows where !r.meetsAssumptions {
            text += "\n\nnote: \(r.ensemble) entries have no density: outside the limit theorems' assumptions."
        }
        if let preset, let crit = rows.first?.criticalSigma, let lambda = rows.first?.lyapunovExponent, lambda.isFinite {
            let what = lambda < 0 ? "shrinks the signal by a factor e every \(NumberFormat.general(-1 / lambda, 4)) layers"
                                  : "grows the signal by a factor e every \(NumberFormat.general(1 / lambda, 4)) layers"
            text += "\n\n\(preset.name) \(what); sigma = \(NumberFormat.general(crit, 6)) (\(NumberFormat.general(crit / preset.sigma(slope), 4)) times its scale) makes lambda = 0."
        }
        return text
    }

    public func json() -> JSONValue {
        var top: [(String, JSONValue)] = [
            ("width", .integer(width)),
            ("slope", .number(slope)),
            ("he_gain", .number(LeakyReLU(slope: slope).heGain)),
        ]
        if let preset {
            top += [("preset", .string(preset.name)), ("preset_formula", .string(preset.formula)),
                    ("preset_sigma", .number(preset.sigma(slope)))]
        }
        let items: [JSONValue] = rows.map { r in
            var f: [(String, JSONValue)] = [("ensemble", .string(r.ensemble)), ("source", .string(r.source)),
                                            ("meets_theorem_assumptions", .bool(r.meetsAssumptions))]
            if let crit = r.criticalSigma { f.append(("critical_sigma", .number(crit))) }
            if let ci = r.criticalSigmaInterval { f.append(("critical_sigma_ci", .array([.number(ci.lowerBound), .number(ci.upperBound)]))) }
            f.append(("sigma", .number(r.sigma)))
            f.append(("lyapunov_exponent", .finite(r.lyapunovExponent)))
            if let se = r.standardError { f.append(("stderr", .number(se))) }
            if let reason = r.reason { f.append(("reason", .string(reason))) }
            return .object(f)
        }
        top.append(("ensembles", .array(items)))
        // With one ensemble (a preset, or --ensemble), its numbers at the top level too.
        if rows.count == 1, let r = rows.first {
            if let crit = r.criticalSigma { top.append(("critical_sigma", .number(crit))) }
            if let ci = r.criticalSigmaInterval { top.append(("critical_sigma_ci", .array([.number(ci.lowerBound), .number(ci.upperBound)]))) }
            top.append(("lyapunov_exponent", .finite(r.lyapunovExponent)))
            if let reason = r.reason { top.append(("reason", .string(reason))) }
        }
        return .object(top)
    }

    public func csv() -> String {
        let g = NumberFormat.csv
        return (["width,slope,ensemble,source,critical_sigma,critical_sigma_ci_low,critical_sigma_ci_high,sigma,lyapunov_exponent,stderr"] + rows.map { r in
            [String(width), g(slope), r.ensemble, r.source, g(r.criticalSigma), g(r.criticalSigmaInterval?.lowerBound),
             g(r.criticalSigmaInterval?.upperBound), g(r.sigma), g(r.lyapunovExponent), g(r.standardError)]
                .joined(separator: ",")
        }).joined(separator: "\n")
    }
}
