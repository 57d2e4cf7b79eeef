import Foundation
import RandomNets
import Testing

/// The normals that drive the simulation are N(0, 1).
@Suite("Random normals")
struct NormalGeneratorTests {
    @Test("GSL ziggurat normals: moments and Kolmogorov-Smirnov against N(0,1)",
          arguments: ["mt19937", "ranlxd2", "taus2"])
    func gslNormals(name: String) throws {
        var g = try GSLGenerator(name: name, seed: 12345)
        let m = 100_000
        // Power: a 5% error in the scale is rejected with the same sample.
        TestSupport.expectStandardNormal(g.standardNormals(m), wrongScale: 1.05)
    }

    @Test("per-sample streams: the same (seed, index) repeats, different ones differ")
    func streamsAreDerivedDeterministically() {
        #expect(StreamSeed.derive(seed: 1, stream: 0) == StreamSeed.derive(seed: 1, stream: 0))
        #expect(StreamSeed.derive(seed: 1, stream: 0) != StreamSeed.derive(seed: 1, stream: 1))
        #expect(StreamSeed.derive(seed: 1, stream: 0) != StreamSeed.derive(seed: 2, stream: 0))
        let seeds = Set((0..<10_000).map { StreamSeed.derive(seed: 42, stream: UInt64($0)) })
        #expect(seeds.count == 10_000)
    }

    @Test("unknown generator names are rejected")
    func unknownGenerator() {
        #expect(throws: InvalidParameter.self) { try RandomGenerator(name: "nope") }
    }
}
