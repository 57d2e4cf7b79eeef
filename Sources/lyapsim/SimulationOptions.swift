import ArgumentParser
import Foundation
import RandomNets

/// How the Monte Carlo runs: depth, samples, randomness and threads.
struct SimulationOptions: ParsableArguments {
    @Option(name: .customLong("depth"), parsing: .unconditional,
            help: "Depth L: number of layers (1 to \(Validate.maxDepth); default 200). With --widths the depth is set by the widths.")
    var depthOption: Int?

    var depth: Int { depthOption ?? 200 }

    @Option(parsing: .unconditional, help: "Number M of independent networks (at least 2, and as many as fit in half the memory).")
    var samples: Int = 1000

    @Option(parsing: .unconditional, help: "Seed (0 to 18446744073709551615); sample i uses the stream derived from (seed, i), so output is identical for any --threads.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Bit generator: \(RandomGenerator.acceptedNames.joined(separator: ", ")). `lyapsim rngs` says why these.",
                               valueName: "name"))
    var rng: String = RandomGenerator.default.name

    @Option(parsing: .unconditional, help: "Worker threads (1 to 1024; default: the number of cores). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "full: a fresh N x N weight matrix per layer; reduced: only W x, exact for rotation-invariant ensembles (gaussian, orthogonal).")
    var method: SamplingMethod = .full

    @Option(name: .customLong("burn-in"), parsing: .unconditional,
            help: "Layers left out of estimate's Markov-chain estimates (0 to depth - 1; default 0 for gaussian and orthogonal, else min(20, depth/10)); other commands judge every layer.")
    var burnIn: Int?

    func validate() throws {
        try CLIError.usage {
            try Validate.depth(depth)
            try Validate.samples(samples)
            try Validate.threads(threads)
            _ = try RandomGenerator(name: rng)
            if let burnIn, burnIn < 0 || burnIn >= depth {
                throw InvalidParameter(parameter: "burn-in", "must be an integer from 0 to depth - 1 = \(depth - 1), got \(burnIn)")
            }
        }
    }

    /// Only estimate's Markov-chain statistics leave layers out; any other
    /// command would ignore --burn-in silently, so it refuses it.
    func refuseBurnIn(_ command: String) throws {
        if burnIn != nil {
            throw ValidationError("--burn-in: only estimate's Markov-chain statistics use a burn-in; \(command) has none")
        }
    }

    func config(recordTrajectories: Bool = false) throws -> SimulationConfig {
        try SimulationConfig(samples: samples, seed: seed, generator: RandomGenerator(name: rng),
                             threads: threads, method: method, recordTrajectories: recordTrajectories)
    }
}
