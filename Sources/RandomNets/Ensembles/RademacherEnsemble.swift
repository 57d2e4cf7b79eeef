import CLanes

/// Entries iid +-sigma/sqrt(N) with probability 1/2 each: one random bit per
/// weight. Outside Assumption 3.1 (no density): lyapsim measures whether the
/// limit theorems still hold. At width 1 every layer multiplies the norm by
/// sigma or sigma |a| with probability 1/2 each.
public struct RademacherEnsemble: EntrywiseEnsemble, ScaleOnlyEnsemble {
    public static let name = "rademacher"
    public static let summary = "iid +-sigma/sqrt(N) entries (no density: outside the theorem's assumptions)"
    public static let meetsLimitTheoremAssumptions = false
    /// |xi| = 1: E log|xi| = 0, Var log|xi| = 0.
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? { (0, 0) }

    public let sigma: Double

    /// Rademacher weights +-sigma/sqrt(N).
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public func drawsPerLayer(width n: Int) -> Int { (n * n + 63) / 64 }

    /// The layer kernel from bits: each block of rows draws its
    /// ceil(rows n / 64) words (as `fillStandardEntries` would) into the
    /// scratch, and `lanes_rows_signs` sums x_j with x_j's sign bit flipped
    /// where the entry's bit is set: no +-1 matrix, no multiplies. Same bits
    /// as the generic one-vector kernel on `fillStandardEntries`' +-1.0
    /// entries, for every vector (the generic kernel's several-vector
    /// product sums in another order).
    @inline(__always)
    public func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        let scale = sigma / Double(n).squareRoot()
        let perBlock = rowsPerBlock(width: n)
        // A block of rows n doubles holds its rows n / 64 words many times over.
        let words = UnsafeMutableRawPointer(scratch).bindMemory(to: UInt64.self, capacity: perBlock * n)
        defer { UnsafeMutableRawPointer(scratch).bindMemory(to: Double.self, capacity: perBlock * n) }
        var row = 0
        while row < n {
            let rows = min(perBlock, n - row)
            stream.fillWords(words, count: (rows * n + 63) / 64)
            for v in 0..<k { lanes_rows_signs(words, rows, n, x + v * n, scale, h + v * n + row, Kernels.level) }
            row += rows
        }
    }
    public var randomDraw: RandomDraw { .words }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        // 64 signs per word: bit j of word w sets the sign of entry 64 w + j.
        // The words come in one bulk draw (whole blocks under the vectorized
        // generator), and each nibble of a word picks four signs at once from
        // a 16-row table of (+-1, +-1, +-1, +-1): no multiplies, no per-bit
        // loop. The same bits give the same entries as one bit at a time.
        let words = (count + 63) / 64
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(words, 1)) { bits in
            stream.fillWords(bits.baseAddress!, count: words)
            let table = RademacherSigns.table
            let raw = UnsafeMutableRawPointer(buffer)
            var i = 0
            for w in 0..<words {
                var word = bits[w]
                let end = min(count, i + 64)
                while i + 4 <= end {
                    raw.storeBytes(of: table[Int(word & 15)], toByteOffset: i * 8, as: SIMD4<Double>.self)
                    word >>= 4
                    i += 4
                }
                while i < end {
                    buffer[i] = Double(bitPattern: 0x3FF0_0000_0000_0000 | ((word & 1) << 63))
                    word >>= 1
                    i += 1
                }
            }
        }
    }
}

/// Row m of the table holds the four signs of nibble m: entry j is -1 when
/// bit j of m is set, else +1. Allocated once for the process.
enum RademacherSigns {
    nonisolated(unsafe) static let table: UnsafeMutablePointer<SIMD4<Double>> = {
        let p = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: 16)
        for m in 0..<16 {
            p[m] = SIMD4((0..<4).map { j in m >> j & 1 == 1 ? -1.0 : 1.0 })
        }
        return p
    }()
}
