/// How one layer's pre-activation h = W x is drawn for a unit vector x.
protocol LayerDraw: Sendable {
    /// Random draws one layer costs at width n (the resource guard counts them).
    func drawsPerLayer(width n: Int) -> Int
    func scratchCount(width n: Int) -> Int
    func draw<Bits: RandomNumberGenerator>(
        x: UnsafePointer<Double>, h: UnsafeMutablePointer<Double>, width n: Int,
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
