/// How one layer's pre-activation h = W x is drawn for a unit vector x (or
/// for several vectors under one draw of W).
protocol LayerDraw: Sendable {
    /// Random draws one layer costs at width n (the resource guard counts them).
    func drawsPerLayer(width n: Int) -> Int
    func scratchCount(width n: Int) -> Int
    func draw<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>)
    /// Doubles of scratch `drawSeveral` needs for k vectors at width n.
    func severalScratchCount(width n: Int, vectors k: Int) -> Int
    /// Writes W v for the k vectors v stored one after another in `x` (one
    /// draw of W serves all of them).
    func drawSeveral<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, vectors k: Int, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>)
}

/// The full method: a fresh weight matrix every layer, applied to x. Makes no
/// use of any invariance, so it is right for every ensemble.
struct FullLayer<E: WeightEnsemble>: LayerDraw {
    let ensemble: E

    func drawsPerLayer(width n: Int) -> Int { ensemble.drawsPerLayer(width: n) }
    func scratchCount(width n: Int) -> Int { ensemble.scratchCount(width: n) }

    @inline(__always)
    func draw<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        ensemble.applyFresh(to: x, vectors: 1, width: n, into: h, scratch: scratch, stream: &stream)
    }

    func severalScratchCount(width n: Int, vectors k: Int) -> Int { ensemble.scratchCount(width: n) }

    @inline(__always)
    func drawSeveral<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, vectors k: Int, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        ensemble.applyFresh(to: x, vectors: k, width: n, into: h, scratch: scratch, stream: &stream)
    }
}

/// The reduced method: only the image of the unit vector x, exact in law
/// because the ensemble is rotation invariant (W x has the same law for every
/// unit x, independent of the past). The generic constraint is what makes
/// the reduced method impossible for an ensemble without that invariance.
struct ReducedLayer<E: RotationInvariantEnsemble>: LayerDraw {
    let ensemble: E

    func drawsPerLayer(width n: Int) -> Int { n }
    func scratchCount(width n: Int) -> Int { 0 }

    @inline(__always)
    func draw<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        ensemble.drawImageOfUnitVector(into: h, width: n, stream: &stream)
    }
}

extension ReducedLayer {
    // Scratch: an orthonormal basis of the k vectors and its image (k n each),
    // the coefficients C (k x k) and k more for Gram-Schmidt.
    func severalScratchCount(width n: Int, vectors k: Int) -> Int { 2 * k * n + k * k + k }

    /// The reduced method for k vectors: with Q an orthonormal basis of
    /// span(v_1...v_k) (r <= k columns, by Gram-Schmidt) and C = Q^T V,
    /// W V = (W Q) C, and W Q has one law for every such Q, independent of the
    /// past. So a layer costs n r random numbers instead of a full W's n^2.
    @inline(__always)
    func drawSeveral<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, vectors k: Int, h: UnsafeMutablePointer<Double>, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        let basis = scratch, frameImage = scratch + k * n, coefficients = scratch + 2 * k * n
        let small = coefficients + k * k
        basis.update(from: x, count: k * n)
        let r = TangentFrame.orthonormalize(basis, count: min(k, n), width: n, logR: nil, coefficients: small)
        // C[c][v] = q_c . v_v, then W v_v = sum_c C[c][v] (W q_c).
        for c in 0..<r {
            for v in 0..<k { coefficients[c * k + v] = Kernels.dot(basis + c * n, x + v * n, n) }
        }
        ensemble.drawImageOfOrthonormalFrame(into: frameImage, columns: r, width: n, scratch: small, stream: &stream)
        h.update(repeating: 0, count: k * n)
        for v in 0..<k {
            let out = h + v * n
            for c in 0..<r {
                let coefficient = coefficients[c * k + v], column = frameImage + c * n
                for t in 0..<n { out[t] += coefficient * column[t] }
            }
        }
    }
}
