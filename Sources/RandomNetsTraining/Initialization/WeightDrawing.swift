import RandomNets

/// Draws the weights of an `MLPShape` network into a flat parameter array.
enum WeightDrawing {
    /// The input and output layers, the same for every initialization method
    /// (so methods differ only in the L hidden layers, the ones the theory is
    /// about, and a paired comparison sees the same outer layers): input
    /// layer Gaussian with standard deviation gain / sqrt(d_in) (gain = He's
    /// sqrt(2/(1+a^2)) for Leaky ReLU, 1 otherwise), output layer Gaussian
    /// with standard deviation 1/sqrt(N) (LeCun: the output is linear).
    /// Biases start at zero.
    static func drawOuterLayers(_ p: UnsafeMutablePointer<Double>, shape: MLPShape, inputGain: Double,
                                stream: inout RandomStream<Xoshiro256PlusPlus>) {
        let first = p + shape.weightOffset(0)
        let sIn = inputGain / Double(shape.inputs).squareRoot()
        for e in 0..<(shape.inputs * shape.width) { first[e] = sIn * stream.nextNormal() }
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
