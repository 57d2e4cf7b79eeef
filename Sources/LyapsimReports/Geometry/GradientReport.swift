import Foundation
import RandomNets

/// Backpropagation at initialization: the per-layer norms of the weight
/// gradients and the backward growth rate, beside their exact values for the
/// closed-form ensembles (`GradientTheory`): what `lyapsim gradients` prints.
public struct GradientReport: Sendable {
    let header: RunHeader
    public let profile: GradientProfile
    public let theory: GradientTheory?
    public let rows: [SpectrumReport.Row]
    /// |z| limit for this run's number of networks (`TheoryComparison.zLimit`).
    public let zLimit: Double

    public init(resolved: ResolvedEnsemble, width: Int, depth: Int, slope: Double, config: SimulationConfig) throws {
        let spec = try NetworkSpec(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                                   ensemble: resolved.ensemble)
        let samples = try Backpropagation.simulate(spec, config)
        try self.init(samples: samples, slope: slope, initialization: resolved.choice.label)
    }

    public init(samples: GradientSamples, slope: Double, initialization: String) throws {
        let spec = samples.spec
        header = RunHeader(spec: spec, slope: slope, initialization: initialization, config: samples.config)
        let profile = GradientProfile(samples)
        self.profile = profile
        let theory = try spec.ensemble.closedForm.map {
            try GradientTheory(ensemble: $0, width: spec.width, slope: slope, sigma: spec.sigma, depth: spec.depth)
        }
        self.theory = theory
        let exact = theory?.isExact ?? false
        let limit = TheoryComparison.zLimit(samples: samples.config.samples)
        zLimit = limit
        let row = { (name: String, value: Double?, est: SpectrumEstimate.Value) in
            SpectrumReport.Row.checked(name, value, est, exact: exact, limit: limit)
        }
        rows = [
            row("backward rate log||J^T g||/L", theory?.backwardRate, profile.backwardRate),
            row("forward rate S_L/L", theory?.forward.lyapunovExponent, profile.forwardRate),
            row("backward - forward (paired)", theory == nil ? nil : 0, profile.backwardMinusForward),
            row("log||dL/dW_L|| (last layer)", theory?.lastLayerLogGradient, profile.lastLayer),
        ]
    }

    /// e^m, or "e^m" spelled out where it leaves double's range (sigma
    /// 1e100 over 1000 layers), never "inf" or "0" for a finite mean.
    static func norm(fromLog m: Double) -> String {
        let value = exp(m)
        return !m.isFinite || (value.isFinite && value > 0) ? NumberFormat.general(value, 4) : "e^\(NumberFormat.general(m, 6))"
    }

    public var agrees: Bool? {
        let checks = rows.compactMap(\.agrees)
        return checks.isEmpty ? nil : checks.allSatisfy { $0 }
    }

    public func renderText() -> String {
        let f = { (x: Double) in NumberFormat.fixed(x, 5) }
        var lines = [header.title("gradients"), header.setupLine + ", loss <g, x_L> with g uniform on the unit sphere", ""]
        lines.append(NumberFormat.table(
            header: ["layer l", "E log||dL/dW_l|| (+- stderr)", "gradient norm (e^mean)"],
            rows: ReportedLayers.select(depth: header.spec.depth).map { l in
                let r = profile.layers[l - 1]
                return [String(l), r.standardError.map { "\(f(r.meanLogNorm)) +- \(NumberFormat.fixed($0, 5))" } ?? f(r.meanLogNorm),
                        Self.norm(fromLog: r.meanLogNorm)]
            }))
        lines.append("")
        lines.append(NumberFormat.table(
            header: ["quantity", "theory", "Monte Carlo (+- stderr)", "z", "result"],
            rows: rows.map { r in
                [r.quantity, r.theory.map { f(abs($0) < 1e-12 ? 0 : $0) } ?? "-",
                 r.estimate.standardError.map { "\(f(r.estimate.mean)) +- \(NumberFormat.fixed($0, 5))" } ?? f(r.estimate.mean),
                 r.zScore.map { NumberFormat.fixed($0, 2) } ?? (r.agrees == nil ? "-" : "exact"), r.agrees.map { $0 ? "ok" : "DISAGREES" } ?? ""]
            }))
        lines.append("")
        lines.append("note: J^T g has exactly the law of the forward J x_0 for gaussian and orthogonal weights, so gradients shrink or grow at the forward rate lambda; at lambda = 0 (Lyapunov initialization) they keep their scale at any depth.")
        lines.append("")
        switch agrees {
        case .some(true): lines.append("verdict: simulation agrees with theory (|z| <= \(NumberFormat.fixed(zLimit, 2)), the 4-sigma level for \(header.samples) networks)")
        case .some(false): lines.append("verdict: simulation DISAGREES with theory (some |z| > \(NumberFormat.fixed(zLimit, 2)), the 4-sigma level for \(header.samples) networks)")
        case .none: lines.append("verdict: no exact prediction for \(header.spec.ensemble.name) weights; the paired row shows how far the backward rate is from the forward one")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        var fields = header.jsonFields
        fields.append(("layers", .array(profile.layers.map { r in
            .object([("layer", .integer(r.layer)), ("mean_log_gradient_norm", .finite(r.meanLogNorm)),
                     ("stderr", .finite(r.standardError))])
        })))
        var theoryFields: [(String, JSONValue)] = []
        if let theory {
            theoryFields = [("backward_rate", .finite(theory.backwardRate)),
                            ("backward_variance_per_layer", .finite(theory.backwardVariancePerLayer)),
                            ("last_layer_log_gradient", .finite(theory.lastLayerLogGradient))]
        } else {
            theoryFields = [("backward_rate", .null), ("reason", .string("no closed form for \(header.spec.ensemble.name) weights"))]
        }
        fields.append(("theory", .object(theoryFields)))
        fields.append(("estimate", .object([
            ("backward_rate", .finite(profile.backwardRate.mean)), ("backward_stderr", .finite(profile.backwardRate.standardError)),
            ("forward_rate", .finite(profile.forwardRate.mean)), ("forward_stderr", .finite(profile.forwardRate.standardError)),
            ("backward_minus_forward", .finite(profile.backwardMinusForward.mean)),
            ("backward_minus_forward_stderr", .finite(profile.backwardMinusForward.standardError)),
        ])))
        fields.append(("agrees", agrees.map { .bool($0) } ?? .null))
        return .object(fields)
    }

    public var csvHeader: String { header.csvHeader + ",layer,mean_log_gradient_norm,stderr" }

    public func csvRows() -> [String] {
        profile.layers.map { r in
            [header.csvPrefix, String(r.layer), NumberFormat.csv(r.meanLogNorm), NumberFormat.csv(r.standardError)]
                .joined(separator: ",")
        }
    }
}
