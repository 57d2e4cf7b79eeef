import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets

/// `estimate --widths`: a network of any width profile, S_L per sample
/// against the exact per-layer sums (gaussian and orthogonal), through the
/// same run layer (shards, checkpoints, merge, progress) as the square network.
extension EstimateCommand {
    struct ArchitectureSetup {
        let architecture: Architecture
        let config: SimulationConfig

        static let columns = [SampleBlock.Column(EstimateRecords.finalColumn, width: 1)]

        var identity: RunIdentity {
            RunIdentity(command: EstimateCommand.configuration.commandName!, startingFrom: architecture, config.identityForm,
                        Self.columns)
        }
    }

    /// What --widths does not combine with, said in one line each.
    func validateArchitectureOptions() throws {
        guard network.isArchitecture else { return }
        if network.widths != nil || network.arch != nil, simulation.depthOption != nil {
            throw ValidationError("--depth: with --widths or --arch the depth is the number of layers they give; leave out --depth")
        }
        if simulation.method != .full {
            throw ValidationError("--method: --widths runs full weight matrices only (method full)")
        }
        if simulation.burnIn != nil {
            throw ValidationError("--burn-in: --widths and --residual judge S_L as a whole (its sample mean and variance over networks)")
        }
        if exports.saveTrajectories != nil {
            throw ValidationError("--save-trajectories: not recorded with --widths (use --save-samples for S_L)")
        }
    }

    func architectureSetup(simulating: Bool = true) throws -> ArchitectureSetup {
        let config = try simulation.config()
        guard let architecture = try network.architecture(depth: simulation.depth) else {
            throw ValidationError("--widths: missing")
        }
        if simulating { try ArchitectureSimulator.checkResources(architecture, longRun.share(config)) }
        return ArchitectureSetup(architecture: architecture, config: config)
    }

    func architecturePlan(simulating: Bool) throws -> RecordPlan {
        let setup = try architectureSetup(simulating: simulating)
        return RecordPlan(
            identity: setup.identity, columns: ArchitectureSetup.columns, threads: setup.config.threads,
            compute: { indices in
                let result = try ArchitectureSimulator.run(setup.architecture, setup.config.part(indices))
                return SampleBlock(columns: ArchitectureSetup.columns, first: indices.lowerBound,
                                   groups: [result.finalLogNorms])
            },
            export: { block in try exportSamples(block, depth: 1, saveSamples: exports.saveSamples, saveTrajectories: nil) },
            render: { block, format in try reportArchitecture(setup, block: block, format: format) })
    }

    /// The one path a plain run and `merge` take to print.
    func reportArchitecture(_ setup: ArchitectureSetup, block: SampleBlock, format: OutputFormat) throws {
        let finals = block.group(EstimateRecords.finalColumn) ?? []
        let report = ArchitectureReport(
            architecture: setup.architecture, rule: network.ruleLabel,
            theory: try LayerTheory.network(setup.architecture),
            run: .init(finalLogNorms: finals, seed: setup.config.seed, generator: setup.config.generator.name))
        format.emit(TitledArchitectureReport(report, command: "estimate"))
    }
}
