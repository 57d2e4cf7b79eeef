/// The four ways to draw h = W x for unit x (see `SamplingMethod`). Each writes
/// h into `h` given x; none allocates.
enum LayerKernels {
    /// h = (sigma / sqrt(N)) G x with G an N x N standard Gaussian matrix,
    /// drawn a block of rows at a time into `block` (`rowsPerBlock * n` doubles)
    /// so the matrix never needs to exist whole.
    @inline(__always)
    static func gaussianFull<S: NormalSource>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, n: Int, scale: Double,
        block: UnsafeMutablePointer<Double>, rowsPerBlock: Int, source: inout S
    ) {
        var row = 0
        while row < n {
            let rows = min(rowsPerBlock, n - row)
            source.fillStandardNormals(block, count: rows * n)
            for r in 0..<rows {
                h[row + r] = scale * dot(block + r * n, x, n)
            }
            row += rows
        }
    }

    /// h = sigma Q x with Q Haar on O(N), applied as Householder reflections.
    @inline(__always)
    static func orthogonalFull<S: NormalSource>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, n: Int, sigma: Double,
        scratch: UnsafeMutablePointer<Double>, source: inout S
    ) {
        for i in 0..<n { h[i] = x[i] }
        HaarOrthogonal.applyRandom(to: h, width: n, scratch: scratch, source: &source)
        for i in 0..<n { h[i] *= sigma }
    }

    /// Gaussian, reduced: for unit x, W x ~ N(0, sigma^2/N I) exactly.
    @inline(__always)
    static func gaussianReduced<S: NormalSource>(
        h: UnsafeMutablePointer<Double>, n: Int, scale: Double, source: inout S
    ) {
        source.fillStandardNormals(h, count: n)
        for i in 0..<n { h[i] *= scale }
    }

    /// Orthogonal, reduced: for unit x, Q x is uniform on the unit sphere, so
    /// h = sigma z / ||z|| with z ~ N(0, I).
    @inline(__always)
    static func orthogonalReduced<S: NormalSource>(
        h: UnsafeMutablePointer<Double>, n: Int, sigma: Double, source: inout S
    ) {
        source.fillStandardNormals(h, count: n)
        var zz = 0.0
        for i in 0..<n { zz += h[i] * h[i] }
        let c = sigma / zz.squareRoot()
        for i in 0..<n { h[i] *= c }
    }

    /// Dot product with four independent partial sums, so the additions
    /// pipeline instead of waiting on one another (fixed order: deterministic).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j + 4 <= n {
            s0 += a[j] * b[j]
            s1 += a[j + 1] * b[j + 1]
            s2 += a[j + 2] * b[j + 2]
            s3 += a[j + 3] * b[j + 3]
            j += 4
        }
        while j < n { s0 += a[j] * b[j]; j += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}
