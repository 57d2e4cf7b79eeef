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

    /// Runs every sample through `PerSampleRun` (the one generator switch and
    /// thread loop), so the loop specializes on the bit generator and on the
    /// layer draw (full, or reduced for rotation-invariant ensembles), and
    /// sample i draws from the stream of (seed, config.firstSample + i).
    static func run<D: LayerDraw>(_ draw: D, _ job: any SeveralVectorsJob, _ spec: NetworkSpec,
                                  _ config: SimulationConfig) {
        PerSampleRun.run(Work(draw: draw, job: job, width: spec.width, depth: spec.depth), config)
    }

    /// One sample of a several-vectors job: start, push the k vectors
    /// through every layer until the job stops, finish.
    struct Work<D: LayerDraw>: PerSampleWork {
        let draw: D
        let job: any SeveralVectorsJob
        let width: Int, depth: Int

        struct Workspace {
            let vectors, images, normals, drawScratch, jobScratch: UnsafeMutablePointer<Double>
        }

        func makeWorkspace() -> Workspace {
            let n = width, k = job.vectorCount
            return Workspace(vectors: .allocate(capacity: k * n), images: .allocate(capacity: k * n),
                             normals: .allocate(capacity: max(1, job.startNormals)),
                             drawScratch: .allocate(capacity: max(1, draw.severalScratchCount(width: n, vectors: k))),
                             jobScratch: .allocate(capacity: max(1, job.scratchCount(width: n))))
        }

        func release(_ w: Workspace) {
            w.vectors.deallocate(); w.images.deallocate(); w.normals.deallocate()
            w.drawScratch.deallocate(); w.jobScratch.deallocate()
        }

        func sample<Bits: RandomNumberGenerator>(_ i: Int, stream source: inout RandomStream<Bits>, workspace w: Workspace) {
            if job.startNormals > 0 { source.fillStandardNormals(w.normals, count: job.startNormals) }
            job.start(sample: i, vectors: w.vectors, normals: w.normals, scratch: w.jobScratch)
            var done = 0
            for layer in 1...depth {
                draw.drawSeveral(x: w.vectors, vectors: job.vectorCount, h: w.images, width: width,
                                 scratch: w.drawScratch, stream: &source)
                done = layer
                if !job.layer(layer, sample: i, images: w.images, vectors: w.vectors, scratch: w.jobScratch) { break }
            }
            job.finish(sample: i, layersDone: done, scratch: w.jobScratch)
        }
    }
}
