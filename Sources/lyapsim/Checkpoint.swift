import LyapsimRuns
import RandomNets

/// Resuming from a checkpoint: only a file of the very same run (command
/// line, version, columns, range) is accepted, never silently mixed.
enum Checkpoint {
    static func resume(path: String, expected: PartialResult) throws -> SampleBlock {
        let saved: PartialResult
        do { saved = try PartialResult.read(path: path) } catch let error as PartialResult.Malformed {
            throw InvalidParameter(parameter: "checkpoint", "\(error); remove it or give another file")
        }
        if let what = ShardSet.difference(saved, expected) {
            throw InvalidParameter(parameter: "checkpoint", "\(EscapedValue.path(path)) is from a different run (\(what)); remove it or give another file")
        }
        guard saved.range == expected.range else {
            throw InvalidParameter(parameter: "checkpoint", "\(EscapedValue.path(path)) covers samples \(saved.range.lowerBound)..<\(saved.range.upperBound), this run \(expected.range.lowerBound)..<\(expected.range.upperBound) (another --shard); remove it or give another file")
        }
        return saved.block
    }
}
