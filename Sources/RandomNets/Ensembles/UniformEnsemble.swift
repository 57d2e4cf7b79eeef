import Foundation

/// Entries iid U(-b, b) with b = sigma sqrt(3/N), so E W_ij^2 = sigma^2/N:
/// Xavier and Kaiming uniform initialization (and torch.nn.Linear's default
/// at sigma^2 = 1/3). Bounded density: inside the limit theorems.
public struct UniformEnsemble: EntrywiseEnsemble, ScaleOnlyEnsemble {
    public static let name = "uniform"
    public static let summary = "iid U(-b, b) entries, b = sigma sqrt(3/N) (Xavier/Kaiming uniform)"
    public static let meetsLimitTheoremAssumptions = true
    /// xi uniform on [-sqrt 3, sqrt 3]: E log|xi| = (1/2) log 3 - 1, Var log|xi| = 1
    /// (|xi|/sqrt 3 is U(0,1), whose log is minus a standard exponential).
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? { (0.5 * log(3.0) - 1, 1) }

    public let sigma: Double

    /// Uniform weights at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public var randomDraw: RandomDraw { .uniforms }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        // One 64-bit word per entry: 2u - 1 on the 53-bit grid, times sqrt 3.
        // The uniforms come in one bulk draw (vectorized under xoshiro256++x8;
        // the same words in the same order under the other generators).
        stream.fillUniforms(buffer, count: count)
        let root3 = 3.0.squareRoot()
        for i in 0..<count { buffer[i] = root3 * (2 * buffer[i] - 1) }
    }
}
