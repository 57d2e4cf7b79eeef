import Foundation

/// lyapsim's ReLU-calibrated orthogonal ensemble: W = sigma Q with Q
/// orthogonal, Q e = e for the unit all-ones direction e = (1, ..., 1)/sqrt(N),
/// and Q Haar-distributed on the orthogonal complement of e.
///
/// Why (seed 000, Lee, Kim and Choi, arXiv 2509.00362, diagnose dead units at
/// initialization in deep ReLU networks under He, Xavier and orthogonal
/// initialization, and calibrate an orthogonal matrix against it; their
/// closed-form family is not in our sources, so this is our construction
/// of the principle, not a reproduction): ReLU activations are non-negative,
/// so x_{l-1} = m sqrt(N) e + x_perp with m = mean(x_{l-1}) > 0. With a Haar
/// Q, unit i receives the offset sigma m (Q 1)_i, a random per-unit shift fixed
/// for the layer: units with a negative shift are inactive for most inputs,
/// i.e. dead. Fixing Q e = e makes every row of W sum to sigma: each unit
/// receives the same share sigma m of the input's mean, so no unit is pushed
/// below zero by the mean and the pre-activation mean is sigma m for every
/// unit (sparsity below 1/2, controlled by m / sd(x)).
///
/// Implementation: the Householder reflection H = I - 2 u u^T / (u^T u),
/// u = e - e_1, swaps e and e_1; Q = H diag(1, O) H with O Haar on O(N-1)
/// (`HaarOrthogonal`'s reflections, applied to coordinates 2..N). E W_ij^2 =
/// sigma^2 / N, and E (W x)_i^2 = sigma^2 ||x||^2 / N as for every ensemble.
/// Not rotation invariant (e is special) and concentrated on a subgroup of
/// O(N), so outside Kogler, Schwarz and Kittle's Assumption 3.2.
public struct ReluOrthogonalEnsemble: ScaleOnlyEnsemble {
    public static let name = "relu-orthogonal"
    public static let summary = "sigma Q, Q orthogonal fixing the all-ones direction, Haar on its complement (lyapsim's ReLU calibration in the spirit of seed 000)"
    public static let meetsLimitTheoremAssumptions = false

    public let sigma: Double

    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public func drawsPerLayer(width n: Int) -> Int { HaarOrthogonal.normalsPerMatrix(width: max(n - 1, 0)) }

    public func scratchCount(width n: Int) -> Int { n }

    /// y <- H y for the Householder reflection that swaps e and e_1.
    @inline(__always)
    static func swapOnesAndFirst(_ y: UnsafeMutablePointer<Double>, width n: Int) {
        let c = 1 / Double(n).squareRoot()
        // u = e - e_1: u_1 = c - 1, u_i = c; u^T u = 2 (1 - c).
        var dot = (c - 1) * y[0]
        for i in 1..<n { dot += c * y[i] }
        let f = 2 * dot / (2 * (1 - c))
        y[0] -= f * (c - 1)
        for i in 1..<n { y[i] -= f * c }
    }

    @inline(__always)
    public func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        h.update(from: x, count: k * n)
        if n > 1 {
            for v in 0..<k { Self.swapOnesAndFirst(h + v * n, width: n) }
            // O on coordinates 2..N of every vector: the same factor order as
            // HaarOrthogonal.applyRandom at width N - 1, with stride N.
            let m = n - 1
            stream.fillStandardNormals(scratch, count: 1)
            if scratch[0] < 0 { for v in 0..<k { h[v * n + n - 1] = -h[v * n + n - 1] } }
            var j = m - 2
            while j >= 0 {
                let len = m - j
                stream.fillStandardNormals(scratch, count: len)
                for v in 0..<k { HaarOrthogonal.reflect(h + v * n + 1 + j, by: scratch, count: len) }
                j -= 1
            }
            for v in 0..<k { Self.swapOnesAndFirst(h + v * n, width: n) }
        }
        for i in 0..<(k * n) { h[i] *= sigma }
    }
}
