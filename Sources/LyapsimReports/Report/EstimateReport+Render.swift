import Foundation
import RandomNets

extension EstimateReport {
    var sigmaLabel: String {
        switch initialization {
        case "he": return "He gain"
        case "lyapunov": return pilot == nil ? "Lyapunov, sigma_crit" : "Lyapunov, Monte Carlo sigma_crit"
        case "custom": return "set by --sigma"
        default: return "preset \(initialization)"
        }
    }

    var ensembleLabel: String {
        var label = spec.ensemble.name
        for p in spec.ensemble.parameters.given { label += " (\(p.label)\(NumberFormat.general(p.value)))" }
        return label
    }

    /// The compact table `lyapsim estimate` prints by default.
    public func renderText() -> String {
        let f = { (x: Double) in NumberFormat.fixed(x, 5) }
        var lines: [String] = []
        lines.append("lyapsim estimate: \(ensembleLabel) weights, width \(spec.width), slope \(NumberFormat.general(slope)), sigma \(NumberFormat.general(spec.sigma)) (\(sigmaLabel))")
        var setup = "  depth \(spec.depth), \(samples) samples, seed \(seed), rng \(generator), method \(method.rawValue)"
        if chain.burnIn > 0 { setup += ", burn-in \(chain.burnIn) layers" }
        lines.append(setup)
        lines.append("")
        var rows: [[String]] = []
        let alive = estimate.survivors
        let lambdaMC = alive >= 2 ? "\(f(estimate.lyapunovExponent)) +- \(f(estimate.standardError))"
            : (alive == 1 ? f(estimate.lyapunovExponent) : "n/a (no network alive)")
        // No interval for an exact constant: built from rounding noise, its
        // kurtosis makes Bonett's interval span hundreds of decades.
        let belowRounding = comparison?.spreadBelowRounding == true
        let ci = belowRounding ? "" : estimate.cltVarianceInterval.map { "[\(f($0.lowerBound)), \(f($0.upperBound))]" } ?? ""
        let varianceMC = alive >= 2 ? "\(f(estimate.cltVariance)) \(ci)" : "n/a (fewer than 2 alive)"
        let normalityMC = estimate.normality.map { String(format: "Anderson-Darling p = %.3g", $0.pValue) } ?? "n/a (fewer than 8 alive)"
        if let comparison, let theory {
            let alivePart = theory.deathProbabilityPerLayer > 0 ? " | alive" : ""
            let lambdaCheck: String
            if comparison.isExact {
                lambdaCheck = alive == 0 ? "not estimable"
                    : "exact: |error| <= \(NumberFormat.general(comparison.exactTolerance, 2))"
            } else {
                // Accepted by the rounding bound although |z| is large: say so.
                let byRounding = comparison.lambdaWithinRoundingOnly
                lambdaCheck = comparison.zScore.map { String(format: "z = %+.2f", $0) + (byRounding ? ", within rounding" : "") }
                    ?? "not estimable"
            }
            rows.append(["lambda\(alivePart) (per layer)", f(theory.survivingLyapunovExponent), lambdaMC, lambdaCheck,
                         comparison.lambdaConsistent ? "ok" : "FAIL"])
            let varianceCheck = comparison.isExact ? "exact: 0 up to rounding"
                : comparison.spreadBelowRounding ? "spread below rounding"
                : (comparison.varianceCovered.map { $0 ? "in 95% CI" : "outside 95% CI" } ?? "not estimable")
            rows.append(["s^2\(alivePart) (CLT variance)", f(theory.survivingCLTVariance), varianceMC, varianceCheck,
                         comparison.varianceConsistent ? "ok" : "FAIL"])
            let normalityCheck = comparison.isExact ? "S_L is a constant"
                : belowRounding ? "spread below rounding" : "p >= \(TheoryComparison.normalityLevel)"
            rows.append(["S_L normal (CLT)", comparison.isExact ? "constant" : "normal", belowRounding ? "n/a" : normalityMC,
                         normalityCheck, comparison.normalityPasses.map { $0 ? "ok" : "not yet" } ?? "-"])
            if let dz = comparison.deathZScore {
                rows.append(["dead networks", String(format: "%.4g", theory.deathProbability(depth: spec.depth) * Double(samples)),
                             "\(estimate.deadCount) of \(samples)", String(format: "z = %+.2f", dz),
                             comparison.deathConsistent ? "ok" : "FAIL"])
            }
            if let crit = theory.criticalSigma {
                rows.append(["critical sigma", NumberFormat.general(crit), "", "", ""])
            }
        } else {
            rows.append(["lambda (per layer)", "no closed form", chain.survivors >= 2 ? "\(f(chain.lyapunovExponent)) +- \(f(chain.standardError))" : lambdaMC, "", ""])
            rows.append(["s^2 across samples", "", chain.survivors >= 2 ? f(chain.cltVarianceAcrossSamples) : "n/a", "", ""])
            if let bm = chain.cltVarianceBatchMeans {
                let se = chain.batchMeansStandardError.map { " +- \(f($0))" } ?? ""
                rows.append(["s^2 by batch means", "", "\(f(bm))\(se)", "\(chain.batches) batches of \(chain.batchSize)", ""])
            }
            if let r = chain.lagOneAutocorrelation {
                rows.append(["lag-1 autocorrelation", "", f(r), "of the increments", ""])
            }
            rows.append(["S_L normal (CLT)", "", normalityMC, "", ""])
            if estimate.deadCount > 0 {
                rows.append(["dead networks", "", "\(estimate.deadCount) of \(samples)", "", ""])
            }
            if let crit = criticalScale {
                rows.append(["critical sigma (MC)", "", "\(NumberFormat.general(crit.criticalSigma)) [\(NumberFormat.general(crit.interval.lowerBound)), \(NumberFormat.general(crit.interval.upperBound))]", "95% CI", ""])
            }
        }
        lines.append(NumberFormat.table(header: ["quantity", "theory", "Monte Carlo (+- stderr, [95% CI])", "check", "result"],
                                        rows: rows))
        var notes: [String] = []
        if let reason = theory?.infiniteReason {
            notes.append("\(reason); per-layer death probability \(NumberFormat.general(theory?.deathProbabilityPerLayer ?? 0)), so lambda and s^2 are shown for the networks still alive.")
        }
        if let reason = theoryUnavailableReason { notes.append(reason + ".") }
        if !meetsAssumptions {
            notes.append("\(spec.ensemble.name) entries have no density: the limit theorems' assumptions (Kogler, Schwarz and Kittle, Assumption 3.1) are not met; these numbers test whether they hold anyway.")
        }
        if let pilot {
            notes.append("sigma = sigma_crit from a pilot run on independent streams: \(pilot.samples) networks of depth \(pilot.depth), lambda-hat(1) = \(f(pilot.lyapunovExponentAtOne)) +- \(f(pilot.standardError)).")
        }
        for note in notes { lines.append(""); lines.append("note: \(note)") }
        lines.append("")
        if let comparison {
            // Only the checks that ran are named (with every network dead there
            // is no z and no s^2 interval to speak of).
            var checks: [String] = []
            if comparison.exactAgreement != nil {
                checks.append("lambda and sd(S_L)/L within rounding")
            } else if comparison.zScore != nil {
                // The rounding bound is always allowed on top; named when it decided.
                let byRounding = comparison.lambdaWithinRoundingOnly
                checks.append("|z| <= \(NumberFormat.fixed(comparison.zLimit, 2)), the 4-sigma level for \(comparison.estimate.survivors) networks"
                              + (byRounding ? ", or |error| within rounding (\(NumberFormat.general(comparison.roundingBoundPerLayer, 2)))" : ""))
            }
            if !comparison.spreadBelowRounding, comparison.varianceIntervalAtVerdictLevel != nil {
                checks.append("s^2 inside the 4-sigma (99.994%) interval")
            } else if !comparison.isExact, comparison.estimate.survivors >= 2 {
                checks.append("sd(S_L)/L within rounding")
            }
            if comparison.deathZScore != nil { checks.append("dead count within 4 sigma") }
            if checks.isEmpty { checks.append("no network alive and no dead count to compare") }
            lines.append("verdict: \(verdict) (checks: \(checks.joined(separator: "; ")))")
            if comparison.normalityPasses == false {
                lines.append("         S_L is not yet normal at depth \(spec.depth) (Anderson-Darling p < \(TheoryComparison.normalityLevel)): the CLT is a limit in L, so this says the depth is too small for it, not that lambda or s^2 is wrong.")
            }
        } else {
            lines.append("verdict: \(verdict)")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("width", .integer(spec.width)),
            ("slope", .number(slope)),
            ("ensemble", .string(spec.ensemble.name)),
        ]
        for p in spec.ensemble.parameters.given { fields.append((p.key, .number(p.value))) }
        fields += [
            ("meets_theorem_assumptions", .bool(meetsAssumptions)),
            ("sigma", .number(spec.sigma)),
            ("init", .string(initialization)),
            ("depth", .integer(spec.depth)),
            ("samples", .integer(samples)),
            ("seed", .string(String(seed))),
            ("rng", .string(generator)),
            ("method", .string(method.rawValue)),
            ("burn_in", .integer(chain.burnIn)),
        ]
        var theoryFields: [(String, JSONValue)] = []
        if let theory {
            theoryFields += [
                ("lyapunov_exponent", .finite(theory.lyapunovExponent)),
                ("clt_variance", .finite(theory.cltVariance)),
                ("critical_sigma", .finite(theory.criticalSigma)),
                ("death_probability_per_layer", .number(theory.deathProbabilityPerLayer)),
                ("death_probability", .number(theory.deathProbability(depth: spec.depth))),
                ("surviving_lyapunov_exponent", .finite(theory.survivingLyapunovExponent)),
                ("surviving_clt_variance", .finite(theory.survivingCLTVariance)),
            ]
            if let reason = theory.infiniteReason { theoryFields.append(("reason", .string(reason))) }
        } else {
            theoryFields += [("lyapunov_exponent", .null), ("clt_variance", .null), ("critical_sigma", .null),
                             ("reason", .string(theoryUnavailableReason ?? "no closed form"))]
        }
        fields.append(("theory", .object(theoryFields)))
        let alive = estimate.survivors
        var est: [(String, JSONValue)] = []
        if alive >= 1 {
            est.append(("lyapunov_exponent", .number(estimate.lyapunovExponent)))
        }
        if alive >= 2 {
            est.append(("stderr", .number(estimate.standardError)))
            est.append(("clt_variance", .number(estimate.cltVariance)))
            // An exact prediction has no interval: one from rounding noise means nothing.
            if let ci = estimate.cltVarianceInterval, comparison?.spreadBelowRounding != true {
                est.append(("clt_variance_ci", .array([.finite(ci.lowerBound), .finite(ci.upperBound)])))
            }
        }
        if alive < 2 {
            est.append(("reason", .string("\(alive) of \(samples) networks alive: lambda and s^2 need at least two")))
        }
        if let test = estimate.normality, comparison?.spreadBelowRounding != true {
            est += [("normality_test", .string("anderson-darling")), ("normality_statistic", .finite(test.statistic)),
                    ("normality_pvalue", .number(test.pValue))]
        }
        if chain.survivors >= 2 {
            est.append(("chain_lyapunov_exponent", .number(chain.lyapunovExponent)))
            est.append(("chain_stderr", .number(chain.standardError)))
            est.append(("clt_variance_across_samples", .number(chain.cltVarianceAcrossSamples)))
        }
        if let bm = chain.cltVarianceBatchMeans, bm.isFinite { est.append(("clt_variance_batch_means", .number(bm))) }
        if let r = chain.lagOneAutocorrelation, r.isFinite, comparison?.isExact != true {
            est.append(("lag1_autocorrelation", .number(r)))
        }
        if let crit = criticalScale {
            est.append(("critical_sigma", .number(crit.criticalSigma)))
            est.append(("critical_sigma_ci", .array([.number(crit.interval.lowerBound), .number(crit.interval.upperBound)])))
        }
        est += [("dead", .integer(estimate.deadCount)), ("survivors", .integer(alive))]
        fields.append(("estimate", .object(est)))
        if let pilot {
            fields.append(("pilot", .object([
                ("critical_sigma", .number(pilot.criticalSigma)),
                ("critical_sigma_ci", .array([.number(pilot.interval.lowerBound), .number(pilot.interval.upperBound)])),
                ("depth", .integer(pilot.depth)), ("samples", .integer(pilot.samples)), ("burn_in", .integer(pilot.burnIn)),
            ])))
        }
        if let comparison {
            if let z = comparison.zScore { fields.append(("z_score", .number(z))) }
            if comparison.isExact { fields.append(("exact_rounding_bound", .number(comparison.exactTolerance))) }
            if let dz = comparison.deathZScore, dz.isFinite { fields.append(("death_z_score", .number(dz))) }
            if let covered = comparison.varianceCovered { fields.append(("variance_covered", .bool(covered))) }
            fields.append(("variance_consistent", .bool(comparison.varianceConsistent)))
            if let passes = comparison.normalityPasses { fields.append(("normality_passes", .bool(passes))) }
            fields.append(("agrees", .bool(comparison.agrees)))
        }
        return .object(fields)
    }

    public static let csvHeader = (
        ["width", "slope", "ensemble"] + EnsembleParameters.keys + ["sigma", "init", "depth", "samples", "seed", "rng", "method", "burn_in",
        "theory_lyapunov_exponent", "theory_clt_variance", "theory_critical_sigma", "theory_death_probability",
        "estimate_lyapunov_exponent", "estimate_stderr", "estimate_clt_variance",
        "estimate_clt_variance_ci_low", "estimate_clt_variance_ci_high", "estimate_normality_pvalue",
        "estimate_critical_sigma", "dead", "z_score", "agrees",
    ]).joined(separator: ",")

    /// One CSV row; a cell that does not apply (or is not finite) is empty.
    public func csvRow() -> String {
        let g = NumberFormat.csv
        let alive = estimate.survivors
        // An exact prediction: no interval or normality test from rounding noise.
        let exact = comparison?.spreadBelowRounding == true
        let ci = exact ? nil : estimate.cltVarianceInterval
        let head = [String(spec.width), g(slope), spec.ensemble.name] + spec.ensemble.parameters.all.map { g($0.value) }
        return (head + [g(spec.sigma), initialization,
            String(spec.depth), String(samples), String(seed), generator, method.rawValue, String(chain.burnIn),
            g(theory?.lyapunovExponent), g(theory?.cltVariance), g(theory?.criticalSigma),
            g(theory?.deathProbability(depth: spec.depth)),
            g(alive >= 1 ? estimate.lyapunovExponent : nil), g(alive >= 2 ? estimate.standardError : nil),
            g(alive >= 2 ? estimate.cltVariance : nil),
            g(ci?.lowerBound), g(ci?.upperBound), g(exact ? nil : estimate.normality?.pValue),
            g(criticalScale?.criticalSigma), String(estimate.deadCount), g(comparison?.zScore),
            comparison.map { $0.agrees ? "true" : "false" } ?? "",
        ]).joined(separator: ",")
    }
}
