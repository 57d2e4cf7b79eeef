import Foundation

/// The "RNG floor" of a run: the time to draw the same random numbers (the
/// ensemble's own kind: normals, 53-bit uniforms or raw 64-bit words, see
/// `WeightEnsemble.randomDraw`) with the same generator, on the same threads
/// and in the same per-sample streams, doing nothing else. A simulation
/// cannot be faster than this.
public enum RNGFloor {
    /// Draws the normals of `run(spec, config)` into a per-thread buffer of
    /// the size a layer uses, and returns a checksum so the work cannot be
    /// optimized away.
    public static func draw(_ spec: NetworkSpec, _ config: SimulationConfig) -> Double {
        let perSample = config.drawsPerLayer(for: spec) * spec.depth
        let chunk = max(1, min(perSample, rowsPerBlock(width: spec.width) * spec.width))
        let generator = config.generator
        // The reduced method draws normals whatever the ensemble's entries are.
        let kind = config.method == .reduced ? .normals : spec.ensemble.randomDraw
        switch generator.kind {
        case .xoshiro:
            return draw(samples: config.samples, perSample: perSample, chunk: chunk, threads: config.threads, kind: kind) {
                generator.xoshiroStream(seed: config.seed, index: $0)
            }
        case .xoshiroX8:
            return draw(samples: config.samples, perSample: perSample, chunk: chunk, threads: config.threads, kind: kind) {
                generator.xoshiroX8Stream(seed: config.seed, index: $0)
            }
        case .gsl:
            return draw(samples: config.samples, perSample: perSample, chunk: chunk, threads: config.threads, kind: kind) {
                generator.gslStream(seed: config.seed, index: $0)
            }
        }
    }

    static func draw<Bits: RandomNumberGenerator & SendableMetatype>(samples m: Int, perSample: Int, chunk: Int, threads: Int,
                                      kind: RandomDraw, stream: @Sendable (Int) -> RandomStream<Bits>) -> Double {
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        let box = SumsBox(sums: sums)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
            defer { buffer.deallocate() }
            var total = 0.0
            var i = worker
            while i < m {
                var source = stream(i)
                var left = perSample
                while left > 0 {
                    let k = min(chunk, left)
                    switch kind {
                    case .normals: source.fillStandardNormals(buffer, count: k)
                    case .uniforms: source.fillUniforms(buffer, count: k)
                    case .words:
                        buffer.withMemoryRebound(to: UInt64.self, capacity: k) { source.fillWords($0, count: k) }
                    }
                    total += buffer[k - 1]
                    left -= k
                }
                i += threads
            }
            box.sums[worker] = total
        }
        return sums.reduce(0, +)
    }

    struct SumsBox: @unchecked Sendable { let sums: UnsafeMutableBufferPointer<Double> }
}
