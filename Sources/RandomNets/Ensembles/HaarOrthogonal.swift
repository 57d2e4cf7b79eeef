import CLanes

/// Haar-distributed orthogonal matrices as products of Householder reflections.
///
/// Householder QR of an N x N standard Gaussian matrix G = QR, with the columns
/// of Q multiplied by sign(R_kk), gives Q exactly Haar on O(N) (Mezzadri, "How
/// to generate random matrices from the classical compact groups", 2007).
/// Written out, Q = H_1 H_2 ... H_{N-1} D where
///   - H_k reflects coordinates k...N and is built from v_k ~ N(0, I_{N-k+1}):
///     u = v_k + sign(v_k1) ||v_k|| e_1, H_k = I - 2 u u^T / (u^T u);
///   - D = diag(-sign(v_11), ..., -sign(v_{N-1,1}), sign(g)), g ~ N(0, 1).
/// The v_k are independent: after H_1 ... H_{k-1}, the untouched lower block
/// of G is again iid Gaussian by the rotation invariance of the Gaussian law.
///
/// Applying Q to a vector therefore costs about N^2/2 normals and 2 N^2 flops,
/// and no N x N matrix is ever formed: this is the full orthogonal layer, not
/// a shortcut through invariance of the input.
public enum HaarOrthogonal {
    /// Number of normals one draw of Q consumes.
    public static func normalsPerMatrix(width n: Int) -> Int { n * (n + 1) / 2 }

    /// Normals one fill of `applyRandom` draws at most (about 128 KiB, as a
    /// row block of the entrywise ensembles), unless one reflection needs more.
    static func normalsPerFill(width n: Int) -> Int { max(16_384, n) }

    /// Doubles of scratch `applyRandom` needs at width n: one fill's normals.
    public static func scratchCount(width n: Int) -> Int { min(normalsPerMatrix(width: n), normalsPerFill(width: n)) }

    /// Overwrites each of the k vectors stored one after another in `x`
    /// (x_v = x[v n ..< (v+1) n]) with Q x_v for one fresh Haar Q drawn from
    /// `stream`. `scratch` must hold `scratchCount(width: n)` doubles.
    ///
    /// The normals are drawn in as few fills as fit the scratch (one fill
    /// for the whole matrix up to N = 180): the sign g first, then v_{N-1},
    /// ..., v_1. The order of the normals is the same as one fill per
    /// reflection, so a sequential generator gives the same Q either way;
    /// the vectorized one draws eight at a time and gains most from long fills.
    @inline(__always)
    public static func applyRandom<Bits: RandomNumberGenerator>(
        to x: UnsafeMutablePointer<Double>, vectors k: Int = 1, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        // The factors act right to left: D first, then H_{N-1}, ..., H_1. D_kk
        // touches coordinate k only, which no H_j with j > k touches, so each
        // sign is applied just before its reflection.
        let budget = normalsPerFill(width: n)
        var j = n - 2
        // The first fill also holds g, the sign of the last coordinate.
        var signPending = true
        while j >= 0 || signPending {
            var total = signPending ? 1 : 0
            var last = j
            while last >= 0 && (total + n - last <= budget) {
                total += n - last
                last -= 1
            }
            stream.fillStandardNormals(scratch, count: total)
            var offset = 0
            if signPending {
                if scratch[0] < 0 { for v in 0..<k { x[v * n + n - 1] = -x[v * n + n - 1] } }
                offset = 1
                signPending = false
            }
            if Kernels.wideRowsDot {
                // The same reflections in C with 256-bit registers (same bits).
                lanes_reflect_group(x, n, k, j, last, scratch + offset, Kernels.level)
                j = last
                continue
            }
            while j > last {
                let m = n - j
                let norm = Kernels.dot(scratch + offset, scratch + offset, m).squareRoot()
                for v in 0..<k { reflect(x + v * n + j, by: scratch + offset, count: m, norm: norm) }
                offset += m
                j -= 1
            }
        }
    }

    /// Applies D_kk H_k to the m trailing coordinates `y`, given the Gaussian
    /// vector `v` that defines H_k. (Combined: y <- H (d * y), d = -sign(v_0).)
    @inline(__always)
    static func reflect(_ y: UnsafeMutablePointer<Double>, by v: UnsafePointer<Double>, count m: Int) {
        reflect(y, by: v, count: m, norm: Kernels.dot(v, v, m).squareRoot())
    }

    /// The same, given ||v|| (shared by the k vectors of one layer).
    @inline(__always)
    static func reflect(_ y: UnsafeMutablePointer<Double>, by v: UnsafePointer<Double>, count m: Int, norm: Double) {
        let v0 = v[0]
        let s = v0 < 0 ? -1.0 : 1.0
        // D_kk = sign(R_kk) = sign(-s ||v||) = -s.
        y[0] = -s * y[0]
        // u = v + s ||v|| e_1; u^T u = 2 ||v|| (||v|| + |v_0|).
        let u0 = v0 + s * norm
        // u . y = u0 y0 + (v . y - v0 y0), with v . y pipelined.
        let dot = u0 * y[0] + (Kernels.dot(v, y, m) - v0 * y[0])
        let utu = 2 * norm * (norm + abs(v0))
        guard utu > 0 else { return }
        let c = 2 * dot / utu
        y[0] -= c * u0
        for i in 1..<m { y[i] -= c * v[i] }
    }

    /// The explicit matrix Q (row-major, n x n) for the same draw order as
    /// `applyRandom`, so that `matrix * x` equals `applyRandom(to: x)` for
    /// equal streams. Used by the tests of the Haar property.
    public static func sampleMatrix<Bits: RandomNumberGenerator>(width n: Int, stream: inout RandomStream<Bits>) -> [Double] {
        // Draw every factor first, in the order applyRandom draws them.
        var factors: [[Double]] = []
        factors.append(stream.standardNormals(1))
        var k = n - 2
        while k >= 0 {
            factors.append(stream.standardNormals(n - k))
            k -= 1
        }
        var q = [Double](repeating: 0, count: n * n)
        var column = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for i in 0..<n { column[i] = i == j ? 1 : 0 }
            column.withUnsafeMutableBufferPointer { col in
                let x = col.baseAddress!
                if factors[0][0] < 0 { x[n - 1] = -x[n - 1] }
                var k = n - 2
                var f = 1
                while k >= 0 {
                    factors[f].withUnsafeBufferPointer { reflect(x + k, by: $0.baseAddress!, count: n - k) }
                    f += 1
                    k -= 1
                }
            }
            for i in 0..<n { q[i * n + j] = column[i] }
        }
        return q
    }
}
