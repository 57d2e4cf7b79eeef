import Foundation

/// Runs a range of sample indices in chunks, so a long run can show
/// progress, save checkpoints and stop cleanly between chunks. Sample i's
/// values depend only on (seed, i), never on where chunks begin, so the
/// rows are the same for any chunking, checkpoint or resume.
public struct ChunkedRun {
    /// Computes the rows of the given indices.
    public typealias Chunk = (Range<Int>) throws -> SampleBlock

    public var range: Range<Int>
    /// Smallest chunk: one sample per thread keeps every thread busy.
    public var minimumChunk: Int
    /// Chunks aim at this many seconds: short enough for live progress and a
    /// prompt stop, long enough that the threads' idle tail is negligible.
    public var targetSeconds = 0.5
    /// Where checkpoints go (nil: none), and how often.
    public var checkpoint: ((SampleBlock) throws -> Void)?
    public var checkpointPath = ""
    public var checkpointSeconds = 5.0
    public var progress: ProgressReporter?
    /// What one index is ("samples", "runs"), for the interruption message.
    public var unit = "samples"
    public var stop: StopRequest?

    public init(range: Range<Int>, minimumChunk: Int) {
        self.range = range
        self.minimumChunk = max(1, minimumChunk)
    }

    /// Whether anything needs the run split at all; if not, one chunk.
    var chunked: Bool { checkpoint != nil || progress?.isActive == true || stop?.stopAfter != nil }

    /// Continues from `resumed` (the rows already done, starting at
    /// range.lowerBound) to the end of the range.
    public func run(resumed: SampleBlock, _ chunk: Chunk) throws -> SampleBlock {
        var block = resumed
        let total = range.count
        progress?.begin(alreadyDone: block.count)
        progress?.update(done: block.count)
        defer { progress?.finish() }
        var size = chunked ? minimumChunk : total
        var lastSave = ProgressReporter.now()
        while block.indices.upperBound < range.upperBound {
            let done = block.count
            if let sig = stop?.requested ?? stop?.stopAfter.flatMap({ done >= $0 ? SIGINT : nil }) {
                progress?.finish()
                if let checkpoint {
                    try checkpoint(block)
                    throw Interrupted(signal: sig, done: done, total: total, unit: unit, checkpoint: checkpointPath)
                }
                exit(128 + sig)
            }
            var n = min(size, range.upperBound - block.indices.upperBound)
            if let k = stop?.stopAfter, done < k { n = min(n, k - done) }
            let t0 = ProgressReporter.now()
            block.append(try chunk(block.indices.upperBound..<(block.indices.upperBound + n)))
            let seconds = ProgressReporter.now() - t0
            if chunked {
                if seconds < targetSeconds / 2, n == size { size *= 2 }
                if seconds > targetSeconds * 2 { size = max(minimumChunk, size / 2) }
            }
            progress?.update(done: block.count)
            if let checkpoint, ProgressReporter.now() - lastSave >= checkpointSeconds {
                try checkpoint(block)
                lastSave = ProgressReporter.now()
            }
        }
        if let checkpoint { try checkpoint(block) }
        return block
    }
}
