import Foundation

/// Everything a Monte Carlo run needs besides the network.
public struct SimulationConfig: Sendable {
    public var samples: Int
    public var seed: UInt64
    public var generator: RandomGenerator
    public var threads: Int
    public var method: SamplingMethod
    /// Keep S_l for every layer l of every sample (M x L doubles).
    public var recordTrajectories: Bool
    /// Index of this run's first sample in the whole run: local sample i
    /// draws from the stream of (seed, firstSample + i), so a run over
    /// samples a..<b (a shard, or a chunk between checkpoints) gives exactly
    /// the values the whole run gives for those indices.
    public var firstSample: Int = 0

    public init(samples: Int, seed: UInt64 = 1, generator: RandomGenerator = .default,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                method: SamplingMethod = .full, recordTrajectories: Bool = false) throws {
        try Validate.samples(samples)
        try Validate.threads(threads)
        self.samples = samples
        self.seed = seed
        self.generator = generator
        self.threads = threads
        self.method = method
        self.recordTrajectories = recordTrajectories
    }

    /// This config with what cannot change a number normalized: the thread
    /// count (streams are per sample, so any count gives the same bits) and
    /// the first sample of a shard or chunk. The form a run's identity hashes.
    public var identityForm: SimulationConfig {
        var copy = self
        copy.threads = 1
        copy.firstSample = 0
        return copy
    }

    /// Memory the run would hold, in bytes, so an absurd request fails before
    /// allocating: the per-sample results, the optional trajectories and two
    /// width-sized buffers per thread.
    public func memoryEstimate(for spec: NetworkSpec) -> Double {
        let perSample = 8.0 * Double(samples) * (recordTrajectories ? Double(spec.depth) + 1 : 1)
        let perThread = 8.0 * Double(spec.ensemble.scratchCount(width: spec.width) + 2 * spec.width)
        return perSample + perThread * Double(threads)
    }

    /// Half of this machine's memory: the ceiling for one run.
    public static var memoryBudget: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    /// Most random numbers one run may draw: at a few ns each on 2 cores,
    /// 1e15 is weeks of computing, a typo rather than a study.
    public static let maxNormals = 1e15

    /// Random draws one layer makes under this method.
    public func drawsPerLayer(for spec: NetworkSpec) -> Int {
        method == .reduced ? spec.width : spec.ensemble.drawsPerLayer(width: spec.width)
    }

    /// Random numbers one run draws (M * L * draws per layer).
    public func normalsDrawn(for spec: NetworkSpec) -> Double {
        Double(samples) * Double(spec.depth) * Double(drawsPerLayer(for: spec))
    }

    /// Rejects runs whose method the ensemble does not allow, that would not
    /// fit in memory, or that would draw absurdly many random numbers, before
    /// anything is allocated.
    public func checkResources(for spec: NetworkSpec) throws {
        try checkMethod(for: spec.ensemble)
        try checkMemory(for: spec)
        let normals = normalsDrawn(for: spec)
        guard normals <= SimulationConfig.maxNormals else {
            throw InvalidParameter(
                parameter: "samples",
                String(format: "samples x depth x (random numbers per layer at width %d) = %.2g random numbers, more than %.0g (weeks of computing); lower them", spec.width, normals, SimulationConfig.maxNormals))
        }
    }

    /// The reduced method is exact only for rotation-invariant ensembles.
    public func checkMethod(for ensemble: any WeightEnsemble) throws {
        guard method == .full || ensemble.isRotationInvariant else {
            throw InvalidParameter(
                parameter: "method",
                "reduced is exact only for rotation-invariant ensembles (\(EnsembleRegistry.rotationInvariantNames.joined(separator: ", "))), not \(ensemble.name)")
        }
    }

    public func checkMemory(for spec: NetworkSpec) throws {
        let need = memoryEstimate(for: spec)
        guard need <= SimulationConfig.memoryBudget else {
            let gib = { (b: Double) in String(format: "%.1f GiB", b / 1_073_741_824) }
            let what = recordTrajectories ? "samples x depth" : "samples"
            throw InvalidParameter(
                parameter: recordTrajectories ? "depth" : "samples",
                "\(what) needs \(gib(need)) of memory, more than the \(gib(SimulationConfig.memoryBudget)) allowed (half of this machine)")
        }
    }
}
