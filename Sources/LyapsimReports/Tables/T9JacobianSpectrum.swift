import Foundation
import RandomNets

/// T9: the Lyapunov spectrum of the input-output Jacobian J_L = D_L W_L ... D_1 W_1
/// by the QR method (all N exponents), against the exact results of
/// `SpectrumTheory`: Newman's spectrum at a = 1; the exponent sum at every
/// slope for gaussian and orthogonal weights; lambda_1 = lambda (the forward
/// exponent). Two entrywise laws (uniform, Student-t with nu = 5) show the
/// same structure without closed forms.
enum T9JacobianSpectrum: PublishedTable {
    static let id = "T9"
    static let slug = "jacobian-spectrum"

    static let widths = [2, 4, 8, 16, 32]
    static let slopes = [0.01, 0.1, 0.5]
    static let depth = 100
    static let laws: [T8BeyondGaussian.Law] = [
        .init(name: GaussianEnsemble.name, parameters: .none), .init(name: OrthogonalEnsemble.name, parameters: .none),
        .init(name: UniformEnsemble.name, parameters: .none),
        .init(name: StudentTEnsemble.name, parameters: EnsembleParameters(["dof": 5])),
    ]

    /// 100 networks per row (quick), 1000 (full): a row at N = 32 pushes 33
    /// vectors through 100 layers per network.
    static func samples(_ ctx: TableContext) -> Int { ctx.samples(100) }

    struct Setting: Sendable {
        let cell: Int
        let section: String
        let law: T8BeyondGaussian.Law
        let width: Int
        let slope: Double
        let sigma: Double
    }

    static func settings() -> [Setting] {
        var out: [Setting] = []
        for n in widths {
            out.append(Setting(cell: out.count, section: "Newman (a = 1)", law: laws[0], width: n, slope: 1, sigma: 1))
        }
        for law in laws {
            for n in widths {
                for a in slopes {
                    out.append(Setting(cell: out.count, section: "spectrum", law: law, width: n, slope: a,
                                       sigma: LeakyReLU(slope: a).heGain))
                }
            }
        }
        return out
    }

    struct Measurement: Sendable {
        let setting: Setting
        let estimate: SpectrumEstimate
        let theory: SpectrumTheory?
    }

    static func measure(_ s: Setting, _ ctx: TableContext) throws -> Measurement {
        let ensemble = try s.law.ensemble(sigma: s.sigma)
        let spec = try NetworkSpec(width: s.width, depth: depth, activation: LeakyReLU(slope: s.slope), ensemble: ensemble)
        let config = try SimulationConfig(samples: samples(ctx), seed: ctx.seed(table: 9, cell: s.cell),
                                          generator: ctx.generator, threads: ctx.threads, method: .full)
        let samples = try JacobianSpectrum.simulate(spec, config, exponents: s.width)
        let theory = try ensemble.closedForm.map {
            try SpectrumTheory(ensemble: $0, width: s.width, slope: s.slope, sigma: s.sigma)
        }
        return Measurement(setting: s, estimate: SpectrumEstimate(samples), theory: theory)
    }

    static func build(_ ctx: TableContext) throws -> ResultTable {
        let measured = try settings().map { try measure($0, ctx) }
        var rows: [[String]] = []
        var values: [[String: Double]] = []
        var newmanWorst = 0.0, sumWorst = 0.0, topWorst = 0.0, pairedWorst = 0.0
        for r in measured {
            let s = r.setting, e = r.estimate
            let n = s.width
            let pm = { (v: SpectrumEstimate.Value) in "\(Cell.fixed(v.mean, 4)) +- \(Cell.fixed(v.standardError ?? .nan, 4))" }
            let sum = e.exponentSum!
            var newmanZ = ""
            if s.section.hasPrefix("Newman"), let t = r.theory {
                let z = (0..<n).compactMap { k in t.exponents[k].flatMap { e.exponents[k].zScore(against: $0) } }
                    .map(abs).max() ?? .nan
                newmanWorst = max(newmanWorst, z)
                newmanZ = Cell.fixed(z, 2)
            }
            let sumZ = r.theory.flatMap { sum.zScore(against: $0.exponentSum) }
            let topZ = r.theory.flatMap { e.exponents[0].zScore(against: $0.forward.lyapunovExponent) }
            let pairedZ = e.topMinusForward.zScore(against: 0)
            if let sumZ { sumWorst = max(sumWorst, abs(sumZ)) }
            if let topZ { topWorst = max(topWorst, abs(topZ)) }
            if let pairedZ { pairedWorst = max(pairedWorst, abs(pairedZ)) }
            rows.append([
                s.section, s.law.label, String(n), Cell.sig(s.slope, 3), Cell.fixed(s.sigma, 4),
                pm(e.exponents[0]), r.theory.map { Cell.fixed($0.forward.lyapunovExponent, 4) } ?? "",
                pairedZ.map(Cell.z) ?? "",
                n > 1 ? Cell.fixed(e.exponents[1].mean, 4) : "", Cell.fixed(e.exponents[n - 1].mean, 4),
                pm(sum), r.theory.map { Cell.fixed($0.exponentSum, 4) } ?? "", sumZ.map(Cell.z) ?? "", newmanZ,
            ])
            var v: [String: Double] = ["N": Double(n), "a": s.slope, "sigma": s.sigma, "sum": sum.mean,
                                       "sum_se": sum.standardError ?? .nan]
            for k in 0..<n {
                v["lambda_\(k + 1)"] = e.exponents[k].mean
                v["se_\(k + 1)"] = e.exponents[k].standardError ?? .nan
                if let t = r.theory?.exponents[k] { v["theory_\(k + 1)"] = t }
            }
            if let t = r.theory { v["sum_theory"] = t.exponentSum; v["lambda"] = t.forward.lyapunovExponent }
            values.append(v)
        }
        let m = samples(ctx)
        return ResultTable(
            id: id, title: "Jacobian spectrum: Newman, the exponent sum and the top exponent",
            summary: "The Lyapunov spectrum lambda_1 >= ... >= lambda_N of the network's input-output Jacobian J_L = D_L W_L ... D_1 W_1 (D_l = diag(phi'(h_l)), entries 1 or a), by the QR (Benettin) method with all N tangent vectors, against what is exact. At a = 1 the spectrum is Newman's, (1/2)[log(2 sigma^2/N) + psi((N-k+1)/2)]. At every slope the sum of all N exponents is E log|det W| + (N/2) log|a| for gaussian and orthogonal weights, and the top exponent equals the forward lambda of the closed forms (any direction independent of the weights grows by increments with the forward law). The spread lambda_1 - lambda_N grows as a falls: at a = 0.01 half of every layer's pre-activations are multiplied by 0.01, so the bottom of the spectrum falls by about log(1/a) per layer while the top barely moves.",
            columns: ["section", "law", "N", "a", "sigma", "lambda_1 (MC)", "lambda (forward closed form)",
                      "z(lambda_1 - S_L/L, paired)", "lambda_2 (MC)", "lambda_N (MC)", "sum of exponents (MC)",
                      "sum, closed form", "z(sum)", "Newman max |z| over k"],
            rows: rows,
            notes: [
                "Monte Carlo: \(m) networks of depth \(depth) per row, full weight matrices, all N tangent vectors re-orthonormalized every layer (classical Gram-Schmidt, twice), generator \(ctx.generator.name), one independent seed per row. Standard errors are across networks.",
                "Largest |z| over the rows with a closed form: Newman exponents \(Cell.fixed(newmanWorst, 2)) (max over k within each row), exponent sum \(Cell.fixed(sumWorst, 2)), lambda_1 against the forward closed form \(Cell.fixed(topWorst, 2)); the paired lambda_1 - S_L/L (every law, same networks) \(Cell.fixed(pairedWorst, 2)).",
                "Reading: lambda_1 is what the forward signal and a back-propagated gradient both feel (lyapsim gradients: log||J^T g|| has exactly the law of S_L for these two ensembles). The lower exponents say how fast the network forgets the other directions of its input; their sum is the log-volume change, which the slope sets through (N/2) log|a|.",
            ],
            values: values)
    }
}
