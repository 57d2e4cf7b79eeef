/// The per-sample rows an `IncrementRecorder` keeps, as plain values: what
/// `ChainEstimate` needs, detached from the recorder so rows computed in
/// separate runs (shards, chunks between checkpoints) can be put side by side
/// in sample order and give the same statistics, bit for bit, as one run.
public struct IncrementTable: Sendable, Equatable {
    /// The depth L of every sample.
    public let depth: Int
    /// The burn-in B.
    public let burnIn: Int
    /// The number of batches.
    public let batches: Int
    /// Increments per batch.
    public let batchSize: Int
    /// Row-major, `stride` doubles per sample (layout: see `IncrementRecorder`).
    public var values: [Double]

    /// Doubles per sample: 7 sums plus one per batch.
    public var stride: Int { 7 + batches }
    /// The number of samples (rows).
    public var samples: Int { values.count / stride }

    /// Rows as an ``IncrementRecorder`` lays them out, 7 + batches doubles per sample.
    public init(depth: Int, burnIn: Int, batches: Int, batchSize: Int, values: [Double]) {
        precondition(values.count % (7 + batches) == 0)
        self.depth = depth
        self.burnIn = burnIn
        self.batches = batches
        self.batchSize = batchSize
        self.values = values
    }

    /// Row i (0-based, in this table's sample order).
    public func row(_ i: Int) -> ArraySlice<Double> {
        values[(i * stride)..<((i + 1) * stride)]
    }

    /// The rows of the samples whose log-norm is finite, as start offsets.
    func aliveOffsets(_ alive: [Bool]) -> [Int] {
        (0..<samples).filter { alive[$0] }.map { $0 * stride }
    }
}
