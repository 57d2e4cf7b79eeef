import ArgumentParser
import Foundation
import LyapsimRuns
import RandomNets

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the partial-result files of one sharded run and print what the unsharded run prints.",
        discussion: """
            The files (from `--shard K/N --save FILE`, or finished checkpoints, of \
            \(RecordedCommands.names)) must come from one run and one lyapsim version \
            and cover every record index (network, replication or training run) exactly once; the output \
            is then byte-identical to the single run's.
            """)

    @Argument(help: ArgumentHelp("Partial-result files, in any order.", valueName: "file"))
    var files: [String]

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    @Option(parsing: .unconditional, help: "Worker threads for a pilot run (--init lyapunov without a closed form; 1 to 1024). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var exports: SampleExportOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("<file>: give at least one partial-result file") }
        try CLIError.usage {
            try Validate.threads(threads)
        }
    }

    func run() throws {
        try exports.checkOutputs()
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
        guard let type = RecordedCommands.all.first(where: { $0.name == first.command }) else {
            throw ValidationError("<file>: \(loaded[0].path) is from `lyapsim \(first.command)`, which merge does not join")
        }
        try RecordedCommands.render(type, arguments: first.arguments, identity: first.run, block: block,
                                    path: loaded[0].path, merge: self)
    }
}
