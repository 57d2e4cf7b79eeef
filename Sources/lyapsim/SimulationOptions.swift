import ArgumentParser
import Foundation
import RandomNets

/// How the Monte Carlo runs: depth, samples, randomness and threads.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Depth L: number of layers (1 to \(Validate.maxDepth)).")
    var depth: Int = 200

    @Option(help: "Number M of independent networks (at least 2, and as many as fit in half the memory).")
    var samples: Int = 1000

    @Option(help: "Seed; sample i uses the stream derived from (seed, i), so output is identical for any --threads.")
    var seed: UInt64 = 1

    @Option(help: "Random number generator: any GSL generator name (e.g. mt19937, ranlxd2, taus2).")
    var rng: String = RandomGenerator.default.name

    @Option(help: "Worker threads (1 to 1024; default: all cores). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "full: a fresh N x N weight matrix per layer; reduced: only W x, exact by rotation invariance.")
    var method: SamplingMethod = .full

    func validate() throws {
        do {
            try Validate.depth(depth)
            try Validate.samples(samples)
            try Validate.threads(threads)
            _ = try RandomGenerator(name: rng)
        } catch let e as InvalidParameter {
            throw e.validationError
        }
    }

    func config(recordTrajectories: Bool = false) throws -> SimulationConfig {
        try SimulationConfig(samples: samples, seed: seed, generator: RandomGenerator(name: rng),
                             threads: threads, method: method, recordTrajectories: recordTrajectories)
    }
}
