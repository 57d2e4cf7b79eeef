import ArgumentParser
import LyapsimReports
import LyapsimRuns
import RandomNets

struct SpectrumCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "The Lyapunov spectrum of the network's input-output Jacobian (QR method), beside Newman's exact spectrum and the exact exponent sum.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var longRun: RunOptions

    @Option(parsing: .unconditional, help: "Number K of exponents, from the top (1 to the width; default: all N).")
    var exponents: Int?

    @Option(name: .customLong("bias-sigma"), parsing: .unconditional,
            help: "Biases iid N(0, sigma_b^2) in every layer (0, the default: none; else 1e-300 to 1e10): the top exponent then decides order (< 0) or chaos (> 0), beside its infinite-width value (1/2) log chi_1.")
    var biasSigma: Double = 0

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    var exponentCount: Int { exponents ?? network.width }
    var recordCount: Int { simulation.samples }

    /// Per network: its K exponents, then the forward S_L (without biases)
    /// or the final log length per coordinate (with biases).
    static let exponentColumn = "exponents", forwardColumn = "forward"

    func validate() throws {
        try network.requireSquare("spectrum")
        try simulation.refuseBurnIn("spectrum")
        try CLIError.usage {
            try Validate.exponentCount(exponentCount, width: network.width)
            try Validate.biasSigma(biasSigma)
            if biasSigma > 0, simulation.method != .full {
                throw InvalidParameter(parameter: "method", "with --bias-sigma the spectrum draws every weight matrix in full; leave out --method reduced")
            }
            try longRun.shardSpec.check(samples: simulation.samples)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try JacobianSpectrum.checkRun(spec, longRun.share(simulation.config()), exponents: exponentCount)
            if biasSigma > 0 {
                try BiasedSpectrum.checkRun(width: network.width, depth: simulation.depth, ensemble: spec.ensemble,
                                            biasSigma: biasSigma, exponents: exponents ?? 1,
                                            config: longRun.share(simulation.config()))
            }
        }
    }

    func run() throws { try runRecorded() }

    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        if biasSigma > 0 { return try biasedPlan(config, resolved, merged: merged) }
        let k = exponentCount
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        if merged == nil { try JacobianSpectrum.checkRun(spec, longRun.share(config), exponents: k) }
        let columns = [SampleBlock.Column(Self.exponentColumn, width: k), .init(Self.forwardColumn, width: 1)]
        return RecordPlan(
            identity: RunIdentity(command: Self.name, startingFrom: spec, config.identityForm, resolved, k, columns),
            columns: columns, threads: config.threads,
            compute: { range in
                let samples = try JacobianSpectrum.simulate(spec, config.part(range), exponents: k)
                return SampleBlock(columns: columns, first: range.lowerBound,
                                   groups: [samples.exponents, samples.forwardLogNorms])
            },
            render: { block, format in
                let samples = SpectrumSamples(spec: spec, config: config, exponentCount: k,
                                              exponents: block.group(Self.exponentColumn) ?? [],
                                              forwardLogNorms: block.group(Self.forwardColumn) ?? [])
                let report = try SpectrumReport(samples: samples, slope: network.slope,
                                                initialization: resolved.choice.label)
                format.emit(report)
            })
    }

    /// With biases: the top K exponents and the final length, against the
    /// mean-field order-chaos value.
    func biasedPlan(_ config: SimulationConfig, _ resolved: ResolvedEnsemble, merged: [SampleBlock.Column]?) throws
        -> RecordPlan
    {
        let activation = LeakyReLU(slope: network.slope)
        let k = exponents ?? 1, n = network.width, depth = simulation.depth, sigmaB = biasSigma
        let ensemble = resolved.ensemble
        let columns = [SampleBlock.Column(Self.exponentColumn, width: k), .init(Self.forwardColumn, width: 1)]
        // This process's whole share, once: the chunks each check only themselves.
        if merged == nil {
            try BiasedSpectrum.checkRun(width: n, depth: depth, ensemble: ensemble, biasSigma: sigmaB, exponents: k,
                                        config: longRun.share(config))
        }
        return RecordPlan(
            // The spec, not its fields, so that the start direction the ensemble chooses counts (`DerivedRunInputs`).
            identity: RunIdentity(command: Self.name, startingFrom: try NetworkSpec(width: n, depth: depth, activation: activation,
                                                                      ensemble: ensemble),
                                  resolved, sigmaB, k, config.identityForm, columns),
            columns: columns, threads: config.threads,
            compute: { range in
                let samples = try BiasedSpectrum.simulate(width: n, depth: depth, activation: activation, ensemble: ensemble,
                                                          biasSigma: sigmaB, exponents: k, config: config.part(range))
                return SampleBlock(columns: columns, first: range.lowerBound,
                                   groups: [samples.exponents, samples.finalLogLength])
            },
            render: { block, format in
                let samples = BiasedSpectrum.Samples(exponentCount: k, exponents: block.group(Self.exponentColumn) ?? [],
                                                     finalLogLength: block.group(Self.forwardColumn) ?? [])
                let report = BiasedSpectrumReport(samples: samples,
                                                  meanField: try MeanField(activation: activation, sigma: ensemble.sigma,
                                                                           biasSigma: sigmaB),
                                                  width: n, depth: depth, ensemble: ensemble.name,
                                                  seed: config.seed, generator: config.generator.name)
                format.emit(report)
            })
    }
}
