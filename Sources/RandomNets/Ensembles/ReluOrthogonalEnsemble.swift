import Foundation

/// lyapsim's ReLU-calibrated orthogonal ensemble: W = sigma Q P, where P =
/// I - e e^T removes the component along the unit all-ones direction
/// e = (1, ..., 1)/sqrt(N), and Q is orthogonal with Q e = e and Haar-
/// distributed on the complement of e. Every row of W is orthogonal to the
/// all-ones vector (each row has mean exactly 0), the rows are orthonormal
/// within e's complement, and W x = sigma Q (x - mean(x) 1).
///
/// Why (Lee, Kim and Choi, arXiv 2509.00362, diagnose dead units at
/// initialization in deep ReLU networks under He, Xavier and orthogonal
/// initialization and calibrate an orthogonal matrix against it; their
/// closed-form family is not in our sources, so this is lyapsim's
/// construction of the principle, not a reproduction): ReLU activations are
/// non-negative, so x_{l-1} = mean * 1 + x_perp with mean > 0. With a Haar Q,
/// unit i receives the offset sigma mean (Q 1)_i, a per-unit shift fixed for
/// the layer: units with a negative shift are inactive for most inputs, i.e.
/// dead. Removing the mean component gives every unit offset 0: each
/// pre-activation is centred (and sum_i h_i = 0 exactly), so sparsity stays
/// near 1/2 and no unit is dead because of the mean.
///
/// Scale: ||W x|| = sigma ||x - mean(x) 1||, and E W_ij^2 = sigma^2 (N - 1)/N^2.
/// The ReLU gain that keeps q in the mean-field limit is sigma^2 = 2/(1 - 1/pi)
/// (about 2.934, `reluGain`): for h ~ N(0, q), E relu(h)^2 = q/2 and
/// (E relu(h))^2 = q/(2 pi), so ||x - mean||^2/N = (q/2)(1 - 1/pi).
/// Not rotation invariant (e is special), rank N - 1 (width 1 maps every x to
/// 0), outside Kogler, Schwarz and Kittle's assumptions.
///
/// Implementation: the Householder reflection H = I - 2 u u^T / (u^T u),
/// u = e - e_1, swaps e and e_1; W = sigma H diag(0, O) H with O Haar on
/// O(N-1) (`HaarOrthogonal`'s reflections, applied to coordinates 2..N).
public struct ReluOrthogonalEnsemble: ScaleOnlyEnsemble {
    public static let name = "relu-orthogonal"
    /// Not sign symmetric: the diagonal (or the fixed all-ones direction) breaks it.
    public static let hasSignSymmetricRows = false
    public static let summary = "sigma Q (x - mean(x)): rows orthonormal and of mean 0, Haar on the complement of 1 (lyapsim's ReLU calibration after Lee, Kim and Choi; ReLU gain sigma^2 = 2/(1 - 1/pi))"
    public static let meetsLimitTheoremAssumptions = false

    public let sigma: Double

    /// sqrt(2 / (1 - 1/pi)): keeps q for ReLU in the mean-field limit (above).
    public static let reluGain = gain(slope: 0)

    /// The same for Leaky ReLU with slope a: E phi(h)^2 = q (1 + a^2)/2 and
    /// (E phi(h))^2 = q (1 - a)^2 / (2 pi), so sigma^2 = 1 / ((1 + a^2)/2 - (1 - a)^2/(2 pi)).
    public static func gain(slope a: Double) -> Double {
        (1 / ((1 + a * a) / 2 - (1 - a) * (1 - a) / (2 * Double.pi))).squareRoot()
    }

    /// The centred orthogonal law at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public func drawsPerLayer(width n: Int) -> Int { HaarOrthogonal.normalsPerMatrix(width: max(n - 1, 0)) }

    public func scratchCount(width n: Int) -> Int { n }

    /// (e_1 - e_2)/sqrt(2): W sends the default start (1, ..., 1)/sqrt(n) to 0
    /// (the first layer's gain was rounding noise, or the network died). W x
    /// depends on x only through its centred part, whose law is the same for
    /// every centred unit vector (Q is Haar on the complement of 1), so this
    /// direction stands for all of them: networks fed centred inputs.
    public func startDirection(width n: Int, into x: UnsafeMutablePointer<Double>) {
        guard n >= 2 else { x[0] = 1; return }
        for i in 0..<n { x[i] = 0 }
        x[0] = 1 / 2.0.squareRoot()
        x[1] = -x[0]
    }

    /// (e_1 + e_2 - 2 e_3)/sqrt(6): centred and orthogonal to the start, so
    /// both inputs of an angle run are centred. At width 2 the centred inputs
    /// span one line, and two of them cannot meet at an angle other than 0 or pi.
    public func secondDirection(width n: Int, into x: UnsafeMutablePointer<Double>) -> Bool {
        guard n >= 3 else { return false }
        for i in 0..<n { x[i] = 0 }
        let c = 1 / 6.0.squareRoot()
        x[0] = c
        x[1] = c
        x[2] = -2 * c
        return true
    }

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
        if n == 1 {
            for i in 0..<k { h[i] = 0 }
            return
        }
        do {
            for v in 0..<k {
                Self.swapOnesAndFirst(h + v * n, width: n)
                // The component along e, now in coordinate 1, is removed (P).
                h[v * n] = 0
            }
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
