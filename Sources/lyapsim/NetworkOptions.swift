import ArgumentParser
import RandomNets

/// The network family: width, slope, ensemble and how sigma is chosen.
struct NetworkOptions: ParsableArguments {
    @OptionGroup var shape: ShapeOptions
    var widthOption: Int? { shape.widthOption }
    var widths: String? { shape.widths }
    var arch: String? { shape.arch }

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Residual branches x_l = x_l-1 + beta phi(W_l x_l-1) in every layer (|beta| up to 1e6; equal widths). estimate and theory (theory: linear branch, --slope 1, gaussian, exact).",
                               valueName: "beta"))
    var residual: Double?

    /// Whether the network is described layer by layer (--widths or --residual).
    var isArchitecture: Bool { widths != nil || residual != nil || arch != nil }

    /// The width of the square network (after `validate`).
    var width: Int { shape.width }

    // `.unconditional`: `--slope -0.5` is a value, not an unknown option.
    @Option(name: .customLong("slope"), parsing: .unconditional,
            help: ArgumentHelp("Leaky ReLU slope a: phi(t) = t for t >= 0, a*t for t < 0 (0 is ReLU; 1e-300 <= |a| <= 1e300 otherwise). Required with --activation leaky-relu (the default).",
                               valueName: "a"))
    var slopeOption: Double?

    @Option(help: ArgumentHelp("Activation: leaky-relu (default) or relu; the log-norm theory needs a positively homogeneous phi (other activations: `lyapsim meanfield`, `lyapsim profile`).",
                               valueName: "name"))
    var activation: String = ActivationRegistry.defaultName

    /// The Leaky ReLU slope (relu is slope 0), after `validate`.
    var slope: Double { slopeOption ?? 0 }

    @Option(name: .customLong("ensemble"),
            help: ArgumentHelp("Weight law (default gaussian): \(EnsembleRegistry.names.joined(separator: ", ")). See `lyapsim ensembles`.",
                               valueName: "name"))
    var ensembleOption: String?

    var ensemble: String { ensembleOption ?? GaussianEnsemble.name }

    @OptionGroup var shapeParameters: EnsembleParameterOptions



    @Option(parsing: .unconditional, help: "Weight scale sigma (1e-300 to 1e100): E W_ij^2 = sigma^2/N. Give at most one of --sigma, --init, --preset.")
    var sigma: Double?

    @Option(help: "Scale rule: he (sqrt(2/(1+a^2)), the default) or lyapunov (sigma_crit, where lambda = 0; by Monte Carlo for ensembles without a closed form).")
    var `init`: Initialization?

    @Option(help: ArgumentHelp("A framework initializer (sets ensemble and sigma): \(InitializerPreset.names.joined(separator: ", ")).",
                               valueName: "name"))
    var preset: String?

    func validate() throws {
        if let arch {
            let ignored = [residual != nil ? "--residual" : nil, preset != nil ? "--preset" : nil,
                           slopeOption != nil ? "--slope" : nil, ensembleOption != nil ? "--ensemble" : nil,
                           activation != ActivationRegistry.defaultName ? "--activation" : nil]
                .compactMap { $0 } + shapeParameters.givenFlags
            if !ignored.isEmpty {
                throw ValidationError("--arch: the file sets each layer's activation, slope, law and residual branch; leave out \(ignored.joined(separator: ", ")) (--sigma and --init are the defaults for layers that give neither)")
            }
            try CLIError.usage { _ = try ArchitectureFile.read(arch, defaultScale: defaultRule) }
            return
        }
        if residual != nil, preset != nil {
            throw ValidationError("--preset: framework presets are not combined with --residual; give --ensemble and --sigma or --init")
        }
        try CLIError.usage {
            if widths != nil {
                if preset != nil {
                    throw InvalidParameter(parameter: "preset", "framework presets are defined for N x N layers; with --widths give --ensemble and --sigma or --init")
                }
            }
            try Self.checkHomogeneous(activation)
            _ = try ActivationRegistry.make(activation, slope: slopeOption)
            try Validate.slope(slope)
            if let sigma { try Validate.sigma(sigma) }
            if let preset {
                let p = try InitializerPreset.named(preset)
                if ensembleOption != nil {
                    throw InvalidParameter(parameter: "ensemble", "a preset sets the ensemble (\(preset) uses \(p.ensemble)); give --ensemble or --preset, not both")
                }
            }
            _ = try EnsembleRegistry.make(ensemble, sigma: 1, parameters: parameters)
        }
        let scaleOptions = [sigma != nil ? "--sigma" : nil, `init` != nil ? "--init" : nil, preset != nil ? "--preset" : nil]
            .compactMap { $0 }
        if scaleOptions.count > 1 {
            throw ValidationError("\(scaleOptions[0]): give one of --sigma, --init and --preset, not \(scaleOptions.joined(separator: " and "))")
        }
    }

    /// Commands that simulate only N x N networks refuse --widths in one line.
    func requireSquare(_ command: String) throws {
        if residual != nil {
            throw ValidationError("--residual: `lyapsim \(command)` simulates plain layers; --residual is accepted by estimate and theory")
        }
        if arch != nil {
            throw ValidationError("--arch: `lyapsim \(command)` takes --width N (every layer N x N); --arch is accepted by theory, estimate and init")
        }
        if widths != nil {
            throw ValidationError("--widths: `lyapsim \(command)` takes --width N (every layer N x N); --widths is accepted by theory, estimate and init")
        }
    }

    /// The network --widths describes, every layer at the scale the rule
    /// (--sigma, --init) picks for it; nil for --width.
    /// --sigma or --init as a per-layer rule.
    var defaultRule: LayerScaleRule { sigma.map { .custom($0) } ?? (`init` == .lyapunov ? .lyapunov : .he) }

    func architecture(depth: Int = 1) throws -> Architecture? {
        guard isArchitecture else { return nil }
        if let arch { return try ArchitectureFile.read(arch, defaultScale: defaultRule) }
        let rule = defaultRule
        if widths == nil, depth > Architecture.maxLayers {
            // Only --residual builds N x N layers one by one: its limit is the
            // architecture's, named by the flag the user gave.
            throw InvalidParameter(parameter: "depth", "with --residual an integer from 1 to \(Architecture.maxLayers), got \(depth)")
        }
        let list = try widths.map { try Architecture.parseWidths($0) } ?? [Int](repeating: width, count: depth + 1)
        return try Architecture(widths: list, slope: slope, ensemble: ensemble, parameters: parameters, scale: rule,
                                residual: residual)
    }

    /// How --widths' sigmas were chosen, for report headers.
    var ruleLabel: String {
        if let arch { return "as \(arch) sets them (default: \(sigma.map { "sigma \($0)" } ?? (`init` == .lyapunov ? "lyapunov" : "he")))" }
        let branch = residual.map { ", residual beta \($0)" } ?? ""
        if let sigma { return "sigma \(sigma)" + branch }
        return (`init` == .lyapunov ? "lyapunov (sigma_crit of each layer)" : "he (sqrt(2/(1+a^2)))") + branch
    }

    /// The activations the log-norm commands accept.
    static let homogeneousActivations = ["leaky-relu", "relu"]

    /// The LLN, CLT and closed forms are about log||x_L||, a sum of per-layer
    /// increments only when phi(c t) = c phi(t) (Activation.isPositivelyHomogeneous):
    /// for other activations these commands would print a false comparison.
    static func checkHomogeneous(_ name: String) throws {
        guard ActivationRegistry.names.contains(name) else {
            throw InvalidParameter(parameter: "activation", "unknown activation \(QuotedValue.quote(name)); allowed here: \(homogeneousActivations.joined(separator: ", "))")
        }
        guard homogeneousActivations.contains(name) else {
            throw InvalidParameter(parameter: "activation", "\(name) is not positively homogeneous, so the log-norm theory (LLN, CLT, closed forms) does not apply; allowed here: \(homogeneousActivations.joined(separator: ", ")) (use `lyapsim meanfield` or `lyapsim profile` for \(name))")
        }
    }


    var parameters: EnsembleParameters { shapeParameters.parameters }

    /// The scale used for checks before the run (sizes, representable
    /// products): --sigma, the preset's, else the He gain (sigma_crit, which
    /// --init lyapunov finds later, is within a small factor of it).
    var provisionalSigma: Double {
        if let sigma { return sigma }
        if let preset, let p = try? InitializerPreset.named(preset) { return p.sigma(slope) }
        return LeakyReLU(slope: slope).heGain
    }

    /// The network every command checks before it runs (sizes, representable
    /// products), at `provisionalSigma`.
    func provisionalSpec(depth: Int) throws -> NetworkSpec {
        try NetworkSpec(width: width, depth: depth, slope: slope, ensemble: ensemble, sigma: provisionalSigma,
                        parameters: parameters)
    }

    var scaleChoice: ScaleChoice {
        get throws {
            if let sigma { return .custom(sigma) }
            if let preset { return .preset(try InitializerPreset.named(preset)) }
            return `init` == .lyapunov ? .lyapunov : .he
        }
    }

    /// The ensemble at its scale; a Monte Carlo sigma_crit uses `pilot`.
    func resolve(pilotDepth: Int, pilotConfig: SimulationConfig) throws -> ResolvedEnsemble {
        try ResolvedEnsemble(ensemble: ensemble, parameters: parameters, choice: scaleChoice, width: width,
                             slope: slope, pilotDepth: pilotDepth, pilotConfig: pilotConfig)
    }
}
