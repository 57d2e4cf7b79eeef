/// Records, per sample, what the Markov-chain statistics need from the
/// per-layer increments l_t = S_t - S_{t-1} after a burn-in of B layers:
/// S_B, the sums of l_t, l_t^2 and l_t l_{t+1}, the first and last increment,
/// and the sums of `batches` consecutive batches of increments. O(batches)
/// doubles per sample, whatever the depth.
public final class IncrementRecorder: LayerObserver, @unchecked Sendable {
    /// The number of samples recorded.
    public let samples: Int
    /// The depth L of every sample.
    public let depth: Int
    /// The burn-in B: layers left out of the statistics.
    public let burnIn: Int
    /// The number of batches for the batch-means variance.
    public let batches: Int
    /// Increments per batch: (L - B) / batches, rounded down; the remainder
    /// (at most batches - 1 layers at the end) is left out of the batches.
    public let batchSize: Int
    /// Per sample: [S_B, S_prev, sum l, sum l^2, sum l_t l_{t+1}, first l, last l, batch sums...].
    private let stride: Int
    private let buffer: UnsafeMutableBufferPointer<Double>

    /// A recorder for `samples` trajectories of depth `depth`, leaving out the first `burnIn` layers.
    /// - Throws: ``InvalidParameter`` unless 0 <= burnIn < depth.
    public init(samples: Int, depth: Int, burnIn: Int, batches: Int = 20) throws {
        guard burnIn >= 0, burnIn < depth else {
            throw InvalidParameter(parameter: "burn-in", "must be an integer from 0 to depth - 1 = \(depth - 1), got \(burnIn)")
        }
        self.samples = samples
        self.depth = depth
        self.burnIn = burnIn
        // Batches of at least 10 increments where the depth allows, so a
        // batch mean averages over the chain's short memory.
        // (At least one batch of at least one layer: a depth-1 run has one.)
        self.batches = max(1, min(batches, (depth - burnIn) / 10))
        batchSize = (depth - burnIn) / self.batches
        precondition(batchSize >= 1)
        stride = 7 + self.batches
        buffer = .allocate(capacity: samples * stride)
        buffer.initialize(repeating: 0)
    }

    deinit { buffer.deallocate() }

    /// Records sample `sample`'s increment after layer `layer`.
    public func observe(sample: Int, layer: Int, preActivation: UnsafeBufferPointer<Double>,
                        activation: UnsafeBufferPointer<Double>, logNorm: Double) {
        let row = buffer.baseAddress! + sample * stride
        if layer <= burnIn {
            row[0] = logNorm
            row[1] = logNorm
            return
        }
        let increment = logNorm - row[1]
        row[1] = logNorm
        let t = layer - burnIn  // 1-based index after burn-in
        row[2] += increment
        row[3] += increment * increment
        if t > 1 { row[4] += row[6] * increment } else { row[5] = increment }
        row[6] = increment
        let batch = (t - 1) / batchSize
        if batch < batches { row[7 + batch] += increment }
    }

    /// The recorded rows as values (a copy).
    public var table: IncrementTable {
        IncrementTable(depth: depth, burnIn: burnIn, batches: batches, batchSize: batchSize, values: Array(buffer))
    }
}
