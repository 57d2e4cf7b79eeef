import CLanes
import Foundation

/// The QR step in panels of `panelWidth` vectors, so that most of the
/// Gram-Schmidt work is a matrix product (`lanes_gemm`) instead of one
/// vector at a time. The same factorization as `orthonormalize`, in another
/// order of passes:
///
/// - a panel is first projected against all earlier vectors at once:
///   C = Q_prev P^T, P <- P - C^T Q_prev (block classical Gram-Schmidt), and
///   once more when that shrank any of its vectors below 1/sqrt(2) of its
///   norm (Daniel, Gragg, Kaufman and Stewart's criterion, for the panel);
/// - then each vector of the panel is projected against the panel's earlier
///   vectors; if the vector is now below 1/sqrt(2) of its norm at the start
///   of its last block pass, it gets one more pass against every earlier
///   vector ("twice is enough": Giraud, Langou and Rozloznik, 2005).
///
/// So every vector leaves orthogonal to all earlier ones to working precision
/// by the same argument as the vector-at-a-time method. The first panel has
/// no earlier vectors and is exactly `orthonormalize`'s loop. Every product is
/// an fma chain in a fixed order (`lanes_gemm`), so the bits are the same on
/// every instruction set and for any thread count.
extension TangentFrame {
    /// Vectors per panel: a multiple of the AVX-512 tile's 16 columns.
    static let panelWidth = 16

    /// Doubles of workspace `orthonormalizeInPanels` needs for k vectors of width n.
    static func panelScratchCount(count k: Int, width n: Int) -> Int {
        let b = panelWidth
        // C (k x b), per-vector norms and exponents (3 b), k coefficients,
        // and the products' packing space.
        return k * b + 3 * b + k + lanes_gemm_workspace(k, b, n) + lanes_gemm_workspace(b, n, k)
    }

    /// Orthonormalizes the k vectors in place and adds log R_jj to logR[j];
    /// returns how many leading vectors stayed independent (as `orthonormalize`).
    static func orthonormalizeInPanels(_ v: UnsafeMutablePointer<Double>, count k: Int, width n: Int,
                                       logR: UnsafeMutablePointer<Double>,
                                       scratch: UnsafeMutablePointer<Double>) -> Int {
        let b = panelWidth
        let c = scratch, norm0 = scratch + k * b, reference = norm0 + b, exponents = reference + b
        let coefficients = exponents + b, work = coefficients + k
        let threshold = 0.5.squareRoot()
        var p0 = 0
        while p0 < k {
            let pb = min(b, k - p0), panel = v + p0 * n
            // Scale each vector to [1, 2) (exact); a zero or non-finite one
            // ends the frame where the vector-at-a-time loop would find it.
            for i in 0..<pb {
                guard let e = scaleToUnitRange(panel + i * n, n) else {
                    return orthonormalizeTail(v, from: p0, upTo: p0 + i, width: n, exponents: exponents, logR: logR,
                                              coefficients: coefficients)
                }
                exponents[i] = Double(e)
                norm0[i] = selfDot(panel + i * n, n).squareRoot()
                reference[i] = norm0[i]
            }
            if p0 > 0 {
                projectPanel(panel, count: pb, against: v, previous: p0, width: n, c: c, work: work)
                var shrank = false
                for i in 0..<pb where selfDot(panel + i * n, n).squareRoot() < reference[i] * threshold {
                    shrank = true
                    break
                }
                if shrank {
                    // Once more for the whole panel, from the vectors as they are now.
                    for i in 0..<pb { reference[i] = selfDot(panel + i * n, n).squareRoot() }
                    projectPanel(panel, count: pb, against: v, previous: p0, width: n, c: c, work: work)
                }
            }
            for i in 0..<pb {
                let j = p0 + i, vj = panel + i * n
                if i > 0 { project(vj, against: panel, count: i, width: n, coefficients: coefficients) }
                var norm = selfDot(vj, n).squareRoot()
                if j > 0 && norm < reference[i] * threshold {
                    project(vj, against: v, count: j, width: n, coefficients: coefficients)
                    norm = selfDot(vj, n).squareRoot()
                }
                guard normalize(vj, width: n, norm: norm, exponent: exponents[i], logR: logR + j) else { return j }
            }
            p0 += pb
        }
        return k
    }

    /// P <- P - Q_prev^T (Q_prev P^T) for the `count` vectors of the panel
    /// against the `previous` vectors before it: two products, C = Q_prev P^T
    /// and P += (-C)^T Q_prev (negating C is exact).
    private static func projectPanel(_ panel: UnsafeMutablePointer<Double>, count pb: Int,
                                     against q: UnsafePointer<Double>, previous p0: Int, width n: Int,
                                     c: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>) {
        lanes_gemm(p0, pb, n, q, n, 1, panel, 1, n, c, pb, 0, work, Kernels.gemmLevel)
        for t in 0..<(p0 * pb) { c[t] = -c[t] }
        lanes_gemm(pb, n, p0, c, 1, pb, q, n, 1, panel, n, 1, work, Kernels.gemmLevel)
    }

    /// Vectors `start ..< end` of a panel that holds a zero or non-finite
    /// vector at `end`, finished one at a time as `orthonormalize` does
    /// (they are already scaled, by 2^exponents[j - start]); the frame ends at `end`.
    private static func orthonormalizeTail(_ v: UnsafeMutablePointer<Double>, from start: Int, upTo end: Int, width n: Int,
                                           exponents: UnsafePointer<Double>, logR: UnsafeMutablePointer<Double>,
                                           coefficients: UnsafeMutablePointer<Double>) -> Int {
        for j in start..<end
        where !finish(v, index: j, width: n, exponent: exponents[j - start], logR: logR, coefficients: coefficients) {
            return j
        }
        return end
    }
}
