import Foundation

/// Entries iid normal truncated at +-2 standard deviations, rescaled to
/// variance sigma^2/N: what JAX's `he_normal`, `lecun_normal` and
/// `glorot_normal` draw (variance_scaling with "truncated_normal" divides the
/// standard deviation by 0.87962566103423978, the standard deviation of
/// N(0, 1) restricted to [-2, 2]). Bounded density: inside the limit theorems.
public struct TruncatedNormalEnsemble: EntrywiseEnsemble, ScaleOnlyEnsemble {
    public static let name = "truncated-normal"
    public static let summary = "iid N(0, 1) truncated to [-2, 2], rescaled to variance sigma^2/N (JAX's *_normal)"
    public static let meetsLimitTheoremAssumptions = true
    /// Standard deviation of N(0, 1) conditioned on |z| <= 2:
    /// sqrt(1 - 4 phi(2) / (2 Phi(2) - 1)).
    public static let truncatedStandardDeviation = 0.87962566103423978

    public let sigma: Double

    /// Truncated-normal weights at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    /// E log|xi| and Var log|xi| by one quadrature each over the truncated
    /// density phi(z) / (Phi(2) - 1/2) on (0, 2] (log z is integrable at 0).
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? {
        let mass = Special.normalCDF(2) - 0.5
        let density = { (z: Double) in exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() / mass }
        let shift = log(Self.truncatedStandardDeviation)
        let mean = try Quadrature.integrate(0, 2) { z in z > 0 ? (log(z) - shift) * density(z) : 0 }
        let variance = try Quadrature.integrate(0, 2) { z in
            guard z > 0 else { return 0 }
            let d = log(z) - shift - mean
            return d * d * density(z)
        }
        return (mean, variance)
    }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        // Rejection: accept a normal when |z| <= 2 (probability 0.954), exact.
        let scale = 1 / Self.truncatedStandardDeviation
        for i in 0..<count {
            var z = stream.nextNormal()
            while abs(z) > 2 { z = stream.nextNormal() }
            buffer[i] = scale * z
        }
    }
}
