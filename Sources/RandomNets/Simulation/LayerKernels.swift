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
                let g = block + r * n
                var acc = 0.0
                for j in 0..<n { acc += g[j] * x[j] }
                h[row + r] = scale * acc
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
}
