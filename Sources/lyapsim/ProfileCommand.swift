import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets

struct ProfileCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Finite-width Monte Carlo at initialization, per layer, beside the mean-field map: q, saturation, collapse, dispersion, correlation, dead ReLU units.",
        discussion: """
            M networks, each carrying B inputs (Gaussian directions with q_0 = 1) through the same weights. \
            Default scale: the He gain for leaky-relu and relu, 1 (Xavier/LeCun for a square layer) otherwise.
            """)

    @OptionGroup var phi: ActivationOptions

    @Option(parsing: .unconditional, help: "Width N of every layer (1 to \(Validate.maxWidth)).")
    var width: Int

    @Option(parsing: .unconditional, help: "Depth L (1 to 100000).")
    var depth: Int

    @Option(help: ArgumentHelp("Weight law (default gaussian): \(EnsembleRegistry.names.joined(separator: ", ")).", valueName: "name"))
    var ensemble: String?

    @OptionGroup var shapeParameters: EnsembleParameterOptions



    @Option(parsing: .unconditional, help: "Weight scale sigma (1e-300 to 1e10). Give at most one of --sigma and --preset.")
    var sigma: Double?

    @Option(help: ArgumentHelp("A framework initializer (sets ensemble and sigma): \(InitializerPreset.names.joined(separator: ", ")).",
                               valueName: "name"))
    var preset: String?

    @Option(parsing: .unconditional, help: "Inputs B per network (1 to 1024); the exact dead-unit law needs B <= 3.")
    var inputs: Int = 3

    @Option(parsing: .unconditional, help: "Number M of independent networks (2 to 1000000).")
    var samples: Int = 100

    @Option(parsing: .unconditional, help: "Seed (0 to 18446744073709551615); network i uses the stream derived from (seed, i).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Bit generator: \(RandomGenerator.acceptedNames.joined(separator: ", ")).", valueName: "name"))
    var rng: String = RandomGenerator.default.name

    @Option(parsing: .unconditional, help: "Worker threads (1 to 1024; default: the number of cores). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var longRun: RunOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    var recordCount: Int { samples }

    static let maxDepth = 100_000
    static let maxSamples = 1_000_000


    var parameters: EnsembleParameters { shapeParameters.parameters }

    func validate() throws {
        try CLIError.usage {
            try Validate.width(width)
            guard depth >= 1, depth <= Self.maxDepth else {
                throw InvalidParameter(parameter: "depth", "must be an integer from 1 to \(Self.maxDepth), got \(depth)")
            }
            guard samples >= 2, samples <= Self.maxSamples else {
                throw InvalidParameter(parameter: "samples", "must be an integer from 2 to \(Self.maxSamples), got \(samples)")
            }
            guard inputs >= 1, inputs <= ActivationProfile.maxInputs else {
                throw InvalidParameter(parameter: "inputs", "must be an integer from 1 to \(ActivationProfile.maxInputs), got \(inputs)")
            }
            try Validate.threads(threads)
            try longRun.shardSpec.check(samples: samples)
            _ = try RandomGenerator(name: rng)
            if let sigma {
                try Validate.sigma(sigma)
                if sigma > MeanField.maxSigma {
                    throw InvalidParameter(parameter: "sigma", "must be a number from 1e-300 to \(MeanField.maxSigmaText), got \(sigma)")
                }
            }
            if let preset {
                let p = try InitializerPreset.named(preset)
                if sigma != nil { throw InvalidParameter(parameter: "sigma", "give one of --sigma and --preset, not both") }
                if ensemble != nil {
                    throw InvalidParameter(parameter: "ensemble", "a preset sets the ensemble (\(preset) uses \(p.ensemble)); give --ensemble or --preset, not both")
                }
            }
            _ = try EnsembleRegistry.make(preset.map { try InitializerPreset.named($0).ensemble } ?? ensembleName,
                                          sigma: 1, parameters: parameters)
            // Memory and random numbers of this process's share (a shard's samples only).
            try ActivationProfile.checkRun(spec: try self.spec(), inputs: .gaussian(count: inputs),
                                           config: longRun.share(try simulationConfig()))
        }
    }

    var ensembleName: String { ensemble ?? GaussianEnsemble.name }

    /// (ensemble name, sigma, label) from --preset, --sigma or the default.
    func scale(for activation: any Activation) throws -> (String, Double, String) {
        let a = ActivationRegistry.leakySlope(of: activation)
        if let preset {
            let p = try InitializerPreset.named(preset)
            return (p.ensemble, p.sigma(a ?? 0), p.name)
        }
        if let sigma { return (ensembleName, sigma, "custom") }
        if ensembleName == DiagonalNoiseEnsemble.name { return (ensembleName, 1, "identity") }
        if let a { return (ensembleName, LeakyReLU(slope: a).heGain, "he") }
        return (ensembleName, 1, "xavier")
    }

    func spec() throws -> NetworkSpec {
        let activation = try phi.make()
        let (name, s, _) = try scale(for: activation)
        let weights = try EnsembleRegistry.make(name, sigma: s, parameters: parameters)
        return try NetworkSpec(width: width, depth: depth, activation: activation, ensemble: weights)
    }

    func run() throws { try runRecorded() }

    /// The SimulationConfig of the whole run.
    func simulationConfig() throws -> SimulationConfig {
        try SimulationConfig(samples: samples, seed: seed, generator: RandomGenerator(name: rng), threads: threads)
    }

    /// Per network: 10 statistics per layer (`ActivationProfile.records`).
    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let spec = try spec()
        let (_, _, label) = try scale(for: spec.activation)
        let config = try simulationConfig()
        let inputs = ActivationProfile.Inputs.gaussian(count: inputs)
        // This process's whole share, once: the chunks each check only themselves.
        if merged == nil { try ActivationProfile.checkRun(spec: spec, inputs: inputs, config: longRun.share(config)) }
        // Neither law is iid with E W_ij^2 = sigma^2/N, whose limit the map is.
        let meanFieldApplies = ![DiagonalNoiseEnsemble.name, ReluOrthogonalEnsemble.name].contains(spec.ensemble.name)
        let columns = [SampleBlock.Column("layers", width: ActivationProfile.recordWidth(depth: spec.depth))]
        return RecordPlan(
            identity: RunIdentity(command: Self.name, startingFrom: nil, spec, config.identityForm, inputs.count, label, meanFieldApplies,
                                  columns),
            columns: columns, threads: config.threads,
            compute: { range in
                SampleBlock(columns: columns, first: range.lowerBound,
                            groups: [try ActivationProfile.records(spec: spec, inputs: inputs, config: config.part(range))])
            },
            render: { block, format in
                let profile = ActivationProfile(spec: spec, inputCount: inputs.count, records: block.groups[0])
                let report = try ProfileReport(profile: profile, config: config, scaleLabel: label,
                                               meanFieldApplies: meanFieldApplies)
                format.emit(report)
            })
    }
}
