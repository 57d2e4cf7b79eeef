import Foundation

/// K tangent vectors of width N, stored one after another (vector j is
/// v[j n ..< (j+1) n]), re-orthonormalized after every layer: the QR step of
/// the Benettin method. Writing the pushed frame as A Q = Q' R, the exponents
/// are the time averages of log R_jj.
///
/// The factorization is classical Gram-Schmidt with one full
/// reorthogonalization ("twice is enough": Giraud, Langou and Rozloznik,
/// "The loss of orthogonality in the Gram-Schmidt process", 2005): the
/// computed Q is orthonormal to working precision, and R_jj carries a relative
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
            let vj = v + j * n
            let exponent = scaleToUnitRange(vj, n)
            guard let e = exponent else { return j }
            // Two passes of classical Gram-Schmidt against q_0...q_{j-1}.
            for _ in 0..<2 where j > 0 {
                project(vj, against: v, count: j, width: n, coefficients: r)
            }
            let norm = Kernels.norm(vj, n)
            guard norm > 0, norm.isFinite else { return j }
            logR?[j] += log(norm) + Double(e) * M_LN2
            let inverse = 1 / norm
            for t in 0..<n { vj[t] *= inverse }
        }
        return k
    }

    /// v <- v - Q (Q^T v) for the first `count` vectors q_i of `q` (one
    /// classical Gram-Schmidt pass), four q's at a time so that each pass over
    /// v serves four of them.
    @inline(__always)
    static func project(_ v: UnsafeMutablePointer<Double>, against q: UnsafePointer<Double>, count j: Int,
                        width n: Int, coefficients r: UnsafeMutablePointer<Double>) {
        var i = 0
        while i + 4 <= j {
            let q0 = q + i * n
            (r[i], r[i + 1], r[i + 2], r[i + 3]) = Kernels.dot4(q0, q0 + n, q0 + 2 * n, q0 + 3 * n, v, n)
            i += 4
        }
        while i < j { r[i] = Kernels.dot(q + i * n, v, n); i += 1 }
        i = 0
        while i + 4 <= j {
            let q0 = q + i * n, q1 = q0 + n, q2 = q0 + 2 * n, q3 = q0 + 3 * n
            let (c0, c1, c2, c3) = (r[i], r[i + 1], r[i + 2], r[i + 3])
            for t in 0..<n { v[t] -= (c0 * q0[t] + c1 * q1[t]) + (c2 * q2[t] + c3 * q3[t]) }
            i += 4
        }
        while i < j {
            let c = r[i], qi = q + i * n
            for t in 0..<n { v[t] -= c * qi[t] }
            i += 1
        }
    }

    /// Multiplies y by 2^-e where 2^e <= max|y_i| < 2^(e+1) and returns e;
    /// nil if y is zero or not finite.
    @inline(__always)
    static func scaleToUnitRange(_ y: UnsafeMutablePointer<Double>, _ n: Int) -> Int? {
        var big = 0.0
        for i in 0..<n { big = max(big, abs(y[i])) }
        guard big > 0, big.isFinite else { return nil }
        let e = Int(big.exponent)
        if e == 0 { return 0 }
        // 2^-e may not be representable (|e| > 1022): scale in two exact steps.
        let half = e / 2
        let first = Double(sign: .plus, exponent: -half, significand: 1)
        let second = Double(sign: .plus, exponent: -(e - half), significand: 1)
        for i in 0..<n { y[i] = y[i] * first * second }
        return e
    }
}
