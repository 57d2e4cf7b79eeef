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

    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public func drawsPerLayer(width n: Int) -> Int { (n * n + 63) / 64 }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        // 64 signs per word: bit j of the word sets the sign bit of 1.0.
        var i = 0
        while i < count {
            var word = stream.next()
            let end = min(count, i + 64)
            while i < end {
                buffer[i] = Double(bitPattern: 0x3FF0_0000_0000_0000 | ((word & 1) << 63))
                word >>= 1
                i += 1
            }
        }
    }
}
