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
        let perThread = 8.0 * (Double(scratch) + Double(spec.ensemble.scratchCount(width: n)) + 4 * Double(k) * Double(n))
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

    static func run<E: WeightEnsemble>(_ ensemble: E, _ job: any SeveralVectorsJob, _ spec: NetworkSpec,
                                       _ config: SimulationConfig) {
        let generator = config.generator
        if generator.isFast {
            run(ensemble, job, spec, config) { generator.xoshiroStream(seed: config.seed, index: $0) }
        } else {
            run(ensemble, job, spec, config) { generator.gslStream(seed: config.seed, index: $0) }
        }
    }

    static func run<E: WeightEnsemble, Bits: RandomNumberGenerator & SendableMetatype>(
        _ ensemble: E, _ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig,
        stream: @Sendable (Int) -> RandomStream<Bits>
    ) {
        let m = config.samples, n = spec.width, k = job.vectorCount
        let threads = min(config.threads, m)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let vectors = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let images = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let normals = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.startNormals))
            let ensembleScratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, ensemble.scratchCount(width: n)))
            let jobScratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.scratchCount(width: n)))
            defer {
                vectors.deallocate(); images.deallocate(); normals.deallocate()
                ensembleScratch.deallocate(); jobScratch.deallocate()
            }
            var i = worker
            while i < m {
                var source = stream(i)
                if job.startNormals > 0 { source.fillStandardNormals(normals, count: job.startNormals) }
                job.start(sample: i, vectors: vectors, normals: normals, scratch: jobScratch)
                var done = 0
                for layer in 1...spec.depth {
                    ensemble.applyFresh(to: vectors, vectors: k, width: n, into: images,
                                        scratch: ensembleScratch, stream: &source)
                    done = layer
                    if !job.layer(layer, sample: i, images: images, vectors: vectors, scratch: jobScratch) { break }
                }
                job.finish(sample: i, layersDone: done, scratch: jobScratch)
                i += threads
            }
        }
    }

    /// The reduced method for k vectors, exact for rotation-invariant
    /// ensembles: with Q an orthonormal basis of span(v_1...v_k) (r <= k
    /// columns, found by Gram-Schmidt) and C = Q^T V, W V = (W Q) C, and W Q
    /// has one law for every such Q, independent of the past. So a layer
    /// costs n r random numbers instead of the n^2 of a full W.
    static func runReduced<E: RotationInvariantEnsemble>(_ ensemble: E, _ job: any SeveralVectorsJob,
                                                         _ spec: NetworkSpec, _ config: SimulationConfig) {
        let generator = config.generator
        if generator.isFast {
            runReduced(ensemble, job, spec, config) { generator.xoshiroStream(seed: config.seed, index: $0) }
        } else {
            runReduced(ensemble, job, spec, config) { generator.gslStream(seed: config.seed, index: $0) }
        }
    }

    static func runReduced<E: RotationInvariantEnsemble, Bits: RandomNumberGenerator & SendableMetatype>(
        _ ensemble: E, _ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig,
        stream: @Sendable (Int) -> RandomStream<Bits>
    ) {
        let m = config.samples, n = spec.width, k = job.vectorCount
        let threads = min(config.threads, m)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let vectors = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let images = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let basis = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let frameImage = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            let coefficients = UnsafeMutablePointer<Double>.allocate(capacity: k * k)
            let small = UnsafeMutablePointer<Double>.allocate(capacity: k)
            let normals = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.startNormals))
            let jobScratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, job.scratchCount(width: n)))
            defer {
                vectors.deallocate(); images.deallocate(); basis.deallocate(); frameImage.deallocate()
                coefficients.deallocate(); small.deallocate(); normals.deallocate(); jobScratch.deallocate()
            }
            var i = worker
            while i < m {
                var source = stream(i)
                if job.startNormals > 0 { source.fillStandardNormals(normals, count: job.startNormals) }
                job.start(sample: i, vectors: vectors, normals: normals, scratch: jobScratch)
                var done = 0
                for layer in 1...spec.depth {
                    basis.update(from: vectors, count: k * n)
                    let r = TangentFrame.orthonormalize(basis, count: min(k, n), width: n, logR: nil,
                                                        coefficients: small)
                    // C[c][v] = q_c . v_v, then W v_v = sum_c C[c][v] (W q_c).
                    for c in 0..<r {
                        for v in 0..<k { coefficients[c * k + v] = Kernels.dot(basis + c * n, vectors + v * n, n) }
                    }
                    ensemble.drawImageOfOrthonormalFrame(into: frameImage, columns: r, width: n,
                                                         scratch: small, stream: &source)
                    images.update(repeating: 0, count: k * n)
                    for v in 0..<k {
                        let out = images + v * n
                        for c in 0..<r {
                            let coefficient = coefficients[c * k + v], column = frameImage + c * n
                            for t in 0..<n { out[t] += coefficient * column[t] }
                        }
                    }
                    done = layer
                    if !job.layer(layer, sample: i, images: images, vectors: vectors, scratch: jobScratch) { break }
                }
                job.finish(sample: i, layersDone: done, scratch: jobScratch)
                i += threads
            }
        }
    }
}
