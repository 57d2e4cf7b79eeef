import Foundation
import RandomNets

/// How the L hidden N x N layers of a trained network are initialized: an
/// ensemble of the engine at a scale, drawn once, or (Lyapunov sampling)
/// the best of several draws.
public struct HiddenInitialization: Sendable {
    /// The initialization's name, as `--init` takes it.
    public let name: String
    /// The law of each hidden layer, at its scale.
    public let ensemble: any WeightEnsemble
    /// Candidate hidden stacks drawn; 1 except for Lyapunov sampling.
    public let candidates: Int
    /// One line: the law and the scale, for reports.
    public let summary: String
    /// Data-driven rescaling after the draw (LSUV); nil for the data-free methods.
    public var lsuv: LSUV? = nil
    /// The family of the input layer under this method when the task's input
    /// layer follows the method (`TrainingTask.inputLayerFollowsMethod`): the
    /// Lyapunov methods set it (gaussian for lyapunov and lyapunov-sampling,
    /// orthogonal for lyapunov-orthogonal) and the layer gets its own
    /// sigma_crit (`InputLayerLaw.lyapunov`); nil for every other method,
    /// whose input layer is the common one.
    public var inputLayerFamily: Ensemble? = nil

    /// The seven methods of the study (T14): the paper compared seven.
    public static let studyMethods = ["he", "orthogonal", "lyapunov", "lyapunov-orthogonal", "lyapunov-sampling",
                                      "xavier", "torch-default"]

    /// Methods that look at training data before the first step.
    public static let dataDrivenMethods = ["lsuv"]

    /// Every accepted name: the study's methods, the data-driven ones, the
    /// framework presets, and every ensemble (at --sigma, or the He gain).
    public static var names: [String] {
        let methods = studyMethods + dataDrivenMethods + InitializerPreset.names.filter { !studyMethods.contains($0) }
        // "orthogonal" is a study method and an ensemble: listed once.
        return methods + EnsembleRegistry.names.filter { !methods.contains($0) }
    }

    /// Lyapunov sampling draws ceil(sqrt(L)) candidates (the paper: "on the
    /// order of sqrt(depth)").
    public static func samplingCandidates(depth: Int) -> Int { Int(Double(depth).squareRoot().rounded(.up)) }

    /// Resolves `name` for a network of this width, depth and activation.
    /// `slope` is the Leaky ReLU slope (nil for other activations); `sigma`
    /// overrides the scale of a bare ensemble name; `parameters` are the
    /// ensemble's own (dof, density, noise).
    public static func named(_ name: String, width n: Int, depth: Int, slope: Double?, sigma: Double? = nil,
                             parameters: EnsembleParameters = EnsembleParameters()) throws -> HiddenInitialization {
        let he = slope.map { LeakyReLU(slope: $0).heGain } ?? 1
        func resolve(_ ensemble: String, _ choice: ScaleChoice) throws -> any WeightEnsemble {
            if case .lyapunov = choice {
                guard let slope else {
                    throw InvalidParameter(parameter: "init", "\(name) sets lambda = 0 by the Leaky ReLU theory; use --activation leaky-relu")
                }
                // Closed forms for gaussian and orthogonal: no pilot run is needed.
                let config = try SimulationConfig(samples: 2, threads: 1)
                return try ResolvedEnsemble(ensemble: ensemble, parameters: parameters, choice: choice, width: n, slope: slope,
                                            pilotDepth: 1, pilotConfig: config).ensemble
            }
            if case .custom(let s) = choice { return try EnsembleRegistry.make(ensemble, sigma: s, parameters: parameters) }
            if case .preset(let preset) = choice {
                return try EnsembleRegistry.make(preset.ensemble, sigma: preset.sigma(slope ?? 0), parameters: parameters)
            }
            return try EnsembleRegistry.make(ensemble, sigma: he, parameters: parameters)
        }
        func make(_ e: any WeightEnsemble, _ what: String, candidates: Int = 1, input: Ensemble? = nil) -> HiddenInitialization {
            HiddenInitialization(name: name, ensemble: e, candidates: candidates,
                                 summary: "\(what): \(e.name), sigma = \(NumberText.short(e.sigma))", inputLayerFamily: input)
        }
        if sigma != nil, !EnsembleRegistry.names.contains(name) {
            throw InvalidParameter(parameter: "sigma", "only with --init ENSEMBLE (one of \(EnsembleRegistry.names.joined(separator: ", "))); \(name) sets its own scale")
        }
        if name == ReluOrthogonalEnsemble.name && n < 2 {
            throw InvalidParameter(parameter: "width", "must be at least 2 with the relu-orthogonal ensemble (it removes the mean, the only direction at width 1), got \(n)")
        }
        // An ensemble name with --sigma is that ensemble at sigma, also where
        // the name is a study method too ("orthogonal" is both).
        if let sigma, EnsembleRegistry.names.contains(name) {
            return make(try resolve(name, .custom(sigma)), "at --sigma")
        }
        switch name {
        case "he": return make(try resolve(GaussianEnsemble.name, .he), slope == nil ? "LeCun (sigma 1; He's gain is for Leaky ReLU)" : "He")
        case "orthogonal": return make(try resolve(OrthogonalEnsemble.name, .he), slope == nil ? "orthogonal at sigma 1" : "orthogonal at the He gain")
        case "lyapunov": return make(try resolve(GaussianEnsemble.name, .lyapunov), "sigma_crit (lambda = 0)", input: .gaussian)
        case "lyapunov-orthogonal":
            return make(try resolve(OrthogonalEnsemble.name, .lyapunov), "sigma_crit (lambda = 0)", input: .orthogonal)
        case "lyapunov-sampling":
            let k = samplingCandidates(depth: depth)
            return make(try resolve(GaussianEnsemble.name, .lyapunov), "best of \(k) draws at sigma_crit", candidates: k,
                        input: .gaussian)
        case "xavier": return make(try resolve(GaussianEnsemble.name, .custom(1)), "Xavier normal (fan_in = fan_out)")
        case "lsuv":
            let lsuv = LSUV.standard
            let start = try resolve(OrthogonalEnsemble.name, .custom(1))
            return HiddenInitialization(name: name, ensemble: start, candidates: 1,
                                        summary: "LSUV (Mishkin and Matas 2016): \(start.name) start at sigma = 1, then each hidden layer rescaled on the first training batch until its pre-activations' variance is within \(NumberText.short(lsuv.tolerance)) of 1 (at most \(lsuv.maxIterations) rescalings)",
                                        lsuv: lsuv)
        default:
            if let preset = InitializerPreset.all.first(where: { $0.name == name }) {
                return make(try resolve(preset.ensemble, .preset(preset)), preset.name)
            }
            if EnsembleRegistry.names.contains(name) {
                return make(try resolve(name, sigma.map { .custom($0) } ?? .he), sigma == nil ? "at the He gain" : "at --sigma")
            }
            throw InvalidParameter(parameter: "init", "unknown initialization \(QuotedValue.quote(name)); one of \(names.joined(separator: ", "))")
        }
    }
}

/// Short number text for summaries (4 significant digits).
enum NumberText {
    static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
