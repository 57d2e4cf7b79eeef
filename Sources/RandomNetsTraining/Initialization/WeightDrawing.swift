import RandomNets

/// Draws the weights of an `MLPShape` network into a flat parameter array.
enum WeightDrawing {
    /// The input and output layers. The input layer follows `input`
    /// (`InputLayerLaw`): by default the common layer, the same for every
    /// initialization method (so methods differ only in the L hidden layers,
    /// the ones the theory is about, and a paired comparison sees the same
    /// outer layers), Gaussian with standard deviation gain / sqrt(d_in)
    /// (gain = He's sqrt(2/(1+a^2)) for Leaky ReLU, 1 otherwise); under a
    /// Lyapunov method on a task whose input layer follows the method, the
    /// method's family at the layer's own sigma_crit, drawn from the same
    /// normals (a Gaussian layer is the common draw rescaled, an orthogonal
    /// one its orthonormalization), so the pairing keeps the draw. The output
    /// layer is Gaussian with standard deviation 1/sqrt(N) (LeCun: the output
    /// is linear) for every method. Biases start at zero.
    static func drawOuterLayers(_ p: UnsafeMutablePointer<Double>, shape: MLPShape, input: InputLayerLaw,
                                stream: inout RandomStream<Xoshiro256PlusPlus>) {
        let first = p + shape.weightOffset(0)
        switch input.family {
        case .gaussian:
            let sIn = input.sigma / Double(shape.inputs).squareRoot()
            for e in 0..<(shape.inputs * shape.width) { first[e] = sIn * stream.nextNormal() }
        case .orthogonal:
            for e in 0..<(shape.inputs * shape.width) { first[e] = stream.nextNormal() }
            orthonormalize(first, rows: shape.width, columns: shape.inputs, sigma: input.sigma)
        }
        let last = p + shape.weightOffset(shape.depth + 1)
        let sOut = 1 / Double(shape.width).squareRoot()
        for e in 0..<(shape.width * shape.outputs) { last[e] = sOut * stream.nextNormal() }
        if shape.biases {
            for k in 0..<shape.layerCount {
                for i in 0..<shape.fanOut(k) { p[shape.biasOffset(k) + i] = 0 }
            }
        }
    }

    /// The L hidden N x N layers from `ensemble` (each layer a fresh draw
    /// from the stream, in order), through the ensemble's own kernel: W is
    /// read off as W e_1, ..., W e_N (one draw of W applied to the N unit
    /// vectors), so every ensemble of the engine, present or future, can
    /// initialize a network without a second sampler.
    static func drawHiddenLayers(_ p: UnsafeMutablePointer<Double>, shape: MLPShape, ensemble: any WeightEnsemble,
                                 stream: inout RandomStream<Xoshiro256PlusPlus>) {
        let n = shape.width
        let identity = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, ensemble.scratchCount(width: n)))
        defer { identity.deallocate(); columns.deallocate(); scratch.deallocate() }
        identity.initialize(repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        for k in 1...shape.depth {
            // columns[v * n + i] = (W e_v)_i = W_iv.
            ensemble.applyFresh(to: identity, vectors: n, width: n, into: columns, scratch: scratch, stream: &stream)
            let w = p + shape.weightOffset(k)
            for i in 0..<n {
                for j in 0..<n { w[i * n + j] = columns[j * n + i] }
            }
        }
    }
}
