import Foundation

/// Runs a `SeveralVectorsJob` over M samples of one network spec. Sample i
/// uses the stream derived from (seed, i) and the job writes only sample i's
/// slots, so the output is bit-identical for any thread count.
public enum SeveralVectorsRunner {
    /// Runs `job` on `spec`; the ensemble's witness enters the generic loop
    /// with its concrete type, so the layer kernel is specialized.
    public static func run(_ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig) throws {
        try checkResources(job, spec, config)
        try spec.ensemble.runSeveralVectors(job, spec, config)
    }

    /// Refuses runs that would not fit in memory or would draw absurdly many
    /// random numbers (the same guards as `SimulationConfig.checkResources`).
    static func checkResources(_ job: any SeveralVectorsJob, _ spec: NetworkSpec,
                               _ config: SimulationConfig) throws {
        try checkResources(vectors: job.vectorCount, scratch: job.scratchCount(width: spec.width),
                           resultsPerSample: job.resultsPerSample, spec, config)
    }

    /// The same check from the sizes alone, before any job is built.
    static func checkResources(vectors k: Int, scratch: Int, resultsPerSample: Int, _ spec: NetworkSpec,
                               _ config: SimulationConfig) throws {
        let n = spec.width
        let perThread = 8.0 * (Double(scratch) + Double(spec.ensemble.scratchCount(width: n)) + 4 * Double(k) * Double(n) + Double(k * k))
        let need = perThread * Double(min(config.threads, config.samples))
            + 8.0 * Double(config.samples) * Double(resultsPerSample)
        guard need <= SimulationConfig.memoryBudget else {
            throw InvalidParameter(
                parameter: "depth",
                String(format: "this run needs %.1f GiB of memory, more than the %.1f GiB allowed (half of this machine); lower --depth, --width or --threads",
                       need / 1_073_741_824, SimulationConfig.memoryBudget / 1_073_741_824))
        }
        try config.checkMethod(for: spec.ensemble)
        let perLayer = config.method == .reduced ? n * min(k, n) : spec.ensemble.drawsPerLayer(width: n)
        let normals = Double(config.samples) * Double(spec.depth) * Double(perLayer)
        guard normals <= SimulationConfig.maxNormals else {
            throw InvalidParameter(
                parameter: "samples",
                String(format: "samples x depth x (random numbers per layer at width %d) = %.2g random numbers, more than %.0g (weeks of computing); lower them", n, normals, SimulationConfig.maxNormals))
        }
    }

    /// Picks the bit generator, so the loop specializes on it and on the
    /// layer draw (full, or reduced for rotation-invariant ensembles).
    static func run<D: LayerDraw>(_ draw: D, _ job: any SeveralVectorsJob, _ spec: NetworkSpec,
                                  _ config: SimulationConfig) {
        let generator = config.generator
        switch generator.kind {
        case .xoshiro: run(draw, job, spec, config) { generator.xoshiroStream(seed: config.seed, index: $0) }
        case .xoshiroX8: run(draw, job, spec, config) { generator.xoshiroX8Stream(seed: config.seed, index: $0) }
        case .gsl: run(draw, job, spec, config) { generator.gslStream(seed: config.seed, index: $0) }
        }
    }

    static func run<D: LayerDraw, Bits: RandomNumberGenerator & SendableMetatype>(
        _ draw: D, _ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig,
        stream: @Sendable (Int) -> RandomStream<Bits>
    ) {
        let m = config.samples, n = spec.width, k = job.vectorCount
        let threads = min(config.threads, m)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let vectors = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let images = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let normals = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.startNormals))
            let drawScratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, draw.severalScratchCount(width: n, vectors: k)))
            let jobScratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.scratchCount(width: n)))
            defer {
                vectors.deallocate(); images.deallocate(); normals.deallocate()
                drawScratch.deallocate(); jobScratch.deallocate()
            }
            var i = worker
            while i < m {
                var source = stream(i)
                if job.startNormals > 0 { source.fillStandardNormals(normals, count: job.startNormals) }
                job.start(sample: i, vectors: vectors, normals: normals, scratch: jobScratch)
                var done = 0
                for layer in 1...spec.depth {
                    draw.drawSeveral(x: vectors, vectors: k, h: images, width: n, scratch: drawScratch, stream: &source)
                    done = layer
                    if !job.layer(layer, sample: i, images: images, vectors: vectors, scratch: jobScratch) { break }
                }
                job.finish(sample: i, layersDone: done, scratch: jobScratch)
                i += threads
            }
        }
    }
}
