import ArgumentParser
import LyapsimReports
import LyapsimRuns
import RandomNets

struct GradientsCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradients",
        abstract: "Backpropagation at initialization: per-layer weight-gradient norms and the backward growth rate of ||J^T g||.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var longRun: RunOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    var recordCount: Int { simulation.samples }

    func validate() throws {
        try network.requireSquare("gradients")
        try simulation.refuseBurnIn("gradients")
        try CLIError.usage {
            try longRun.shardSpec.check(samples: simulation.samples)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try Backpropagation.checkRun(spec, longRun.share(simulation.config()))
        }
    }

    func run() throws { try runRecorded() }

    /// Per network: log||dL/dW_l||_F for l = 1...L, log||J^T g|| and S_L.
    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        if merged == nil { try Backpropagation.checkRun(spec, longRun.share(config)) }
        let columns = [SampleBlock.Column("gradient", width: spec.depth), .init("backward", width: 1),
                       .init("forward", width: 1)]
        return RecordPlan(
            identity: RunIdentity(command: Self.name, startingFrom: spec, config.identityForm, resolved, columns),
            columns: columns, threads: config.threads,
            compute: { range in
                let s = try Backpropagation.simulate(spec, config.part(range))
                return SampleBlock(columns: columns, first: range.lowerBound,
                                   groups: [s.logGradientNorms, s.backwardLogNorms, s.forwardLogNorms])
            },
            render: { block, format in
                let samples = GradientSamples(spec: spec, config: config, logGradientNorms: block.groups[0],
                                              backwardLogNorms: block.groups[1], forwardLogNorms: block.groups[2])
                let report = try GradientReport(samples: samples, slope: network.slope,
                                                initialization: resolved.choice.label)
                format.emit(report)
            })
    }
}
