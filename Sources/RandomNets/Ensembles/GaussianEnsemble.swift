import Foundation

/// Entries iid N(0, sigma^2 / N): the first closed-form family. Rotation
/// invariant (W O has iid Gaussian rows again), so W u ~ N(0, sigma^2/N I)
/// for every unit u.
public struct GaussianEnsemble: EntrywiseEnsemble, RotationInvariantEnsemble, ScaleOnlyEnsemble {
    public static let name = "gaussian"
    public static let summary = "iid N(0, sigma^2/N) entries (closed form)"
    public static let meetsLimitTheoremAssumptions = true
    public static var closedForm: Ensemble? { .gaussian }
    /// E log|z| = -(gamma + log 2)/2, Var log|z| = pi^2/8 for z ~ N(0, 1).
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? {
        (-(0.57721566490153286061 + M_LN2) / 2, Double.pi * Double.pi / 8)
    }

    public let sigma: Double

    /// Gaussian weights at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        stream.fillStandardNormals(buffer, count: count)
    }

    @inline(__always)
    public func drawImageOfUnitVector<Bits: RandomNumberGenerator>(
        into h: UnsafeMutablePointer<Double>, width n: Int, stream: inout RandomStream<Bits>
    ) {
        stream.fillStandardNormals(h, count: n)
        let scale = sigma / Double(n).squareRoot()
        for i in 0..<n { h[i] *= scale }
    }

    /// W Q has iid N(0, sigma^2/N) entries for any Q with orthonormal columns.
    @inline(__always)
    public func drawImageOfOrthonormalFrame<Bits: RandomNumberGenerator>(
        into g: UnsafeMutablePointer<Double>, columns r: Int, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        stream.fillStandardNormals(g, count: r * n)
        let scale = sigma / Double(n).squareRoot()
        for i in 0..<(r * n) { g[i] *= scale }
    }
}
