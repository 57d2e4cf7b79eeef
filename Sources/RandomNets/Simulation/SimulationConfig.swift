import Foundation

/// Everything a Monte Carlo run needs besides the network.
public struct SimulationConfig: Sendable {
    /// The number M of independent networks.
    public var samples: Int
    /// The run's seed; sample i draws from the stream derived from (seed, i).
    public var seed: UInt64
    /// The bit generator.
    public var generator: RandomGenerator
    /// Worker threads; never changes the output.
    public var threads: Int
    /// Full matrices, or only W x (rotation-invariant ensembles).
    public var method: SamplingMethod
    /// Keep S_l for every layer l of every sample (M x L doubles).
    public var recordTrajectories: Bool
    /// Index of this run's first sample in the whole run: local sample i
    /// draws from the stream of (seed, firstSample + i), so a run over
    /// samples a..<b (a shard, or a chunk between checkpoints) gives exactly
    /// the values the whole run gives for those indices.
    public var firstSample: Int = 0

    /// Creates a configuration after checking `samples` and `threads`.
    ///
    /// - Parameters:
    ///   - samples: The number M of independent networks (at least 2).
    ///   - seed: The run's seed; sample i draws from the stream of (seed, i).
    ///   - generator: The bit generator. Left out, it is
    ///     ``RandomGenerator/vectorized`` (`xoshiro256++x8`), the fastest:
    ///     per normal on one thread (gaussian weights, N = 64, the RNG floor
    ///     of `lyapsim bench`, 2026-11-24) mt19937 took 15.8 ns, xoshiro256++
    ///     2.5 ns and xoshiro256++x8 1.3 ns, so a library user who does not
    ///     choose gets a generator 12 times faster than mt19937 at the same
    ///     statistical quality checks. The command line keeps its own
    ///     default, ``RandomGenerator/default`` (`mt19937`), which it passes
    ///     explicitly, so `--seed K` keeps its meaning for saved runs.
    ///   - threads: Worker threads (1 to 1024); never changes the output.
    ///   - method: ``SamplingMethod/full`` or ``SamplingMethod/reduced``.
    ///   - recordTrajectories: Keep S_l for every layer of every sample.
    /// - Throws: ``InvalidParameter`` when `samples` or `threads` is out of range.
    public init(samples: Int, seed: UInt64 = 1, generator: RandomGenerator = .vectorized,
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

    /// The part of this run that simulates the indices `indices` of the whole
    /// run (a shard, a chunk): sample i still draws from the stream of
    /// (seed, i), so the parts' results are the whole run's, split.
    public func part(_ indices: Range<Int>) -> SimulationConfig {
        var part = self
        part.firstSample = firstSample + indices.lowerBound
        part.samples = indices.count
        return part
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

    /// Rejects a run whose ``memoryEstimate(for:)`` exceeds ``memoryBudget``.
    /// - Throws: ``InvalidParameter`` for `samples` (or `depth` when trajectories are kept).
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
