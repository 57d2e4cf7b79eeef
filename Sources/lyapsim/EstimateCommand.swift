import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets

struct EstimateCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Simulate M networks; compare lambda, s^2 and normality with the closed forms where they exist.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var longRun: RunOptions
    @OptionGroup var exports: SampleExportOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    func validate() throws {
        if network.isArchitecture {
            try validateArchitectureOptions()
            return try CLIError.usage {
                try longRun.shardSpec.check(samples: simulation.samples)
                _ = try architectureSetup()
            }
        }
        try CLIError.usage {
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try longRun.shardSpec.check(samples: simulation.samples)
            try longRun.share(simulation.config(recordTrajectories: exports.saveTrajectories != nil))
                .checkResources(for: spec)
        }
    }

    /// What the run needs after resolving sigma (which may run a pilot).
    struct Setup {
        let config: SimulationConfig
        let resolved: ResolvedEnsemble
        let spec: NetworkSpec
        let burnIn: Int
        let columns: [SampleBlock.Column]

        /// Derived from everything the simulation and the report consume.
        var identity: RunIdentity {
            RunIdentity(command: EstimateCommand.configuration.commandName!, startingFrom: spec, config.identityForm, resolved,
                        burnIn, columns)
        }
    }

    /// `simulating`: check this process's share against the guards (merge
    /// simulates nothing, so it passes false).
    func setup(trajectories: Bool, simulating: Bool = true) throws -> Setup {
        let config = try simulation.config(recordTrajectories: trajectories)
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        if simulating { try longRun.share(config).checkResources(for: spec) }
        let burn = EstimateReport.burnIn(simulation.burnIn, resolved: resolved, depth: simulation.depth)
        return Setup(config: config, resolved: resolved, spec: spec, burnIn: burn,
                     columns: try EstimateRecords.columns(depth: simulation.depth, burnIn: burn, trajectories: trajectories))
    }

    var recordCount: Int { simulation.samples }
    mutating func adoptExports(_ exports: SampleExportOptions) throws { self.exports = exports }
    var sideOutputs: [(flag: String, path: String?)] {
        [("--save-samples", exports.saveSamples), ("--save-trajectories", exports.saveTrajectories)]
    }

    func run() throws {
        try exports.checkOutputs()
        try runRecorded()
    }

    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        if network.isArchitecture { return try architecturePlan(simulating: merged == nil) }
        let trajectories = merged.map { $0.contains { $0.name == EstimateRecords.trajectoryColumn } }
            ?? (exports.saveTrajectories != nil)
        let setup = try setup(trajectories: trajectories, simulating: merged == nil)
        return RecordPlan(
            identity: setup.identity, columns: setup.columns, threads: setup.config.threads,
            compute: { try EstimateRecords.simulate(setup.spec, setup.config, burnIn: setup.burnIn, range: $0) },
            export: { block in
                try exportSamples(block, depth: simulation.depth, saveSamples: exports.saveSamples,
                                  saveTrajectories: exports.saveTrajectories)
            },
            render: { block, format in try report(setup, block: block, format: format) })
    }

    /// Prints the report from the whole run's rows (0..<M in order): the one
    /// path both a plain run and `lyapsim merge` take, so they print the same bytes.
    func report(_ setup: Setup, block: SampleBlock, format: OutputFormat) throws {
        precondition(block.indices == 0..<simulation.samples)
        let parts = try EstimateRecords.split(block, depth: simulation.depth, burnIn: setup.burnIn)
        let report = try EstimateReport(resolved: setup.resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, config: setup.config,
                                        finalLogNorms: parts.finalLogNorms, increments: parts.increments)
        format.emit(report)
    }

    func exportSamples(_ block: SampleBlock, depth: Int, saveSamples: String?, saveTrajectories: String?) throws {
        if let saveSamples {
            try SampleExport.write(block.group(EstimateRecords.finalColumn) ?? [], columns: 1, header: "S_L", to: saveSamples)
        }
        if let saveTrajectories {
            guard let values = block.group(EstimateRecords.trajectoryColumn) else {
                throw InvalidParameter(parameter: "save-trajectories", "these samples were run without trajectories; rerun the shards with --save-trajectories")
            }
            try SampleExport.write(values, columns: depth, header: (1...depth).map { "S_\($0)" }.joined(separator: ","),
                                   to: saveTrajectories)
        }
    }
}
