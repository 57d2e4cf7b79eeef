import Foundation

extension EstimateReport {
    var sigmaLabel: String {
        switch initialization {
        case "he": return "He gain"
        case "lyapunov": return "Lyapunov, sigma_crit"
        default: return "set by --sigma"
        }
    }

    /// The compact table `lyapsim estimate` prints by default.
    public func renderText() -> String {
        let f = { (x: Double) in NumberFormat.fixed(x, 5) }
        var lines: [String] = []
        lines.append("lyapsim estimate: \(spec.ensemble.rawValue) weights, width \(spec.width), slope \(NumberFormat.general(spec.slope)), sigma \(NumberFormat.general(spec.sigma)) (\(sigmaLabel))")
        lines.append("  depth \(spec.depth), \(samples) samples, seed \(seed), rng \(generator), method \(method.rawValue)")
        lines.append("")
        var rows: [[String]] = []
        let survivingNote = theory.deathProbabilityPerLayer > 0 ? " | alive" : ""
        rows.append(["lambda\(survivingNote) (per layer)", f(theory.survivingLyapunovExponent),
                     "\(f(estimate.lyapunovExponent)) +- \(f(estimate.standardError))",
                     String(format: "z = %+.2f", zScore), abs(zScore) <= Self.zThreshold ? "ok" : "FAIL"])
        let ci = estimate.cltVarianceInterval.map { "[\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? "n/a"
        rows.append(["s^2\(survivingNote) (CLT variance)", f(theory.survivingCLTVariance),
                     "\(f(estimate.cltVariance)) \(ci)", varianceCovered ? "in 95% CI" : "outside 95% CI",
                     varianceConsistent ? "ok" : "FAIL"])
        let p = estimate.normality.map { String(format: "%.3g", $0.pValue) } ?? "n/a"
        rows.append(["S_L normal (CLT)", "normal", "Anderson-Darling p = \(p)",
                     "p >= \(Self.normalityLevel)", normalityPasses ? "ok" : "FAIL"])
        if let dz = deathZScore {
            rows.append(["dead networks", String(format: "%.4g", theory.deathProbability(depth: spec.depth) * Double(samples)),
                         "\(estimate.deadCount) of \(samples)", String(format: "z = %+.2f", dz),
                         abs(dz) <= Self.zThreshold ? "ok" : "FAIL"])
        }
        if let crit = theory.criticalSigma {
            rows.append(["critical sigma", NumberFormat.general(crit), "", "", ""])
        }
        lines.append(NumberFormat.table(header: ["quantity", "theory", "Monte Carlo (+- stderr, [95% CI])", "check", "result"],
                                        rows: rows))
        if let reason = theory.infiniteReason {
            lines.append("")
            lines.append("note: \(reason); per-layer death probability \(NumberFormat.general(theory.deathProbabilityPerLayer)), so lambda and s^2 are shown for the networks still alive.")
        }
        lines.append("")
        lines.append("verdict: simulation \(verdict) (|z| <= \(NumberFormat.general(Self.zThreshold)); s^2 inside the 4-sigma (99.994%) interval; normality p >= \(Self.normalityLevel))")
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        var theoryFields: [(String, JSONValue)] = [
            ("lyapunov_exponent", .finite(theory.lyapunovExponent)),
            ("clt_variance", .finite(theory.cltVariance)),
            ("critical_sigma", .finite(theory.criticalSigma)),
            ("death_probability_per_layer", .number(theory.deathProbabilityPerLayer)),
            ("death_probability", .number(theory.deathProbability(depth: spec.depth))),
            ("surviving_lyapunov_exponent", .finite(theory.survivingLyapunovExponent)),
            ("surviving_clt_variance", .finite(theory.survivingCLTVariance)),
        ]
        if let reason = theory.infiniteReason { theoryFields.append(("infinite_reason", .string(reason))) }
        let ci = estimate.cltVarianceInterval
        return .object([
            ("width", .integer(spec.width)),
            ("slope", .number(spec.slope)),
            ("ensemble", .string(spec.ensemble.rawValue)),
            ("sigma", .number(spec.sigma)),
            ("init", .string(initialization)),
            ("depth", .integer(spec.depth)),
            ("samples", .integer(samples)),
            ("seed", .string(String(seed))),
            ("rng", .string(generator)),
            ("method", .string(method.rawValue)),
            ("theory", .object(theoryFields)),
            ("estimate", .object([
                ("lyapunov_exponent", .finite(estimate.lyapunovExponent)),
                ("stderr", .finite(estimate.standardError)),
                ("clt_variance", .finite(estimate.cltVariance)),
                ("clt_variance_ci", ci.map { .array([.finite($0.lowerBound), .finite($0.upperBound)]) } ?? .null),
                ("normality_test", .string("anderson-darling")),
                ("normality_statistic", .finite(estimate.normality?.statistic)),
                ("normality_pvalue", .finite(estimate.normality?.pValue)),
                ("dead", .integer(estimate.deadCount)),
                ("survivors", .integer(estimate.survivors)),
            ])),
            ("z_score", .finite(zScore)),
            ("death_z_score", .finite(deathZScore)),
            ("variance_covered", .bool(varianceCovered)),
            ("variance_consistent", .bool(varianceConsistent)),
            ("normality_passes", .bool(normalityPasses)),
            ("agrees", .bool(agrees)),
        ])
    }

    public static let csvHeader = [
        "width", "slope", "ensemble", "sigma", "init", "depth", "samples", "seed", "rng", "method",
        "theory_lyapunov_exponent", "theory_clt_variance", "theory_critical_sigma", "theory_death_probability",
        "estimate_lyapunov_exponent", "estimate_stderr", "estimate_clt_variance",
        "estimate_clt_variance_ci_low", "estimate_clt_variance_ci_high", "estimate_normality_pvalue",
        "dead", "z_score", "agrees",
    ].joined(separator: ",")

    public func csvRow() -> String {
        let g = NumberFormat.csv
        let ci = estimate.cltVarianceInterval
        return [
            String(spec.width), g(spec.slope), spec.ensemble.rawValue, g(spec.sigma), initialization,
            String(spec.depth), String(samples), String(seed), generator, method.rawValue,
            g(theory.lyapunovExponent), g(theory.cltVariance), g(theory.criticalSigma),
            g(theory.deathProbability(depth: spec.depth)),
            g(estimate.lyapunovExponent), g(estimate.standardError), g(estimate.cltVariance),
            g(ci?.lowerBound), g(ci?.upperBound), g(estimate.normality?.pValue),
            String(estimate.deadCount), g(zScore), agrees ? "true" : "false",
        ].joined(separator: ",")
    }
}
