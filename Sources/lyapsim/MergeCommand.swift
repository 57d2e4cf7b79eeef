import ArgumentParser
import Foundation
import LyapsimRuns
import RandomNets

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the partial-result files of one sharded run and print what the unsharded run prints.",
        discussion: """
            The files (from `--shard K/N --save FILE`, or finished checkpoints) must come from one command \
            line and one lyapsim version and cover every sample index exactly once; the output is then \
            byte-identical to the single run's.
            """)

    @Argument(help: ArgumentHelp("Partial-result files, in any order.", valueName: "file"))
    var files: [String]

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    @Option(parsing: .unconditional, help: "Worker threads for a pilot run (--init lyapunov without a closed form; 1 to 1024). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("save-samples"), help: ArgumentHelp("Write S_L of every sample to FILE.npy or FILE.csv.", valueName: "file"))
    var saveSamples: String?

    @Option(name: .customLong("save-trajectories"), help: ArgumentHelp("Write S_1..S_L of every sample to FILE.npy or FILE.csv (shards run with --save-trajectories).", valueName: "file"))
    var saveTrajectories: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("<file>: give at least one partial-result file") }
        try CLIError.usage {
            try Validate.threads(threads)
            if let saveSamples, !saveSamples.isEmpty { _ = try SampleExport.kind(of: saveSamples, option: "save-samples") }
            if let saveTrajectories, !saveTrajectories.isEmpty { _ = try SampleExport.kind(of: saveTrajectories, option: "save-trajectories") }
        }
        try OutputFile.validate(saveSamples, flag: "--save-samples")
        try OutputFile.validate(saveTrajectories, flag: "--save-trajectories")
    }

    func run() throws {
        try OutputFile.check(saveSamples, flag: "--save-samples")
        try OutputFile.check(saveTrajectories, flag: "--save-trajectories")
        let loaded = try files.map { path in
            do { return (path: path, result: try PartialResult.read(path: path)) } catch let error as PartialResult.Malformed {
                throw ValidationError("<file>: \(error)")
            }
        }
        let (first, block): (PartialResult, SampleBlock)
        do { (first, block) = try ShardSet.join(loaded) } catch let refusal as ShardSet.Refusal {
            throw ValidationError("<file>: \(refusal)")
        }
        guard first.lyapsimVersion == Lyapsim.version else {
            throw ValidationError("<file>: \(loaded[0].path) was written by lyapsim \(first.lyapsimVersion), this is \(Lyapsim.version); merge with the version that ran the shards")
        }
        switch first.command {
        case EstimateCommand.configuration.commandName:
            var command: EstimateCommand
            do { command = try EstimateCommand.parse(first.arguments) } catch {
                throw ValidationError("<file>: \(loaded[0].path): its command line no longer parses (\(ParseMessage.oneLine(EstimateCommand.fullMessage(for: error))))")
            }
            command.simulation.threads = threads
            if command.network.isArchitecture {
                let setup = try command.architectureSetup(simulating: false)
                guard setup.identity == first.run else {
                    throw ValidationError("<file>: \(loaded[0].path): its command line now describes another run (identity \(setup.identity) vs \(first.run)); merge with the lyapsim that ran the shards")
                }
                return try command.reportArchitecture(setup, block: block, format: format, saveSamples: saveSamples)
            }
            let setup = try command.setup(trajectories: block.group(EstimateRecords.trajectoryColumn) != nil,
                                          simulating: false)
            guard setup.identity == first.run else {
                throw ValidationError("<file>: \(loaded[0].path): its command line now describes another run (identity \(setup.identity) vs \(first.run)); merge with the lyapsim that ran the shards")
            }
            guard setup.columns == block.columns else {
                throw ValidationError("<file>: \(loaded[0].path): its columns do not match what estimate records for this command line")
            }
            try command.report(setup, block: block, format: format, saveSamples: saveSamples,
                               saveTrajectories: saveTrajectories)
        default:
            throw ValidationError("<file>: \(loaded[0].path) is from `lyapsim \(first.command)`, which merge does not join")
        }
    }
}
