import RandomNets

/// `--shard K/N`: the K-th (0-based) of N contiguous, nearly equal ranges of
/// the sample indices 0..<M. Contiguous so a shard's cost is predictable and
/// its file holds one range; sizes differ by at most one sample.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = ShardSpec(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex: Int, count: Int) {
        index = uncheckedIndex
        self.count = count
    }

    /// Parses "K/N" with 0 <= K < N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw InvalidParameter(parameter: "shard", "must be K/N with integers 0 <= K < N (K counts from 0, as SLURM_ARRAY_TASK_ID with --array=0-(N-1)), got \(text)")
        }
        self.init(uncheckedIndex: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Refuses more shards than samples (every shard holds at least one).
    public func check(samples m: Int) throws {
        guard count <= m else {
            throw InvalidParameter(parameter: "shard", "N = \(count) shards is more than the \(m) samples; use at most \(m)")
        }
    }

    /// Indices of this shard among 0..<m: the first m mod N shards get one
    /// more than m / N. Computed without K*m, which could overflow.
    public func range(samples m: Int) -> Range<Int> {
        let q = m / count, r = m % count
        let lower = index * q + min(index, r)
        return lower..<(lower + q + (index < r ? 1 : 0))
    }
}
