import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// xoshiro256++x8 (eight xoshiro256++ lanes, the ziggurat's fast path
/// vectorized) draws exact normals, passes the scalar generator's theorem
/// checks, and gives the same numbers at every instruction-set level.
@Suite("Vectorized generator: xoshiro256++x8")
struct VectorizedGeneratorTests {
    /// Lane l started from state (4l+1, 4l+2, 4l+3, 4l+4): the first three
    /// blocks of the interleaved stream (word 8b + l = lane l's b-th output),
    /// computed by a separate C transcription of Blackman and Vigna's
    /// published recurrence. Lane 0's column (41943041, 58720359,
    /// 3588806011781223) is the scalar generator's reference vector.
    static let referenceWords: [UInt64] = [
        41_943_041, 109_051_909, 176_160_777, 243_269_645, 310_378_513, 377_487_381, 444_596_249, 511_705_117,
        58_720_359, 92_274_923, 125_829_231, 159_384_051, 192_938_103, 226_492_667, 260_046_975, 293_602_307,
        3_588_806_011_781_223, 8_373_880_682_971_439, 3_588_806_011_781_351, 17_944_030_025_351_871,
        3_588_806_011_781_479, 8_373_880_682_971_695, 3_588_806_011_781_607, 37_084_328_710_112_735,
    ]

    static func referenceGenerator(_ level: Xoshiro256PlusPlusX8.Level) -> Xoshiro256PlusPlusX8 {
        Xoshiro256PlusPlusX8(lanes: (0..<8).map { l in
            let b = UInt64(4 * l)
            return (b + 1, b + 2, b + 3, b + 4)
        }, level: level)
    }

    @Test("every lane reproduces xoshiro256++'s reference output, at every level this CPU has",
          arguments: Xoshiro256PlusPlusX8.Level.available)
    func referenceOutput(_ level: Xoshiro256PlusPlusX8.Level) {
        var g = Self.referenceGenerator(level)
        #expect((0..<24).map { _ in g.next() } == Self.referenceWords)
        // Bulk words (the Rademacher and uniform kernels' path) are the same stream.
        var stream = RandomStream(bits: Self.referenceGenerator(level))
        let words = [UInt64](unsafeUninitializedCapacity: 24) { buffer, n in
            stream.fillWords(buffer.baseAddress!, count: 24)
            n = 24
        }
        #expect(words == Self.referenceWords)
        // Power: one flipped state bit in one lane changes that lane's words.
        var lanes: [(UInt64, UInt64, UInt64, UInt64)] = []
        for l in 0..<8 {
            let b = UInt64(4 * l)
            lanes.append((b + 1, b + 2, b + 3, b + 4))
        }
        lanes[5].0 ^= 1
        var h = Xoshiro256PlusPlusX8(lanes: lanes, level: level)
        #expect((0..<24).map { _ in h.next() } != Self.referenceWords)
    }

    @Test("the same seed gives the same normals and words bit for bit at every level (the portable C is the reference)",
          arguments: Xoshiro256PlusPlusX8.Level.available)
    func levelsAgree(_ level: Xoshiro256PlusPlusX8.Level) {
        // Odd sizes exercise partial blocks and chunk boundaries; 300_000
        // normals hold about 4500 slow-path draws (wedges and tails).
        let sizes = [1, 7, 8, 13, 1023, 1024, 1025, 4096, 300_000]
        func draw(_ level: Xoshiro256PlusPlusX8.Level) -> [UInt64] {
            var stream = RandomStream(bits: Xoshiro256PlusPlusX8(seed: 77, level: level))
            var out: [UInt64] = []
            for n in sizes {
                out += stream.standardNormals(n).map(\.bitPattern)
                out.append(stream.next())
                var u = [Double](repeating: 0, count: n)
                u.withUnsafeMutableBufferPointer { stream.fillUniforms($0.baseAddress!, count: n) }
                out += u.map(\.bitPattern)
            }
            return out
        }
        let portable = draw(.portable)
        let wide = draw(level)
        #expect(wide.count == portable.count)
        #expect(wide == portable, "level \(level) differs from the portable C")
        // Power: a different seed differs (the comparison can fail).
        var other = RandomStream(bits: Xoshiro256PlusPlusX8(seed: 78, level: level))
        #expect(other.standardNormals(8).map(\.bitPattern) != Array(portable[0..<8]))
    }

    @Test("10^7 normals: mean, variance, fourth moment, Kolmogorov-Smirnov against N(0,1), tail and wedge frequencies")
    func normals() throws {
        var source = RandomStream(bits: Xoshiro256PlusPlusX8(seed: 2025))
        let m = 10_000_000
        // Drawn in the simulation's chunk sizes (a 64-wide layer block) plus
        // odd ones, so partial blocks and chunk seams are in the sample.
        var z = [Double]()
        z.reserveCapacity(m)
        var k = 0
        while z.count < m {
            z += source.standardNormals(min([16_384, 1000, 7][k % 3], m - z.count))
            k += 1
        }
        let mm = Double(m)
        // Moments, KS, and power: a 0.5% scale error is rejected by KS.
        TestSupport.expectStandardNormal(z, wrongScale: 1.005)
        let fourth = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / mm
        #expect(abs(fourth - 3) < 4 * (96 / mm).squareRoot())
        func expectFrequency(_ p: Double, _ inside: (Double) -> Bool, _ what: String, powerAt error: Double) {
            var hits = 0
            for v in z where inside(abs(v)) { hits += 1 }
            let count = Double(hits)
            let sd = (mm * p * (1 - p)).squareRoot()
            #expect(abs(count - mm * p) < 4 * sd, "\(what): \(count) against \(mm * p)")
            // Power: a relative error `error` in that probability is rejected.
            #expect(abs(count - (1 + error) * mm * p) > 4 * sd, "\(what): power")
        }
        // The tail beyond the base layer's edge r comes only from Marsaglia's
        // tail method (2 Phi(-r) = 2.58e-4, about 2580 draws).
        let r = 3.6541528853610088
        expectFrequency(2 * Special.normalCDF(-r), { $0 > r }, "tail", powerAt: 0.2)
        // The wedges: |z| in (1, 2), and (2.5, r) where the wedge test
        // decides most draws.
        expectFrequency(2 * (Special.normalCDF(2) - Special.normalCDF(1)), { $0 > 1 && $0 < 2 }, "wedge 1-2", powerAt: 0.01)
        expectFrequency(2 * (Special.normalCDF(r) - Special.normalCDF(2.5)), { $0 > 2.5 && $0 < r }, "wedge 2.5-r", powerAt: 0.02)
    }

    @Test("uniforms: mean 1/2, variance 1/12, Kolmogorov-Smirnov against U(0,1)")
    func uniforms() {
        var source = RandomStream(bits: Xoshiro256PlusPlusX8(seed: 11))
        let m = 1_000_000
        var u = [Double](repeating: 0, count: m)
        u.withUnsafeMutableBufferPointer { source.fillUniforms($0.baseAddress!, count: m) }
        let moments = SampleMoments(u)
        #expect(abs(moments.mean - 0.5) < 4 * (1 / (12 * Double(m))).squareRoot())
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(KolmogorovSmirnov(u) { min(max($0, 0), 1) }.pValue > 0.001)
        // Power: U(0, 0.995) is rejected.
        #expect(KolmogorovSmirnov(u) { min(max($0 / 0.995, 0), 1) }.pValue < 0.001)
    }

    @Test("streams derive from (seed, sample): bit-identical for 1, 2 and 3 threads, and distinct per sample")
    func threadCountInvariance() throws {
        let spec = try NetworkSpec(width: 16, depth: 40, slope: 0.1, ensemble: .gaussian, sigma: 1.4)
        func finals(_ threads: Int) throws -> [Double] {
            let config = try SimulationConfig(samples: 30, seed: 9, generator: .vectorized, threads: threads)
            return try Simulator.run(spec, config).finalLogNorms
        }
        let one = try finals(1)
        #expect(try finals(2) == one)
        #expect(try finals(3) == one)
        #expect(Set(one).count == one.count)
    }
}
