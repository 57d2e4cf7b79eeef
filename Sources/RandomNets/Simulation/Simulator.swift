import Foundation

/// Runs M independent networks of one spec and records the growth of the
/// log-norm of the activations.
///
/// Each sample i owns the random stream derived from (seed, i) and writes only
/// its own slots of the output, so the result is bit-identical for any thread
/// count. x_0 is the unit vector (1, ..., 1) / sqrt(N); after each layer the
/// activation is renormalized to unit length and log of the norm accumulated,
/// so depth 10^6 neither overflows nor underflows.
public enum Simulator {
    /// Doubles of Gaussian weights drawn per batch in the full method: a whole
    /// number of rows, about 128 KiB, so a batch stays in cache.
    static func gaussianBlockCapacity(width n: Int) -> Int { rowsPerBlock(width: n) * n }

    static func rowsPerBlock(width n: Int) -> Int { max(1, 16_384 / n) }

    public static func run(_ spec: NetworkSpec, _ config: SimulationConfig) throws -> SimulationResult {
        try config.checkResources(for: spec)
        let generator = config.generator
        if generator.isFast {
            return run(spec, config) { generator.xoshiroStream(seed: config.seed, index: $0) }
        }
        return run(spec, config) { generator.gslStream(seed: config.seed, index: $0) }
    }

    /// The run with one stream type, so the layer kernels specialize on it.
    static func run<S: NormalSource>(_ spec: NetworkSpec, _ config: SimulationConfig,
                                     stream: @Sendable (Int) -> S) -> SimulationResult {
        let m = config.samples
        let l = spec.depth
        var finals = [Double](repeating: 0, count: m)
        var trajectories = [Double](repeating: 0, count: config.recordTrajectories ? m * l : 0)
        finals.withUnsafeMutableBufferPointer { finalsBuffer in
            trajectories.withUnsafeMutableBufferPointer { trajBuffer in
                let out = Output(finals: finalsBuffer, trajectories: trajBuffer)
                let threads = min(config.threads, m)
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    var workspace = Workspace(width: spec.width)
                    var i = worker
                    while i < m {
                        var source = stream(i)
                        runSample(i, spec: spec, method: config.method, source: &source,
                                  workspace: &workspace, out: out)
                        i += threads
                    }
                    workspace.deallocate()
                }
            }
        }
        return SimulationResult(spec: spec, config: config, finalLogNorms: finals, trajectories: trajectories)
    }

    /// Where a sample writes: disjoint slots per sample, so threads never race.
    struct Output: @unchecked Sendable {
        let finals: UnsafeMutableBufferPointer<Double>
        let trajectories: UnsafeMutableBufferPointer<Double>
    }

    /// Per-thread buffers: the activation, the pre-activation and the batch of
    /// random numbers for one layer.
    struct Workspace {
        let x: UnsafeMutablePointer<Double>
        let h: UnsafeMutablePointer<Double>
        let block: UnsafeMutablePointer<Double>

        init(width n: Int) {
            x = .allocate(capacity: n)
            h = .allocate(capacity: n)
            block = .allocate(capacity: max(n, Simulator.gaussianBlockCapacity(width: n)))
        }

        func deallocate() {
            x.deallocate()
            h.deallocate()
            block.deallocate()
        }
    }

    @inline(__always)
    static func runSample<S: NormalSource>(
        _ index: Int, spec: NetworkSpec, method: SamplingMethod, source: inout S,
        workspace w: inout Workspace, out: Output
    ) {
        let n = spec.width
        let depth = spec.depth
        let sigma = spec.sigma
        let slope = spec.slope
        let gaussianScale = sigma / Double(n).squareRoot()
        let rows = rowsPerBlock(width: n)
        let record = out.trajectories.count > 0
        let x = w.x, h = w.h
        let x0 = 1 / Double(n).squareRoot()
        for i in 0..<n { x[i] = x0 }
        var logNorm = 0.0
        for layer in 0..<depth {
            switch (spec.ensemble, method) {
            case (.gaussian, .full):
                LayerKernels.gaussianFull(x: x, h: h, n: n, scale: gaussianScale,
                                          block: w.block, rowsPerBlock: rows, source: &source)
            case (.orthogonal, .full):
                LayerKernels.orthogonalFull(x: x, h: h, n: n, sigma: sigma, scratch: w.block, source: &source)
            case (.gaussian, .reduced):
                LayerKernels.gaussianReduced(h: h, n: n, scale: gaussianScale, source: &source)
            case (.orthogonal, .reduced):
                LayerKernels.orthogonalReduced(h: h, n: n, sigma: sigma, source: &source)
            }
            // x_l = phi(h) / ||phi(h)||, S_l = S_{l-1} + log ||phi(h)||.
            var ss = 0.0
            for i in 0..<n {
                let t = h[i]
                let y = t >= 0 ? t : slope * t
                x[i] = y
                ss += y * y
            }
            let norm: Double
            if ss > 1e-290 && ss < 1e290 {
                norm = ss.squareRoot()
            } else {
                // Extreme slopes can push the sum of squares out of range even
                // though phi(h) is a fine vector; measure it in units of max|y|.
                norm = scaledNorm(x, n)
            }
            if norm == 0 {
                // Every coordinate was cut to zero: the signal is gone for good.
                logNorm = -.infinity
                if record {
                    for later in layer..<depth { out.trajectories[index * depth + later] = -.infinity }
                }
                break
            }
            logNorm += log(norm)
            let inv = 1 / norm
            for i in 0..<n { x[i] *= inv }
            if record { out.trajectories[index * depth + layer] = logNorm }
        }
        out.finals[index] = logNorm
    }

    /// ||y|| without overflow or underflow: max|y_i| * ||y / max|y_i| ||.
    static func scaledNorm(_ y: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        var big = 0.0
        for i in 0..<n { big = max(big, abs(y[i])) }
        guard big > 0, big.isFinite else { return big }
        var ss = 0.0
        for i in 0..<n { let t = y[i] / big; ss += t * t }
        return big * ss.squareRoot()
    }
}
