import Foundation
import LyapsimRuns
import RandomNets

/// The run layer of `estimate`, shared by the square network and --widths:
/// per-sample records computed in chunks, with checkpoints, progress, shards
/// and partial-result files, whatever the records are.
extension EstimateCommand {
    func partial(_ identity: RunIdentity, _ block: SampleBlock, range: Range<Int>) -> PartialResult {
        PartialResult(lyapsimVersion: Lyapsim.version, command: Self.configuration.commandName!, run: identity,
                      arguments: RunCommandLine.current(subcommand: Self.configuration.commandName!),
                      samples: simulation.samples, range: range, block: block)
    }

    /// Runs this process's share of the sample indices (resuming a
    /// checkpoint of the same run), saves it if asked, and returns its rows.
    func runRecords(identity: RunIdentity, columns: [SampleBlock.Column], threads: Int,
                    simulate: @escaping (Range<Int>) throws -> SampleBlock) throws -> SampleBlock {
        let range = runs.shardSpec.range(samples: simulation.samples)
        var resumed = SampleBlock(columns: columns, first: range.lowerBound)
        if let path = runs.checkpoint, FileManager.default.fileExists(atPath: path) {
            resumed = try Checkpoint.resume(path: path, expected: partial(identity, resumed, range: range))
        }
        var runner = ChunkedRun(range: range, minimumChunk: threads)
        runner.progress = ProgressReporter(label: "estimate", total: range.count, quiet: runs.quiet)
        runner.stop = StopRequest(catchSignals: runs.checkpoint != nil)
        if let path = runs.checkpoint {
            runner.checkpointPath = path
            runner.checkpoint = { block in try partial(identity, block, range: range).write(path: path) }
            try partial(identity, resumed, range: range).write(path: path)  // a bad path fails now, not after hours
        }
        let block = try runner.run(resumed: resumed, simulate)
        if let save = runs.save { try partial(identity, block, range: range).write(path: save) }
        return block
    }

    func printShardDone(_ block: SampleBlock) {
        let range = runs.shardSpec.range(samples: simulation.samples)
        print("lyapsim estimate: shard \(runs.shardSpec) ran samples \(range.lowerBound)..<\(range.upperBound) of \(simulation.samples); saved to \(runs.save ?? "")")
    }
}
