import Foundation
import RandomNets

/// The mean-field quantities of one (activation, sigma), for `lyapsim meanfield`.
public struct MeanFieldReport: Sendable {
    public let theory: MeanField

    public init(theory: MeanField) { self.theory = theory }

    public func renderText() -> String {
        let t = theory
        let g = { (x: Double) in NumberFormat.general(x, 10) }
        let q = t.fixedPointQ.map(g) ?? "none"
        let qNote = t.fixedPointQ == nil
            ? (t.biasSigma > 0 ? "none: q_l grows like chi_1^l (chi_1 >= 1)" : "linear map q_l = chi_1^l q_0 (Leaky ReLU family)")
            : (t.fixedPointQ == 0 ? "q_l -> 0: the signal fades" : "V(q*) = q*, V(q) = sigma^2 E[phi(sqrt(q) z)^2]")
        let rows: [[String]] = [
            ["fixed point q*", q, t.biasSigma > 0 && t.fixedPointQ != nil ? "V(q*) = q*, V(q) = sigma^2 E[phi(sqrt(q) z)^2] + sigma_b^2" : qNote],
            ["chi_1", g(t.chi1), "sigma^2 E[phi'(sqrt(q*) z)^2]: \(t.phase.rawValue)"],
            ["correlation fixed point c*", g(t.correlationFixedPoint), "attracting fixed point of the correlation map"],
            ["chi_c", g(t.chiC), "slope of the correlation map at c*"],
            ["depth scale xi_c", t.depthScale.map(g) ?? "infinite", "-1/log(chi_c): |c_l - c*| ~ exp(-l/xi_c)"],
        ]
        let biases = t.biasSigma > 0 ? "biases N(0, \(g(t.biasSigma))^2)" : "no biases"
        var text = "lyapsim meanfield: \(t.activation), sigma \(g(t.sigma)) (infinite width, \(biases))\n\n"
        text += NumberFormat.table(header: ["quantity", "value", "meaning"], rows: rows)
        if t.leakySlope != nil && t.biasSigma == 0 {
            text += "\n\nnote: positively homogeneous activation: mean field gives q_l = chi_1^l q_0, constant only at chi_1 = 1 (He); the finite-width log-norm drift is `lyapsim theory`."
        }
        return text
    }

    public func json() -> JSONValue {
        let t = theory
        return .object([
            ("activation", .string(t.activation.description)),
            ("sigma", .number(t.sigma)),
            ("bias_sigma", .number(t.biasSigma)),
            ("fixed_point_q", t.fixedPointQ.map { .number($0) } ?? .null),
            ("chi_1", .number(t.chi1)),
            ("phase", .string(t.phase.rawValue)),
            ("correlation_fixed_point", .number(t.correlationFixedPoint)),
            ("chi_c", .number(t.chiC)),
            ("depth_scale", .finite(t.depthScale)),
        ])
    }

    public static let csvHeader = "activation,sigma,bias_sigma,fixed_point_q,chi_1,phase,correlation_fixed_point,chi_c,depth_scale"

    public func csvRow() -> String {
        let t = theory
        let g = NumberFormat.csv
        return ["\"\(t.activation)\"", g(t.sigma), g(t.biasSigma), g(t.fixedPointQ), g(t.chi1), t.phase.rawValue,
                g(t.correlationFixedPoint), g(t.chiC), g(t.depthScale)].joined(separator: ",")
    }
}
