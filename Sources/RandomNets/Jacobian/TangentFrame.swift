import CLanes
import Foundation

/// K tangent vectors of width N, stored one after another (vector j is
/// v[j n ..< (j+1) n]), re-orthonormalized after every layer: the QR step of
/// the Benettin method. Writing the pushed frame as A Q = Q' R, the exponents
/// are the time averages of log R_jj.
///
/// The factorization is classical Gram-Schmidt with reorthogonalization where
/// a pass cancelled much of the vector ("twice is enough": Giraud, Langou and
/// Rozloznik, "The loss of orthogonality in the Gram-Schmidt process", 2005):
/// the computed Q is orthonormal to working precision, and R_jj carries a relative
/// error about eps * cond(A), negligible for the layer Jacobians D W that
/// `Validate.spectrumSlope` admits (cond grows like 1/|a|).
///
/// Each vector is first scaled by a power of two (exact in binary) so that its
/// largest entry is in [1, 2): no sum of squares under- or overflows whatever
/// the slope and scale, and the scale goes into log R_jj as an exact integer
/// times log 2.
enum TangentFrame {
    /// Sets the k vectors to the first k standard basis vectors e_1...e_k.
    static func setStandardBasis(_ v: UnsafeMutablePointer<Double>, count k: Int, width n: Int) {
        v.update(repeating: 0, count: k * n)
        for j in 0..<k { v[j * n + j] = 1 }
    }

    /// Orthonormalizes the k vectors in place and adds log R_jj to logR[j]
    /// (when given).
    /// Returns how many leading vectors stayed independent: a vector that is
    /// exactly zero, or exactly in the span of the ones before it, ends the
    /// frame (its exponent and all later ones are -infinity for this sample).
    /// `coefficients` holds k doubles.
    @inline(__always)
    static func orthonormalize(_ v: UnsafeMutablePointer<Double>, count k: Int, width n: Int,
                               logR: UnsafeMutablePointer<Double>?,
                               coefficients r: UnsafeMutablePointer<Double>) -> Int {
        for j in 0..<k {
            guard let e = scaleToUnitRange(v + j * n, n),
                  finish(v, index: j, width: n, exponent: Double(e), logR: logR, coefficients: r)
            else { return j }
        }
        return k
    }

    /// Vector j (already scaled by 2^-exponent) against the j before it:
    /// classical Gram-Schmidt, a second pass only when the first removed more
    /// than 1 - 1/sqrt(2) of the norm (the criterion of Daniel, Gragg, Kaufman
    /// and Stewart, 1976; Kahan's analysis in Parlett, "The Symmetric
    /// Eigenvalue Problem", 6.9): a pass that keeps ||v'|| >= ||v|| / sqrt(2)
    /// leaves v' orthogonal to the q's to working precision. Never more than
    /// two ("twice is enough"). Then normalized, log R_jj added to logR[j].
    /// False if the vector is zero or not finite (the frame ends at j).
    @inline(__always)
    static func finish(_ v: UnsafeMutablePointer<Double>, index j: Int, width n: Int, exponent: Double,
                       logR: UnsafeMutablePointer<Double>?, coefficients r: UnsafeMutablePointer<Double>) -> Bool {
        let vj = v + j * n
        var norm = selfDot(vj, n).squareRoot()
        for _ in 0..<2 where j > 0 {
            project(vj, against: v, count: j, width: n, coefficients: r)
            let before = norm
            norm = selfDot(vj, n).squareRoot()
            if norm >= before * 0.5.squareRoot() { break }
        }
        return normalize(vj, width: n, norm: norm, exponent: exponent, logR: logR.map { $0 + j })
    }

    /// Divides y by its norm and adds log R_jj = log(norm) + exponent log 2 to
    /// logR[0]; false (y untouched) if the norm is zero or not finite.
    @inline(__always)
    static func normalize(_ y: UnsafeMutablePointer<Double>, width n: Int, norm: Double, exponent: Double,
                          logR: UnsafeMutablePointer<Double>?) -> Bool {
        guard norm > 0, norm.isFinite else { return false }
        logR?[0] += log(norm) + exponent * M_LN2
        let inverse = 1 / norm
        for t in 0..<n { y[t] *= inverse }
        return true
    }

    /// v <- v - Q (Q^T v) for the first `count` vectors q_i of `q` (one
    /// classical Gram-Schmidt pass). Q^T v is `lanes_rows_dot` (each entry
    /// summed exactly as `Kernels.dot`), the update `lanes_subtract_combination`
    /// (four q's per pass over v); both are 256-bit C kernels where the CPU
    /// has them and give the portable loops' bits at every level.
    @inline(__always)
    static func project(_ v: UnsafeMutablePointer<Double>, against q: UnsafePointer<Double>, count j: Int,
                        width n: Int, coefficients r: UnsafeMutablePointer<Double>) {
        lanes_rows_dot(q, j, n, v, 1, r, Kernels.level)
        lanes_subtract_combination(v, q, j, n, r, Kernels.level)
    }

    /// y . y summed as `Kernels.dot`, in the wide C kernel where the CPU has it.
    @inline(__always)
    static func selfDot(_ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        lanes_rows_dot(y, 1, n, y, 1, &s, Kernels.level)
        return s
    }

    /// Multiplies y by 2^-e where 2^e <= max|y_i| < 2^(e+1) and returns e;
    /// nil if y is zero or not finite.
    @inline(__always)
    static func scaleToUnitRange(_ y: UnsafeMutablePointer<Double>, _ n: Int) -> Int? {
        // Four running maxima so the loop vectorizes; a NaN entry is skipped
        // here and caught by the caller's norm check.
        var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
        var i = 0
        while i &+ 4 <= n {
            let a0 = abs(y[i]), a1 = abs(y[i &+ 1]), a2 = abs(y[i &+ 2]), a3 = abs(y[i &+ 3])
            m0 = a0 > m0 ? a0 : m0; m1 = a1 > m1 ? a1 : m1
            m2 = a2 > m2 ? a2 : m2; m3 = a3 > m3 ? a3 : m3
            i &+= 4
        }
        while i < n { let a = abs(y[i]); m0 = a > m0 ? a : m0; i &+= 1 }
        let big = max(max(m0, m1), max(m2, m3))
        guard big > 0, big.isFinite else { return nil }
        let e = Int(big.exponent)
        if e == 0 { return 0 }
        if abs(e) <= 1022 {
            let factor = Double(sign: .plus, exponent: -e, significand: 1)
            for i in 0..<n { y[i] *= factor }
            return e
        }
        // 2^-e is not a normal number: scale in two exact steps.
        let half = e / 2
        let first = Double(sign: .plus, exponent: -half, significand: 1)
        let second = Double(sign: .plus, exponent: -(e - half), significand: 1)
        for i in 0..<n { y[i] = y[i] * first * second }
        return e
    }
}
