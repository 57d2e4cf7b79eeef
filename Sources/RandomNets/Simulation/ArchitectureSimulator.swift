import Foundation

/// Monte Carlo of S_L = log||x_L|| - log||x_0|| for a network of any width
/// profile (`Architecture`), with full weight matrices.
///
/// A layer n -> m is cut from one square draw of side N = max(n, m) of its
/// ensemble: the input padded with zeros to length N, the first m outputs
/// kept, and the block rescaled to the layer's convention (`DenseLayer`).
/// For iid entries a block of an iid matrix is iid; for Haar matrices the
/// first n columns (m >= n) or first m rows (m < n) are Haar with orthonormal
/// columns or rows, which is what `torch.nn.init.orthogonal_` draws. So every
/// ensemble's own sampler (and its tests) serves rectangular layers too.
///
/// As in `Simulator`, sample i draws from the stream of (seed, i) alone, so
/// the output is bit-identical for any thread count and any split of the
/// sample indices.
public enum ArchitectureSimulator {
    /// Per-sample S_L (-infinity if the signal died), and optionally every
    /// layer's log-gain g_l (samples x layers, row-major).
    public struct Result: Sendable {
        /// S_L of each sample, -infinity where the signal died.
        public let finalLogNorms: [Double]
        /// g_l of sample i at layer l in slot i L + l (empty unless recorded).
        public let layerGains: [Double]
    }

    /// Refuses runs that would draw absurdly many random numbers or need
    /// more memory than the budget, before anything is allocated.
    public static func checkResources(_ architecture: Architecture, _ config: SimulationConfig,
                                      recordLayerGains: Bool = false) throws {
        let draws = architecture.layers.reduce(0.0) { $0 + Double($1.ensemble.drawsPerLayer(width: $1.squareSide)) }
        guard Double(config.samples) * draws <= SimulationConfig.maxNormals else {
            throw InvalidParameter(parameter: "samples", "this run would draw \(Double(config.samples) * draws) random numbers (samples x sum over layers of max(N_l, N_l-1)^2), more than \(SimulationConfig.maxNormals); lower --samples or the widths")
        }
        let perThread = architecture.layers.map { Double($0.ensemble.scratchCount(width: $0.squareSide) + 3 * $0.squareSide) }.max()!
        let bytes = 8 * (Double(config.samples) * (recordLayerGains ? Double(architecture.depth) + 1 : 1)
                         + perThread * Double(config.threads))
        guard bytes <= SimulationConfig.memoryBudget else {
            throw InvalidParameter(parameter: "samples", "this run would hold \(Int(bytes / 1e6)) MB, more than half of this machine's memory; lower --samples or --threads")
        }
    }

    /// Simulates `config.samples` networks (indices from `config.firstSample`).
    public static func run(_ architecture: Architecture, _ config: SimulationConfig,
                           recordLayerGains: Bool = false) throws -> Result {
        try checkResources(architecture, config, recordLayerGains: recordLayerGains)
        let m = config.samples
        let finals = UnsafeMutableBufferPointer<Double>.allocate(capacity: m)
        let gains = UnsafeMutableBufferPointer<Double>.allocate(capacity: recordLayerGains ? m * architecture.depth : 0)
        defer {
            finals.deallocate()
            gains.deallocate()
        }
        PerSampleRun.run(Work(architecture: architecture,
                              out: Output(finals: finals, gains: gains, recordGains: recordLayerGains)), config)
        return Result(finalLogNorms: Array(finals), layerGains: Array(gains))
    }

    /// One network per sample through `PerSampleRun` (the shared generator
    /// switch and thread loop).
    struct Work: PerSampleWork {
        let architecture: Architecture
        let out: Output

        struct Buffers {
            let x: UnsafeMutablePointer<Double>, padded: UnsafeMutablePointer<Double>
            let h: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
        }

        func makeWorkspace() -> Buffers {
            let side = architecture.layers.map(\.squareSide).max()!
            let scratch = architecture.layers.map { $0.ensemble.scratchCount(width: $0.squareSide) }.max()!
            return Buffers(x: .allocate(capacity: side), padded: .allocate(capacity: side), h: .allocate(capacity: side),
                           scratch: .allocate(capacity: max(1, scratch)))
        }

        func release(_ b: Buffers) {
            for p in [b.x, b.padded, b.h, b.scratch] { p.deallocate() }
        }

        func sample<Bits: RandomNumberGenerator>(_ index: Int, stream: inout RandomStream<Bits>, workspace b: Buffers) {
            out.finals[index] = runSample(index, architecture, &stream, x: b.x, padded: b.padded, h: b.h,
                                          scratch: b.scratch, out: out)
        }
    }

    struct Output: @unchecked Sendable {
        let finals: UnsafeMutableBufferPointer<Double>
        let gains: UnsafeMutableBufferPointer<Double>
        let recordGains: Bool
    }

    static func runSample<Bits: RandomNumberGenerator>(
        _ index: Int, _ architecture: Architecture, _ stream: inout RandomStream<Bits>,
        x: UnsafeMutablePointer<Double>, padded: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, out: Output
    ) -> Double {
        let n0 = architecture.layers[0].fanIn
        architecture.layers[0].ensemble.startDirection(width: n0, into: x)
        var logNorm = 0.0
        let depth = architecture.depth
        for (l, layer) in architecture.layers.enumerated() {
            let n = layer.fanIn, fanOut = layer.fanOut, side = layer.squareSide
            for i in 0..<n { padded[i] = x[i] }
            for i in n..<side { padded[i] = 0 }
            layer.ensemble.applyFresh(to: padded, vectors: 1, width: side, into: h, scratch: scratch, stream: &stream)
            let gain: Double
            if let beta = layer.residual {
                // x_l = x + beta phi(W x) with ||x|| = 1 (square layer, block scale 1).
                let phi = layer.activation
                var ss = 0.0
                for i in 0..<fanOut {
                    let y = x[i] + beta * phi(h[i])
                    h[i] = y
                    ss += y * y
                }
                let norm = ss.squareRoot()
                guard norm > 0, norm.isFinite else {
                    if out.recordGains { for k in l..<depth { out.gains[index * depth + k] = -.infinity } }
                    return -.infinity
                }
                for i in 0..<fanOut { x[i] = h[i] / norm }
                gain = log(norm)
            } else {
                // x_l = phi(c h) / ||phi(c h)|| with c the block scale; phi is
                // positively homogeneous, so g_l = log c + log||phi(h)||.
                guard let step = ForwardStep.advance(h, into: x, width: fanOut, activation: layer.activation) else {
                    if out.recordGains { for k in l..<depth { out.gains[index * depth + k] = -.infinity } }
                    return -.infinity
                }
                gain = step + log(layer.blockScale)
            }
            if out.recordGains { out.gains[index * depth + l] = gain }
            logNorm += gain
        }
        return logNorm
    }
}
