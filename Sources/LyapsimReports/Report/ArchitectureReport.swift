import Foundation
import RandomNets

/// A network of any width profile: per-layer closed forms (`lyapsim theory
/// --widths`), and the Monte Carlo S_L beside them (`lyapsim estimate
/// --widths`). Renders records only; the statistics live in
/// `LogNormComparison`.
public struct ArchitectureReport: Sendable {
    public let architecture: Architecture
    /// How sigma was chosen per layer, for the header ("he", "lyapunov", "sigma 1.2").
    public let rule: String
    public let theory: LayerTheory.Network?
    /// The Monte Carlo run, when there was one.
    public let run: Run?

    public struct Run: Sendable {
        public let finalLogNorms: [Double]
        public let seed: UInt64
        public let generator: String

        public init(finalLogNorms: [Double], seed: UInt64, generator: String) {
            self.finalLogNorms = finalLogNorms
            self.seed = seed
            self.generator = generator
        }
    }

    public init(architecture: Architecture, rule: String, theory: LayerTheory.Network?, run: Run? = nil) {
        self.architecture = architecture
        self.rule = rule
        self.theory = theory
        self.run = run
    }

    var comparison: LogNormComparison? {
        guard let theory, let run else { return nil }
        return LogNormComparison(theory: theory, finalLogNorms: run.finalLogNorms)
    }

    /// Monte Carlo moments when there is no closed form to compare with.
    var sample: SampleMoments? {
        run.map { SampleMoments($0.finalLogNorms.filter { $0 != -.infinity }) }
    }

    /// N0,...,NL; long runs of one width shortened to "N x count" (a residual
    /// network of depth 200 would print 201 numbers).
    var widthsText: String {
        let widths = architecture.widths
        guard widths.count > 12 else { return widths.map(String.init).joined(separator: ",") }
        var parts: [String] = []
        var i = 0
        while i < widths.count {
            var j = i
            while j + 1 < widths.count && widths[j + 1] == widths[i] { j += 1 }
            parts.append(j - i + 1 >= 3 ? "\(widths[i]) x \(j - i + 1)" : (i...j).map { String(widths[$0]) }.joined(separator: ","))
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
    var ensembleName: String { architecture.layers[0].ensemble.name }
    var slope: Double { architecture.layers[0].slope }

    // MARK: Text

    public func renderText(command: String) -> String {
        let g = { (x: Double) in NumberFormat.general(x, 6) }
        var text = "lyapsim \(command): widths \(widthsText), \(ensembleName) weights, slope \(g(slope)), sigma per layer: \(rule)\n"
        if let run { text += "  \(run.finalLogNorms.count) samples, seed \(run.seed), rng \(run.generator)\n" }
        text += "  S_L = log||x_L|| - log||x_0||, g_l = log||x_l|| - log||x_l-1||; sigma: entrywise E W_ij^2 = sigma^2/fan_in, orthogonal W = sigma Q\n\n"
        if let theory {
            let rows = theory.layers.enumerated().map { l, layer in
                [String(l + 1), String(layer.fanIn), String(layer.fanOut), g(layer.sigma), g(layer.meanLogGain),
                 g(layer.varianceLogGain), layer.criticalSigma.map(g) ?? "none"]
            }
            text += NumberFormat.table(header: ["layer", "fan_in", "fan_out", "sigma", "E g", "Var g", "sigma_crit"],
                                       rows: Self.elided(rows))
            text += "\n\n"
        }
        if let c = comparison {
            let z = c.zScore
            let exact = c.isExact, belowRounding = c.spreadBelowRounding
            let byRounding = c.meanWithinRoundingOnly
            var rows: [[String]] = [
                ["E S_L", g(c.theory.meanLogNorm),
                 c.survivors >= 2 ? "\(g(c.mean)) +- \(g(c.standardError))" : "n/a",
                 exact ? "exact: |error| <= \(NumberFormat.general(c.exactTolerance, 2))"
                       : z.map { "z = \(NumberFormat.fixed($0, 2))" + (byRounding ? ", within rounding" : "") } ?? "-",
                 c.meanConsistent ? "ok" : "DISAGREES"],
                ["Var S_L", g(c.theory.varianceLogNorm),
                 belowRounding && c.survivors >= 2 ? g(c.variance)  // an interval from rounding noise means nothing
                       : c.varianceInterval95.map { "\(g(c.variance)) [\(g($0.lowerBound)), \(g($0.upperBound))]" } ?? "n/a",
                 exact ? "exact: 0 up to rounding" : belowRounding ? "spread below rounding" : "in 95% CI",
                 c.varianceConsistent ? "ok" : "DISAGREES"],
                ["S_L normal (CLT)", exact ? "constant" : "normal",
                 belowRounding ? "n/a" : c.normality.map { "Anderson-Darling p = \(NumberFormat.fixed($0.pValue, 3))" }
                     ?? (c.survivors < 8 ? "n/a (fewer than 8 alive)" : "n/a (S_L is a constant)"),
                 exact ? "S_L is a constant" : belowRounding ? "spread below rounding" : "p >= 0.001", c.normalityPasses.map { $0 ? "ok" : "not normal" } ?? "-"],
            ]
            if c.theory.deathProbability > 0 {
                rows.append(["dead networks", g(c.theory.deathProbability * Double(c.samples)), String(c.deadCount),
                             c.deathZScore.map { "z = \(NumberFormat.fixed($0, 2))" } ?? "-", c.deathConsistent ? "ok" : "DISAGREES"])
            }
            text += NumberFormat.table(header: ["quantity", "theory", "Monte Carlo (+- stderr, [95% CI])", "check", "result"],
                                       rows: rows)
            text += "\n\nverdict: " + (c.survivors < 2
                ? "fewer than 2 networks survived, so only the dead count is judged: " + (c.deathConsistent ? "it agrees with theory" : "it DISAGREES with theory")
                : (c.agrees ? "simulation agrees with theory" : "simulation DISAGREES with theory")
                  + (exact ? " (checks: mean S_L and sd(S_L) within rounding)"
                     : belowRounding ? " (checks: |z| <= \(NumberFormat.fixed(c.zLimit, 2)) plus rounding; sd(S_L) within rounding)"
                     : " (checks: |z| <= \(NumberFormat.fixed(c.zLimit, 2)); Var S_L inside the 4-sigma interval)"))
        } else if let theory {
            text += "network: E S_L = \(g(theory.meanLogNorm)), Var S_L = \(g(theory.varianceLogNorm)), sd \(g(theory.varianceLogNorm.squareRoot()))"
            if theory.deathProbability > 0 { text += ", P(dead) = \(g(theory.deathProbability))" }
        } else if let sample, let run {
            let residual = architecture.layers.contains { $0.residual != nil }
            text += residual
                ? "no closed form for a nonlinear residual branch (u . phi(W u) depends on the direction of u, so the increments form a Markov chain; exact only with --slope 1 and gaussian weights): Monte Carlo only\n"
                : "no closed form for \(ensembleName) weights (gaussian and orthogonal only): Monte Carlo only\n"
            let se = (sample.variance / Double(max(1, sample.count))).squareRoot()
            text += "E S_L = \(g(sample.mean)) +- \(g(se)), Var S_L = \(g(sample.variance)), dead \(run.finalLogNorms.count - sample.count)"
            text += "\nper layer: lambda = E S_L / L = \(g(sample.mean / Double(architecture.depth))) +- \(g(se / Double(architecture.depth))), s^2 = Var S_L / L = \(g(sample.variance / Double(architecture.depth)))"
        }
        return text
    }

    /// At most 24 layer rows: the first 12 and the last 12.
    static func elided(_ rows: [[String]]) -> [[String]] {
        guard rows.count > 24 else { return rows }
        // As wide as the rows: the per-layer tables differ in their columns.
        let gap = ["..."] + Array(repeating: "", count: max(0, rows[0].count - 1))
        return Array(rows.prefix(12)) + [gap] + Array(rows.suffix(12))
    }

    // MARK: JSON

    public func json() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("widths", .array(architecture.widths.map { .integer($0) })),
            ("ensemble", .string(ensembleName)),
        ]
        for p in architecture.layers[0].ensemble.parameters.given { fields.append((p.key, .number(p.value))) }
        fields += [("slope", .number(slope)), ("init", .string(rule))]
        if let run {
            fields += [("samples", .integer(run.finalLogNorms.count)), ("seed", .string(String(run.seed))),
                       ("rng", .string(run.generator))]
        }
        if let theory {
            fields += [
                ("mean_log_norm", .finite(theory.meanLogNorm)),
                ("variance_log_norm", .finite(theory.varianceLogNorm)),
                ("death_probability", .number(theory.deathProbability)),
                ("layers", .array(zip(theory.layers, architecture.layers).map { layer, spec in
                    .object([("fan_in", .integer(layer.fanIn)), ("fan_out", .integer(layer.fanOut)),
                             ("sigma", .number(layer.sigma)), ("residual", .finite(spec.residual)),
                             ("mean_log_gain", .finite(layer.meanLogGain)),
                             ("variance_log_gain", .finite(layer.varianceLogGain)),
                             ("critical_sigma", .finite(layer.criticalSigma))])
                })),
            ]
        }
        if let c = comparison {
            // An exact prediction: no interval or normality test from rounding noise.
            let interval = c.spreadBelowRounding ? nil : c.varianceInterval95
            fields.append(("estimate", .object([
                ("mean_log_norm", .finite(c.mean)), ("stderr", .finite(c.standardError)),
                ("variance_log_norm", .finite(c.variance)),
                ("variance_ci_low", .finite(interval?.lowerBound)),
                ("variance_ci_high", .finite(interval?.upperBound)),
                ("normality_pvalue", .finite(c.spreadBelowRounding ? nil : c.normality?.pValue)),
                ("dead", .integer(c.deadCount)),
            ])))
            fields += [("z_score", .finite(c.zScore)), ("z_limit", .finite(c.zLimit)), ("agrees", .bool(c.agrees))]
            if c.isExact { fields.append(("exact_rounding_bound", .number(c.exactTolerance))) }
        } else if let sample, let run {
            fields.append(("estimate", .object([
                ("mean_log_norm", .finite(sample.mean)),
                ("stderr", .finite((sample.variance / Double(max(1, sample.count))).squareRoot())),
                ("variance_log_norm", .finite(sample.variance)),
                ("dead", .integer(run.finalLogNorms.count - sample.count)),
            ])))
        }
        return .object(fields)
    }

    // MARK: CSV

    /// One row per layer (theory), or one summary row (with a run).
    public func csv() -> String {
        let g = NumberFormat.csv
        if let run {
            let c = comparison
            let s = sample
            let header = "widths,ensemble,slope,init,samples,seed,rng,theory_mean_log_norm,theory_variance_log_norm,estimate_mean_log_norm,estimate_stderr,estimate_variance_log_norm,estimate_variance_ci_low,estimate_variance_ci_high,dead,z_score,agrees"
            let se = s.map { ($0.variance / Double(max(1, $0.count))).squareRoot() }
            let interval = c?.spreadBelowRounding == true ? nil : c?.varianceInterval95
            let row = [NumberFormat.csvField(widthsText), ensembleName, g(slope), NumberFormat.csvField(rule), String(run.finalLogNorms.count), String(run.seed),
                       run.generator, g(theory?.meanLogNorm), g(theory?.varianceLogNorm), g(s?.mean), g(se),
                       g(s?.variance), g(interval?.lowerBound), g(interval?.upperBound),
                       String(run.finalLogNorms.count - (s?.count ?? 0)), g(c?.zScore),
                       c.map { $0.agrees ? "true" : "false" } ?? ""]
            return header + "\n" + row.joined(separator: ",")
        }
        // residual: the layer's beta, empty for a plain layer.
        var lines = ["layer,fan_in,fan_out,ensemble,slope,sigma,residual,mean_log_gain,variance_log_gain,critical_sigma"]
        for (l, layer) in (theory?.layers ?? []).enumerated() {
            let spec = architecture.layers[l]
            lines.append([String(l + 1), String(layer.fanIn), String(layer.fanOut), spec.ensemble.name, g(spec.slope), g(layer.sigma),
                          g(spec.residual), g(layer.meanLogGain), g(layer.varianceLogGain),
                          g(layer.criticalSigma)].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
