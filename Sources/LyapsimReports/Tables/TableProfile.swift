import RandomNets

/// How much Monte Carlo the tables spend: `quick` (about a minute on 2 cores,
/// checked in CI) or `full` (the published precision, under 30 minutes).
public enum TableProfile: String, CaseIterable, Sendable {
    case quick, full

    /// Multiplies every sample count.
    var sampleScale: Int { self == .quick ? 1 : 10 }
}

/// Everything a table builder needs: profile, seed, threads, generator.
public struct TableContext: Sendable {
    public let profile: TableProfile
    public let seed: UInt64
    public let threads: Int
    public let generator: RandomGenerator

    public init(profile: TableProfile, seed: UInt64, threads: Int, generator: RandomGenerator = .fast) {
        self.profile = profile
        self.seed = seed
        self.threads = threads
        self.generator = generator
    }

    /// The seed of cell `cell` of table `table`: distinct, and independent of
    /// which tables are run (`--only`), so a table is the same alone or in the set.
    func seed(table: Int, cell: Int) -> UInt64 {
        StreamSeed.derive(seed: seed, stream: UInt64(table) << 32 | UInt64(cell))
    }

    func samples(_ base: Int) -> Int { base * profile.sampleScale }

    /// One Monte Carlo run and its summary.
    func simulate(_ ensemble: Ensemble, width: Int, slope: Double, sigma: Double, depth: Int, samples: Int,
                  method: SamplingMethod, seed: UInt64, trajectories: Bool = false) throws -> SimulationResult {
        let spec = try NetworkSpec(width: width, depth: depth, slope: slope, ensemble: ensemble, sigma: sigma)
        let config = try SimulationConfig(samples: samples, seed: seed, generator: generator, threads: threads,
                                          method: method, recordTrajectories: trajectories)
        return try Simulator.run(spec, config)
    }
}
