import Foundation
import RandomNets

/// The Lyapunov spectrum of the input-output Jacobian beside what is known
/// exactly (`SpectrumTheory`): what `lyapsim spectrum` prints.
public struct SpectrumReport: Sendable {
    /// One row of the comparison: a quantity, its exact value if known, the
    /// Monte Carlo estimate, and the check.
    public struct Row: Sendable {
        public let quantity: String
        public let theory: Double?
        public let estimate: SpectrumEstimate.Value
        /// (estimate - theory) / stderr, where both exist.
        public let zScore: Double?
        /// nil: nothing to check; else whether the estimate agrees.
        public let agrees: Bool?

        /// Judges `estimate` against `value`: |z| <= 4, or, where the value is
        /// exact in every network (`exact`), within rounding of it (a z-score
        /// against a standard error of 1e-18 would call rounding a disagreement).
        /// `limit` is `TheoryComparison.zLimit(samples:)` for the run's M.
        static func checked(_ name: String, _ value: Double?, _ estimate: SpectrumEstimate.Value, exact: Bool,
                            limit: Double) -> Row {
            guard let value else { return Row(quantity: name, theory: nil, estimate: estimate, zScore: nil, agrees: nil) }
            if exact {
                return Row(quantity: name, theory: value, estimate: estimate, zScore: nil,
                           agrees: abs(estimate.mean - value) <= SpectrumReport.exactAllowance * max(1, abs(value)))
            }
            // A difference that is exactly zero in every network (lambda_1 - S_L/L
            // at width 1, where the QR step is the forward step) leaves only
            // rounding, whose spread is far below any Monte Carlo error: a z
            // score of rounding against rounding is meaningless, so such a row
            // is judged as an exact one.
            let allowance = SpectrumReport.exactAllowance * max(1, abs(value))
            if abs(estimate.mean - value) <= allowance, (estimate.standardError ?? 0) <= allowance {
                return Row(quantity: name, theory: value, estimate: estimate, zScore: nil, agrees: true)
            }
            let z = estimate.zScore(against: value)
            return Row(quantity: name, theory: value, estimate: estimate, zScore: z,
                       agrees: z.map { abs($0) <= limit })
        }
    }

    let header: RunHeader
    public let theory: SpectrumTheory?
    public let estimate: SpectrumEstimate
    /// k = 1...K.
    public let exponentRows: [Row]
    public let sumRow: Row?
    public let forwardRow: Row
    public let topMinusForwardRow: Row
    /// |z| limit for this run's number of networks (`TheoryComparison.zLimit`).
    public let zLimit: Double

    /// Allowance for rounding in an exact exponent (orthogonal, |a| = 1): a
    /// few ulps of log per layer, averaged.
    static let exactAllowance = 1e-12

    public init(resolved: ResolvedEnsemble, width: Int, depth: Int, slope: Double, exponents k: Int,
                config: SimulationConfig) throws {
        let spec = try NetworkSpec(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                                   ensemble: resolved.ensemble)
        let samples = try JacobianSpectrum.simulate(spec, config, exponents: k)
        try self.init(samples: samples, slope: slope, initialization: resolved.choice.label)
    }

    public init(samples: SpectrumSamples, slope: Double, initialization: String) throws {
        let spec = samples.spec
        header = RunHeader(spec: spec, slope: slope, initialization: initialization, config: samples.config)
        let estimate = SpectrumEstimate(samples)
        self.estimate = estimate
        let theory = try spec.ensemble.closedForm.map {
            try SpectrumTheory(ensemble: $0, width: spec.width, slope: slope, sigma: spec.sigma)
        }
        self.theory = theory
        let exact = theory?.isExact ?? false
        let limit = TheoryComparison.zLimit(samples: samples.config.samples)
        zLimit = limit
        let row = { (name: String, value: Double?, est: SpectrumEstimate.Value) in
            Row.checked(name, value, est, exact: exact, limit: limit)
        }
        exponentRows = estimate.exponents.enumerated().map { j, value in
            row("lambda_\(j + 1)", theory?.exponents[j], value)
        }
        sumRow = estimate.exponentSum.map { row("sum of all \(spec.width)", theory?.exponentSum, $0) }
        forwardRow = row("forward lambda (S_L/L)", theory?.forward.lyapunovExponent, estimate.forwardLambda)
        // Exact at every depth for the closed-form ensembles; for other
        // sign-symmetric laws only in the limit (the chains start apart), so
        // it is shown, not judged.
        topMinusForwardRow = row("lambda_1 - S_L/L (paired)", theory == nil ? nil : 0, estimate.topMinusForward)
    }

    public var allRows: [Row] { exponentRows + [sumRow].compactMap { $0 } + [forwardRow, topMinusForwardRow] }

    /// nil when there was nothing to compare; else whether every check passed.
    public var agrees: Bool? {
        let checks = allRows.compactMap(\.agrees)
        return checks.isEmpty ? nil : checks.allSatisfy { $0 }
    }

    public func renderText() -> String {
        let f = { (x: Double) in NumberFormat.fixed(x, 5) }
        var lines = [header.title("spectrum"), header.setupLine
                     + ", \(estimate.samples.exponentCount) exponents (QR every layer)", ""]
        let rows = allRows.map { r -> [String] in
            let mc = r.estimate.standardError.map { "\(f(r.estimate.mean)) +- \(NumberFormat.fixed($0, 5))" } ?? f(r.estimate.mean)
            let check: String
            if let z = r.zScore { check = "z = \(NumberFormat.fixed(z, 2))" }
            else if r.agrees != nil { check = "exact" }
            else { check = "" }
            let result = r.agrees.map { $0 ? "ok" : "DISAGREES" } ?? ""
            return [r.quantity, r.theory.map { f(abs($0) < 1e-12 ? 0 : $0) } ?? "-", mc, check, result]
        }
        lines.append(NumberFormat.table(header: ["quantity", "theory", "Monte Carlo (+- stderr)", "check", "result"],
                                        rows: rows))
        lines.append("")
        lines += notes.map { "note: \($0)" }
        if !notes.isEmpty { lines.append("") }
        switch agrees {
        case .some(true):
            // Name the rounding rule when a row was judged by it (exact cases, width 1).
            let exact = allRows.contains { $0.agrees != nil && $0.zScore == nil } ? "; the rows marked exact within rounding" : ""
            lines.append("verdict: simulation agrees with theory (|z| <= \(NumberFormat.fixed(zLimit, 2)) for every known quantity, the 4-sigma level for \(header.samples) networks\(exact))")
        case .some(false): lines.append("verdict: simulation DISAGREES with theory (some |z| > \(NumberFormat.fixed(zLimit, 2)), the 4-sigma level for \(header.samples) networks)")
        case .none: lines.append("verdict: no exact prediction to compare with")
        }
        return lines.joined(separator: "\n")
    }

    var notes: [String] {
        var notes: [String] = []
        let spec = estimate.samples.spec
        if let theory {
            if abs(header.slope) == 1 && theory.ensemble == .gaussian {
                notes.append("|a| = 1: D_l is a sign matrix, so every exponent is Newman's (1986) lambda_k = (1/2)[log(2 sigma^2/N) + psi((N-k+1)/2)].")
            } else if !theory.isExact {
                notes.append("lambda_1 equals the forward lambda exactly (the first tangent vector grows by increments with the forward law); the others have no closed form at |a| != 1.")
            }
        } else {
            if spec.ensemble.hasSignSymmetricRows {
                notes.append("\(spec.ensemble.name) weights: no closed form; lambda_1 and the forward rate S_L/L have the same limit (rows of W have symmetric signs), with an O(1/L) start-up difference, so the paired row is shown, not judged.")
            } else {
                notes.append("\(spec.ensemble.name) weights: no closed form, and rows without symmetric signs: lambda_1 need not equal the forward rate.")
            }
        }
        if estimate.exponentSum == nil {
            notes.append("the exponent sum's closed form needs all \(spec.width) exponents (--exponents \(spec.width)).")
        }
        return notes
    }

    public func json() -> JSONValue {
        var fields = header.jsonFields
        fields.append(("exponents_requested", .integer(estimate.samples.exponentCount)))
        var theoryFields: [(String, JSONValue)] = []
        if let theory {
            theoryFields.append(("exponents", .array(theory.exponents.prefix(estimate.samples.exponentCount).map { JSONValue.finite($0) })))
            theoryFields.append(("exponent_sum", .finite(theory.exponentSum)))
            theoryFields.append(("forward_lyapunov_exponent", .finite(theory.forward.lyapunovExponent)))
            theoryFields.append(("forward_clt_variance", .finite(theory.forward.cltVariance)))
            theoryFields.append(("exact", .bool(theory.isExact)))
        } else {
            theoryFields += [("exponents", .null), ("exponent_sum", .null), ("forward_lyapunov_exponent", .null),
                             ("reason", .string("no closed form for \(estimate.samples.spec.ensemble.name) weights"))]
        }
        fields.append(("theory", .object(theoryFields)))
        var est: [(String, JSONValue)] = [
            ("exponents", .array(estimate.exponents.map { .finite($0.mean) })),
            ("stderr", .array(estimate.exponents.map { .finite($0.standardError) })),
        ]
        if let sum = estimate.exponentSum {
            est += [("exponent_sum", .finite(sum.mean)), ("exponent_sum_stderr", .finite(sum.standardError))]
        }
        est += [("forward_lyapunov_exponent", .finite(estimate.forwardLambda.mean)),
                ("forward_stderr", .finite(estimate.forwardLambda.standardError)),
                ("top_minus_forward", .finite(estimate.topMinusForward.mean)),
                ("top_minus_forward_stderr", .finite(estimate.topMinusForward.standardError))]
        fields.append(("estimate", .object(est)))
        fields.append(("z_scores", .array(exponentRows.map { .finite($0.zScore) })))
        fields.append(("agrees", agrees.map { .bool($0) } ?? .null))
        return .object(fields)
    }

    public var csvHeader: String {
        header.csvHeader + ",k,theory,estimate,stderr,z_score"
    }

    /// One line per exponent.
    public func csvRows() -> [String] {
        exponentRows.enumerated().map { j, r in
            [header.csvPrefix, String(j + 1), NumberFormat.csv(r.theory), NumberFormat.csv(r.estimate.mean),
             NumberFormat.csv(r.estimate.standardError), NumberFormat.csv(r.zScore)].joined(separator: ",")
        }
    }
}
