import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// The normals that drive the simulation are N(0, 1), from every bit
/// generator `--rng` accepts.
@Suite("Random normals from every accepted bit generator")
struct NormalGeneratorTests {
    @Test("ziggurat normals over each accepted GSL generator: moments and Kolmogorov-Smirnov against N(0,1)",
          arguments: GSLBitGenerator.accepted.map(\.name))
    func gslNormals(name: String) throws {
        var g = RandomStream(bits: try GSLBitGenerator(name: name, seed: 12345))
        let m = 50_000
        // Power: a 5% error in the scale is rejected with the same sample.
        TestSupport.expectStandardNormal(g.standardNormals(m), wrongScale: 1.05)
    }

    @Test("law of large numbers with each accepted generator: lambda-hat within 4 standard errors (gaussian N = 4, a = 0.1)",
          arguments: RandomGenerator.acceptedNames)
    func lawOfLargeNumbers(name: String) throws {
        let run = try TestSupport.estimate(.gaussian, width: 4, slope: 0.1, depth: 50, samples: 400, seed: 5,
                                           method: .reduced, generator: RandomGenerator(name: name))
        let z = run.estimate.zScore(against: run.theory.lyapunovExponent)
        #expect(abs(z) <= 4, "\(name): z = \(z)")
        // Power: lambda off by 10% of its size (0.04 per layer) is rejected.
        #expect(abs(run.estimate.zScore(against: run.theory.lyapunovExponent * 1.1)) > 4, "\(name)")
    }

    @Test("distinct samples get distinct GSL seeds, and neighbouring seeds give unrelated streams")
    func distinctStreams() throws {
        let generator = try RandomGenerator(name: "mt19937")
        let config = try SimulationConfig(samples: 64, seed: 9, generator: generator, threads: 1, method: .reduced)
        let spec = try NetworkSpec(width: 4, depth: 3, slope: 0.1, ensemble: .gaussian, sigma: 1)
        let finals = try Simulator.run(spec, config).finalLogNorms
        #expect(Set(finals).count == finals.count)
    }

    @Test("refused generators: every GSL name outside the accepted list, and unknown names")
    func refused() {
        let accepted = Set(RandomGenerator.acceptedNames)
        let refused = GSLBitGenerator.allNames.filter { !accepted.contains($0) }
        #expect(refused.contains("ran1") && refused.contains("uni") && refused.contains("zuf"))
        for name in refused + ["nope", ""] {
            #expect(throws: InvalidParameter.self, "\(name)") { try RandomGenerator(name: name) }
        }
    }

    @Test("per-sample streams: the same (seed, index) repeats, different ones differ")
    func streamsAreDerivedDeterministically() {
        #expect(StreamSeed.derive(seed: 1, stream: 0) == StreamSeed.derive(seed: 1, stream: 0))
        #expect(StreamSeed.derive(seed: 1, stream: 0) != StreamSeed.derive(seed: 1, stream: 1))
        #expect(StreamSeed.derive(seed: 1, stream: 0) != StreamSeed.derive(seed: 2, stream: 0))
        let seeds = Set((0..<10_000).map { StreamSeed.derive(seed: 42, stream: UInt64($0)) })
        #expect(seeds.count == 10_000)
    }
}
