import Foundation
import RandomNets

/// `lyapsim init --ensemble diagonal-noise --target-depth L`: the searched
/// noise scale beside Xavier, He and orthogonal initialization for the same
/// activation, each profiled to layer L on the same seed.
public struct NoiseSearchReport: Sendable {
    public struct Row: Sendable {
        public let name: String
        public let ensemble: String
        public let sigma: Double
        public let noise: Double?
        public let last: ActivationProfile.Layer
    }

    public let search: NoiseSearch
    public let rows: [Row]
    public let samples: Int
    public let seed: UInt64
    public let inputs: Int

    /// The tanh predecessor of Lee, Choi and Kim's method (arXiv 2410.02242) uses noise 0.085.
    public static let seedNoise = 0.085

    public init(activation: any Activation, width n: Int, targetDepth: Int, inputs: Int, config: SimulationConfig) throws {
        search = try NoiseSearch(activation: activation, width: n, targetDepth: targetDepth, inputs: inputs, config: config)
        func row(_ name: String, _ ensemble: any WeightEnsemble, noise: Double?) throws -> Row {
            let spec = try NetworkSpec(width: n, depth: targetDepth, activation: activation, ensemble: ensemble)
            let p = try ActivationProfile(spec: spec, inputs: .gaussian(count: inputs), config: config)
            return Row(name: name, ensemble: ensemble.name, sigma: ensemble.sigma, noise: noise, last: p.layers[targetDepth - 1])
        }
        var rows: [Row] = []
        if let z = search.noise {
            rows.append(Row(name: "diagonal-noise (searched)", ensemble: DiagonalNoiseEnsemble.name, sigma: 1, noise: z,
                            last: search.profile.layers[targetDepth - 1]))
        }
        rows.append(try row("diagonal-noise (0.085)", DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": Self.seedNoise])), noise: Self.seedNoise))
        rows.append(try row("xavier", GaussianEnsemble(sigma: 1), noise: nil))
        rows.append(try row("he", GaussianEnsemble(sigma: 2.0.squareRoot()), noise: nil))
        rows.append(try row("orthogonal", OrthogonalEnsemble(sigma: 1), noise: nil))
        self.rows = rows
        samples = config.samples
        seed = config.seed
        self.inputs = inputs
    }

    public func renderText() -> String {
        let s = search
        let f = { (x: Double) in NumberFormat.general(x, 4) }
        let pm = { (e: ActivationProfile.Estimate?) -> String in
            guard let e else { return "-" }
            return "\(f(e.mean)) +- \(NumberFormat.general(e.stderr, 2))"
        }
        var text = "lyapsim init: \(s.activation), diagonal-noise W = I + Z, Z iid N(0, noise^2/N), width \(s.width), target layer \(s.targetDepth)\n"
        text += "  criterion: E q_L = q_0 = 1 (q = ||h||^2/N), bisection on noise in [0, \(f(NoiseSearch.maxNoise))] to \(NoiseSearch.tolerance) with common random numbers\n"
        text += "  \(samples) networks x \(inputs) inputs, seed \(seed); \(s.evaluations) evaluations\n\n"
        if let z = s.noise {
            text += "searched noise: \(NumberFormat.general(z, 6))\n\n"
        } else {
            text += "searched noise: not reached (E q_L < 1 even at noise \(f(NoiseSearch.maxNoise)))\n\n"
        }
        let header = ["initialization", "sigma", "noise", "q_L", "dispersion_L", "saturated_L", "collapsed_L"]
        let body = rows.map { r in
            [r.name, f(r.sigma), r.noise.map { NumberFormat.general($0, 6) } ?? "-", pm(r.last.q), pm(r.last.dispersion),
             pm(r.last.saturatedFraction), pm(r.last.collapsedFraction)]
        }
        text += NumberFormat.table(header: header, rows: body)
        text += "\n\nxavier: gaussian sigma 1; he: gaussian sigma sqrt(2); orthogonal: Haar, sigma 1; 0.085: the noise of the method's tanh predecessor (Lee, Choi and Kim, \"Robust Weight Initialization for Tanh Neural Networks with Fixed Point Analysis\", arXiv 2410.02242)."
        return text
    }

    public func json() -> JSONValue {
        let s = search
        func est(_ name: String, _ e: ActivationProfile.Estimate?) -> [(String, JSONValue)] {
            [(name, .finite(e?.mean)), (name + "_stderr", .finite(e?.stderr))]
        }
        let list: [JSONValue] = rows.map { r in
            var fields: [(String, JSONValue)] = [("initialization", .string(r.name)), ("ensemble", .string(r.ensemble)),
                                                 ("sigma", .number(r.sigma)), ("noise", .finite(r.noise))]
            fields += est("q", r.last.q)
            fields += est("dispersion", r.last.dispersion)
            fields += est("saturated_fraction", r.last.saturatedFraction)
            fields += est("collapsed_fraction", r.last.collapsedFraction)
            return .object(fields)
        }
        return .object([
            ("activation", .string(s.activation.description)),
            ("width", .integer(s.width)),
            ("target_depth", .integer(s.targetDepth)),
            ("criterion", .string("E q_L = q_0 = 1")),
            ("noise", .finite(s.noise)),
            ("evaluations", .integer(s.evaluations)),
            ("samples", .integer(samples)),
            ("inputs", .integer(inputs)),
            ("seed", .string(String(seed))),
            ("initializations", .array(list)),
        ])
    }

    public func csv() -> String {
        let g = NumberFormat.csv
        let header = "initialization,ensemble,sigma,noise,q,q_stderr,dispersion,dispersion_stderr,saturated_fraction,collapsed_fraction"
        return ([header] + rows.map { r in
            [r.name, r.ensemble, g(r.sigma), g(r.noise), g(r.last.q.mean), g(r.last.q.stderr), g(r.last.dispersion?.mean),
             g(r.last.dispersion?.stderr), g(r.last.saturatedFraction.mean), g(r.last.collapsedFraction.mean)].joined(separator: ",")
        }).joined(separator: "\n")
    }
}
