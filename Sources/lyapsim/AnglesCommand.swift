import ArgumentParser
import LyapsimReports
import LyapsimRuns
import RandomNets

struct AnglesCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "angles",
        abstract: "Two inputs at angle theta_0 through the same network: cos theta_l per layer beside the infinite-width kernel map.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var longRun: RunOptions

    @Option(parsing: .unconditional, help: "Angle theta_0 between the two unit inputs, in radians (0 to pi).")
    var angle: Double = 1.0

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    var recordCount: Int { simulation.samples }

    func validate() throws {
        try network.requireSquare("angles")
        try simulation.refuseBurnIn("angles")
        try CLIError.usage {
            try longRun.shardSpec.check(samples: simulation.samples)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try InputAngles.checkRun(spec, longRun.share(simulation.config()), angle: angle)
        }
    }

    func run() throws { try runRecorded() }

    /// Per network: cos theta_l for l = 1...L (NaN once either signal died).
    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        if merged == nil { try InputAngles.checkRun(spec, longRun.share(config), angle: angle) }
        let columns = [SampleBlock.Column("cosine", width: spec.depth)]
        let angle = angle
        return RecordPlan(
            identity: RunIdentity(command: Self.name, startingFrom: spec, config.identityForm, resolved, angle, columns),
            columns: columns, threads: config.threads,
            compute: { range in
                let s = try InputAngles.simulate(spec, config.part(range), angle: angle)
                return SampleBlock(columns: columns, first: range.lowerBound, groups: [s.cosines])
            },
            render: { block, format in
                let samples = AngleSamples(spec: spec, config: config, initialAngle: angle, cosines: block.groups[0])
                let report = try AngleReport(samples: samples, slope: network.slope, initialization: resolved.choice.label)
                format.emit(report)
            })
    }
}
