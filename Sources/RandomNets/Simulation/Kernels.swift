/// The small vector kernels every layer uses, in a fixed order of operations
/// so results are deterministic.
enum Kernels {
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
    /// matrix times several vectors. The order of operations is fixed.
    @inline(__always)
    static func dot4(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>,
                     _ a3: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int)
        -> (Double, Double, Double, Double)
    {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j < n {
            let x = b[j]
            s0 += a0[j] * x
            s1 += a1[j] * x
            s2 += a2[j] * x
            s3 += a3[j] * x
            j &+= 1
        }
        return (s0, s1, s2, s3)
    }
}
