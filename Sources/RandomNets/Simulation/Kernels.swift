import CLanes

/// The small vector kernels every layer uses, in a fixed order of operations
/// so results are deterministic.
enum Kernels {
    /// The instruction-set level of the C kernels (`lanes_rows_dot`).
    static let level = Xoshiro256PlusPlusX8.Level.selected.rawValue
    /// Whether a row block's dot products run in C with 256-bit registers
    /// (same bits as `dot` and `dot4`: same partial sums, same order).
    /// The level of `lanes_gemm` (it needs FMA at the AVX2 level): the
    /// generator's level capped by what the product kernels support. Every
    /// level gives the same bits.
    static let gemmLevel = min(Int32(level), lanes_gemm_best_level())
    static let wideRowsDot = Xoshiro256PlusPlusX8.Level.selected >= .avx2

    /// Dot product with four independent partial sums, so the additions
    /// pipeline instead of waiting on one another.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j &+ 4 <= n {
            s0 += a[j] * b[j]
            s1 += a[j &+ 1] * b[j &+ 1]
            s2 += a[j &+ 2] * b[j &+ 2]
            s3 += a[j &+ 3] * b[j &+ 3]
            j &+= 4
        }
        while j < n { s0 += a[j] * b[j]; j &+= 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// ||y|| by a plain sum of squares (callers guarantee no overflow).
    @inline(__always)
    static func norm(_ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var ss = 0.0
        for i in 0..<n { ss += y[i] * y[i] }
        return ss.squareRoot()
    }

    /// ||y|| without overflow or underflow: max|y_i| * ||y / max|y_i| ||.
    static func scaledNorm(_ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var big = 0.0
        for i in 0..<n { big = max(big, abs(y[i])) }
        guard big > 0, big.isFinite else { return big }
        var ss = 0.0
        for i in 0..<n { let t = y[i] / big; ss += t * t }
        return big * ss.squareRoot()
    }

    /// Four dot products sharing one vector: (a0.b, a1.b, a2.b, a3.b). One
    /// load of b serves four products, which halves the memory traffic of a
    /// matrix times several vectors. Each product uses exactly the operations
    /// of `dot` in the same order (four partial sums, combined pairwise), so
    /// dot4 and dot give bit-identical results: a W applied to k vectors at
    /// once equals k separate applications.
    @inline(__always)
    static func dot4(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>,
                     _ a3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int)
        -> (Double, Double, Double, Double)
    {
        // Lanes (s0, s1) and (s2, s3) of each product, as in `dot`.
        var p0 = SIMD2<Double>(), q0 = SIMD2<Double>(), p1 = SIMD2<Double>(), q1 = SIMD2<Double>()
        var p2 = SIMD2<Double>(), q2 = SIMD2<Double>(), p3 = SIMD2<Double>(), q3 = SIMD2<Double>()
        var j = 0
        while j &+ 4 <= n {
            let x = SIMD2(b[j], b[j &+ 1]), y = SIMD2(b[j &+ 2], b[j &+ 3])
            p0 += SIMD2(a0[j], a0[j &+ 1]) * x; q0 += SIMD2(a0[j &+ 2], a0[j &+ 3]) * y
            p1 += SIMD2(a1[j], a1[j &+ 1]) * x; q1 += SIMD2(a1[j &+ 2], a1[j &+ 3]) * y
            p2 += SIMD2(a2[j], a2[j &+ 1]) * x; q2 += SIMD2(a2[j &+ 2], a2[j &+ 3]) * y
            p3 += SIMD2(a3[j], a3[j &+ 1]) * x; q3 += SIMD2(a3[j &+ 2], a3[j &+ 3]) * y
            j &+= 4
        }
        while j < n {
            let x = b[j]
            p0.x += a0[j] * x; p1.x += a1[j] * x; p2.x += a2[j] * x; p3.x += a3[j] * x
            j &+= 1
        }
        return ((p0.x + p0.y) + (q0.x + q0.y), (p1.x + p1.y) + (q1.x + q1.y),
                (p2.x + p2.y) + (q2.x + q2.y), (p3.x + p3.y) + (q3.x + q3.y))
    }
}
