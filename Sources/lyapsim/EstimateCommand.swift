import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Simulate M networks; compare lambda, s^2 and normality with the closed forms where they exist.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions
    @OptionGroup var runs: RunOptions

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        if network.isArchitecture {
            try validateArchitectureOptions()
            return try CLIError.usage {
                try runs.shardSpec.check(samples: simulation.samples)
                _ = try architectureSetup()
            }
        }
        try CLIError.usage {
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try runs.shardSpec.check(samples: simulation.samples)
            try simulatedConfig(simulation.config(recordTrajectories: runs.saveTrajectories != nil))
                .checkResources(for: spec)
        }
    }

    /// The part this process simulates: a shard's samples only, so the
    /// memory and size guards apply per shard, which is what makes a run
    /// too big for one machine possible as many shards.
    func simulatedConfig(_ config: SimulationConfig) -> SimulationConfig {
        var part = config
        part.samples = runs.shardSpec.range(samples: simulation.samples).count
        return part
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
            RunIdentity(command: EstimateCommand.configuration.commandName!, spec, config.identityForm, resolved,
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
        if simulating { try simulatedConfig(config).checkResources(for: spec) }
        let burn = EstimateReport.burnIn(simulation.burnIn, resolved: resolved, depth: simulation.depth)
        return Setup(config: config, resolved: resolved, spec: spec, burnIn: burn,
                     columns: try EstimateRecords.columns(depth: simulation.depth, burnIn: burn, trajectories: trajectories))
    }

    func run() throws {
        try runs.checkOutputs()
        if network.isArchitecture { return try runArchitecture() }
        let setup = try setup(trajectories: runs.saveTrajectories != nil)
        let block = try runRecords(identity: setup.identity, columns: setup.columns, threads: setup.config.threads) {
            try EstimateRecords.simulate(setup.spec, setup.config, burnIn: setup.burnIn, range: $0)
        }
        guard runs.shardSpec == .whole else {
            try exportSamples(block, depth: simulation.depth, saveSamples: runs.saveSamples,
                              saveTrajectories: runs.saveTrajectories)
            return printShardDone(block)
        }
        try report(setup, block: block, format: format, saveSamples: runs.saveSamples,
                   saveTrajectories: runs.saveTrajectories)
    }

    /// Prints the report from the whole run's rows (0..<M in order): the one
    /// path both a plain run and `lyapsim merge` take, so they print the same bytes.
    func report(_ setup: Setup, block: SampleBlock, format: OutputFormat, saveSamples: String?,
                saveTrajectories: String?) throws {
        precondition(block.indices == 0..<simulation.samples)
        let parts = try EstimateRecords.split(block, depth: simulation.depth, burnIn: setup.burnIn)
        let report = try EstimateReport(resolved: setup.resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, config: setup.config,
                                        finalLogNorms: parts.finalLogNorms, increments: parts.increments)
        try exportSamples(block, depth: simulation.depth, saveSamples: saveSamples, saveTrajectories: saveTrajectories)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(EstimateReport.csvHeader + "\n" + report.csvRow())
        }
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
