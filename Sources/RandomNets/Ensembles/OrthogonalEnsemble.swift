/// W = sigma O with O Haar-distributed on the orthogonal group O(N): the
/// second closed-form family. O is applied as N - 1 Householder reflections
/// built from Gaussian vectors (`HaarOrthogonal`), never formed. Rotation
/// invariant by definition, so W u is sigma times a uniform point on the
/// sphere for every unit u.
public struct OrthogonalEnsemble: RotationInvariantEnsemble, ScaleOnlyEnsemble {
    public static let name = "orthogonal"
    public static let summary = "sigma times a Haar orthogonal matrix (closed form)"
    public static let meetsLimitTheoremAssumptions = true
    public static var closedForm: Ensemble? { .orthogonal }
    public static var rectangularLaw: RectangularLaw? { .haarStiefel }

    public let sigma: Double

    /// Haar-orthogonal weights times `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is outside 1e-300...1e100.
    public init(sigma: Double) throws {
        try Validate.sigma(sigma)
        self.sigma = sigma
    }

    public func drawsPerLayer(width n: Int) -> Int { HaarOrthogonal.normalsPerMatrix(width: n) }

    public func scratchCount(width n: Int) -> Int { HaarOrthogonal.scratchCount(width: n) }

    @inline(__always)
    public func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        h.update(from: x, count: k * n)
        HaarOrthogonal.applyRandom(to: h, vectors: k, width: n, scratch: scratch, stream: &stream)
        for i in 0..<(k * n) { h[i] *= sigma }
    }

    /// Q u is uniform on the unit sphere: z / ||z|| with z ~ N(0, I).
    @inline(__always)
    public func drawImageOfUnitVector<Bits: RandomNumberGenerator>(
        into h: UnsafeMutablePointer<Double>, width n: Int, stream: inout RandomStream<Bits>
    ) {
        stream.fillStandardNormals(h, count: n)
        let c = sigma / Kernels.norm(h, n)
        for i in 0..<n { h[i] *= c }
    }

    /// O Q is uniform on the Stiefel manifold of orthonormal r-frames for
    /// any Q with orthonormal columns: Gram-Schmidt of r iid Gaussian vectors
    /// (the Q factor with positive R diagonal, which is Haar distributed).
    @inline(__always)
    public func drawImageOfOrthonormalFrame<Bits: RandomNumberGenerator>(
        into g: UnsafeMutablePointer<Double>, columns r: Int, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        stream.fillStandardNormals(g, count: r * n)
        // r <= n Gaussian vectors are independent with probability 1.
        _ = TangentFrame.orthonormalize(g, count: r, width: n, logR: nil, coefficients: scratch)
        for i in 0..<(r * n) { g[i] *= sigma }
    }
}
