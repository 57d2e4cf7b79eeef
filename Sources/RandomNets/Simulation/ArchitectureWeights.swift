/// The weight matrices of one network drawn from an `Architecture`, for
/// users who take the initialization into another framework.
///
/// Network `index` draws from the stream of (seed, index), exactly as sample
/// `index` of `ArchitectureSimulator.run` does: each layer is the same square
/// draw, applied here to the fan_in basis vectors instead of the activation,
/// so the matrices are those of that sample's network (a forward pass with
/// them reproduces its S_L; the tests check this with NumPy).
public enum ArchitectureWeights {
    /// W_1, ..., W_L, each row-major with shape (fan_out, fan_in): PyTorch's
    /// `nn.Linear.weight` layout.
    public static func draw(_ architecture: Architecture, seed: UInt64, generator: RandomGenerator,
                            index: Int = 0) throws -> [[Double]] {
        let total = architecture.layers.reduce(0.0) { $0 + Double($1.squareSide) * Double($1.fanIn) }
        guard total <= 1e9 else {
            throw InvalidParameter(parameter: "widths", "drawing these weights needs \(total) doubles of work space (sum over layers of max(N_l, N_l-1) N_l-1); at most 1e9")
        }
        switch generator.kind {
        case .xoshiro: var s = generator.xoshiroStream(seed: seed, index: index); return draw(architecture, &s)
        case .xoshiroX8: var s = generator.xoshiroX8Stream(seed: seed, index: index); return draw(architecture, &s)
        case .gsl: var s = generator.gslStream(seed: seed, index: index); return draw(architecture, &s)
        }
    }

    static func draw<Bits: RandomNumberGenerator>(_ architecture: Architecture,
                                                  _ stream: inout RandomStream<Bits>) -> [[Double]] {
        architecture.layers.map { layer in
            let n = layer.fanIn, m = layer.fanOut, side = layer.squareSide
            // The n basis vectors e_j of R^n, padded to R^side, one after another.
            let basis = UnsafeMutablePointer<Double>.allocate(capacity: side * n)
            let images = UnsafeMutablePointer<Double>.allocate(capacity: side * n)
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, layer.ensemble.scratchCount(width: side)))
            defer {
                basis.deallocate()
                images.deallocate()
                scratch.deallocate()
            }
            basis.initialize(repeating: 0, count: side * n)
            for j in 0..<n { basis[j * side + j] = 1 }
            layer.ensemble.applyFresh(to: basis, vectors: n, width: side, into: images, scratch: scratch, stream: &stream)
            let scale = layer.blockScale
            var w = [Double](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { w[i * n + j] = scale * images[j * side + i] } }
            return w
        }
    }
}
