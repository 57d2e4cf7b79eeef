import ArgumentParser
import LyapsimReports
import RandomNets

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Lyapunov initialization: sigma_crit beside the He gain (or a framework preset), and lambda there.",
        discussion: """
            Closed forms for gaussian and orthogonal weights; for every other ensemble sigma_crit = exp(-lambda(1)) \
            is estimated by Monte Carlo (--depth, --samples) with a 95% interval.
            """)

    /// --width, --widths or --arch: with the last two, per layer the He scale,
    /// its mean log-gain and the layer's own sigma_crit.
    @OptionGroup var shape: ShapeOptions
    var widthOption: Int? { shape.widthOption }
    var widths: String? { shape.widths }
    var arch: String? { shape.arch }
    var width: Int { shape.width }

    @Option(name: .customLong("save-weights"),
            help: ArgumentHelp("Draw one network and write W1..WL (shape fan_out x fan_in, nn.Linear.weight's layout) and zero biases b1..bL as float64 to FILE.npz, at the scale --init picks (--widths, or --width with --depth; --seed, --rng).",
                               valueName: "file"))
    var saveWeights: String?

    @Option(name: .customLong("init"), help: "Scale rule of the weights --save-weights writes: lyapunov (each layer at its sigma_crit, the default) or he.")
    var rule: Initialization = .lyapunov

    @Option(name: .customLong("slope"), parsing: .unconditional,
            help: ArgumentHelp("Leaky ReLU slope a (required with --activation leaky-relu, the default).", valueName: "a"))
    var slopeOption: Double?

    @Option(help: ArgumentHelp("Activation: leaky-relu (default) or relu for Lyapunov initialization; with --target-depth any of \(ActivationRegistry.names.joined(separator: ", ")).",
                               valueName: "name"))
    var activation: String = ActivationRegistry.defaultName

    @Option(parsing: .unconditional, help: "scaled-tanh's beta (1e-06 to 1e+06); only with --activation scaled-tanh.")
    var beta: Double?

    @Option(name: .customLong("target-depth"), parsing: .unconditional,
            help: "Search the diagonal-noise scale that keeps E q_L = q_0 at this layer L (1 to 100000; needs --ensemble diagonal-noise). Uses --samples, --seed, --rng, --threads, --inputs.")
    var targetDepth: Int?

    @Option(parsing: .unconditional, help: "Inputs B per network for --target-depth (1 to 1024).")
    var inputs: Int = 3


    /// The Leaky ReLU slope (relu is slope 0), after `validate`.
    var slope: Double { slopeOption ?? 0 }

    @Option(help: ArgumentHelp("One ensemble (default: gaussian and orthogonal): \(EnsembleRegistry.names.joined(separator: ", ")).",
                               valueName: "name"))
    var ensemble: String?

    @OptionGroup var shapeParameters: EnsembleParameterOptions



    @Option(help: ArgumentHelp("A framework initializer to assess: \(InitializerPreset.names.joined(separator: ", ")).",
                               valueName: "name"))
    var preset: String?

    @OptionGroup var simulation: SimulationOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    func validate() throws {
        // ShapeOptions.validate has required exactly one of --width, --widths, --arch.
        try OutputFile.validate(saveWeights, flag: "--save-weights")
        try simulation.refuseBurnIn("init")
        guard inputs >= 1, inputs <= ActivationProfile.maxInputs else {
            throw ValidationError("--inputs: must be an integer from 1 to \(ActivationProfile.maxInputs), got \(inputs)")
        }
        if widths != nil || arch != nil || saveWeights != nil { return try validateLayers() }
        try CLIError.usage {
            try Validate.width(width)
            if targetDepth != nil { return try validateNoiseSearch() }
            try NetworkOptions.checkHomogeneous(activation)
            _ = try ActivationRegistry.make(activation, slope: slopeOption, beta: beta)
            try Validate.slope(slope)
            if let preset {
                let p = try InitializerPreset.named(preset)
                if ensemble != nil {
                    throw InvalidParameter(parameter: "ensemble", "a preset sets the ensemble (\(preset) uses \(p.ensemble)); give --ensemble or --preset, not both")
                }
            }
            if let ensemble {
                _ = try EnsembleRegistry.make(ensemble, sigma: 1, parameters: shapeParameters.parameters)
            } else if let given = shapeParameters.parameters.entries.first,
                      let owner = EnsembleRegistry.parameters.first(where: { $0.parameter.name == given.name }) {
                throw InvalidParameter(parameter: given.name, "needs --ensemble \(owner.ensemble)")
            }
            // The networks the report simulates, checked as every other command checks them
            // (relu-orthogonal needs width 2; --method reduced needs rotation invariance).
            let config = try simulation.config()
            for name in try reportedEnsembles() {
                let law = try EnsembleRegistry.make(name, sigma: 1, parameters: preset == nil ? shapeParameters.parameters : .none)
                _ = try NetworkSpec(width: width, depth: simulation.depth, activation: LeakyReLU(slope: slope), ensemble: law)
                try config.checkMethod(for: law)
            }
        }
    }

    /// The ensembles the report covers: the preset's, the one given, or gaussian and orthogonal.
    func reportedEnsembles() throws -> [String] {
        if let preset { return [try InitializerPreset.named(preset).ensemble] }
        return ensemble.map { [$0] } ?? [GaussianEnsemble.name, OrthogonalEnsemble.name]
    }

    func run() throws {
        if widths != nil || arch != nil || saveWeights != nil { return try runLayers() }
        if targetDepth != nil { return try runNoiseSearch() }
        let preset = try preset.map { try InitializerPreset.named($0) }
        let report = try InitReport(width: width, slope: slope, ensembles: ensemble.map { [$0] } ?? [GaussianEnsemble.name, OrthogonalEnsemble.name],
                                    parameters: shapeParameters.parameters, preset: preset,
                                    depth: simulation.depth, config: simulation.config())
        format.emit(report)
    }
}
