import ArgumentParser
import LyapsimReports
import LyapsimRuns
import RandomNets

struct CalibrateCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Check lyapsim's own statistics: coverage of its intervals over R independent replications.",
        discussion: """
            Each replication is one `estimate` run on its own streams. Honest statistics give |z| <= 1.96 and \
            s^2 inside its 95% interval about 95% of the time, z with mean 0 and SD 1. Needs a closed form \
            (gaussian or orthogonal, or width 1).
            """)

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var longRun: RunOptions

    @Option(parsing: .unconditional, help: "Replications R (2 to 1000000).")
    var replications: Int = 200

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    var recordCount: Int { replications }
    static var recordUnit: String { "replications" }

    func validate() throws {
        try network.requireSquare("calibrate")
        try simulation.refuseBurnIn("calibrate")
        try CLIError.usage {
            guard (2...Calibration.maxReplications).contains(replications) else {
                throw InvalidParameter(parameter: "replications", "must be an integer from 2 to \(Calibration.maxReplications), got \(replications)")
            }
            try longRun.shardSpec.check(samples: replications)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            let config = try simulation.config()
            try config.checkResources(for: spec)
            guard config.normalsDrawn(for: spec) * Double(replications) <= SimulationConfig.maxNormals else {
                throw InvalidParameter(parameter: "replications", "replications x samples x depth x (random numbers per layer) exceeds 1e15; lower them")
            }
        }
    }

    func run() throws { try runRecorded() }

    /// Per replication: z (NaN when fewer than two networks survived and it
    /// is not judged), then 1 or 0 for covered, normality tested, rejected.
    static let columns = [SampleBlock.Column("replication", width: 4)]

    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        let slope = network.slope
        let theory = try CalibrateReport.theory(spec: spec, slope: slope)
        let flag = { (b: Bool) in b ? 1.0 : 0.0 }
        return RecordPlan(
            identity: RunIdentity(command: Self.name, startingFrom: spec, config.identityForm, resolved, slope, Self.columns),
            // One replication at a time; each runs its networks on all threads.
            columns: Self.columns, threads: 1,
            compute: { range in
                var values: [Double] = []
                for r in range {
                    let row = try Calibration.replicate(r, spec: spec, config: config, theory: theory)
                    values += row.map { [$0.z, flag($0.covered), flag($0.normalityTested), flag($0.normalityRejected)] }
                        ?? [.nan, 0, 0, 0]
                }
                return SampleBlock(columns: Self.columns, first: range.lowerBound, groups: [values])
            },
            render: { block, format in
                let v = block.groups[0]
                let rows: [Calibration.Replication?] = stride(from: 0, to: v.count, by: 4).map { i in
                    v[i].isNaN ? nil : .init(z: v[i], covered: v[i + 1] == 1, normalityTested: v[i + 2] == 1,
                                             normalityRejected: v[i + 3] == 1)
                }
                let report = CalibrateReport(spec: spec, slope: slope, config: config,
                                             calibration: try Calibration(rows, spec: spec))
                format.emit(report)
            })
    }
}
