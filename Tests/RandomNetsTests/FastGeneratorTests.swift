import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// The fast path (xoshiro256++ with lyapsim's ziggurat) draws exact normals
/// and passes the same theorem checks as GSL's generators.
@Suite("Fast generator: xoshiro256++ and the ziggurat")
struct FastGeneratorTests {
    @Test("moments, Kolmogorov-Smirnov against N(0,1), and the tail beyond the ziggurat's base layer")
    func normals() throws {
        var source = RandomStream(seed: 2024)
        let m = 1_000_000
        let z = source.standardNormals(m)
        let mm = Double(m)
        // Power: a 2% scale error is rejected with these 10^6 draws.
        TestSupport.expectStandardNormal(z, wrongScale: 1.02)
        let fourth = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / mm
        #expect(abs(fourth - 3) < 4 * (96 / mm).squareRoot())
        // The tail |z| > 3.6541528853610088 comes from Marsaglia's tail method:
        // its frequency is 2 Phi(-r) = 2.58e-4, about 258 of 10^6.
        let r = 3.6541528853610088
        let p = 2 * Special.normalCDF(-r)
        let tail = Double(z.lazy.filter { abs($0) > r }.count)
        #expect(abs(tail - mm * p) < 4 * (mm * p * (1 - p)).squareRoot())
        // And the wedges: |z| in (1, 2) has probability 2 (Phi(2) - Phi(1)).
        let wedge = Double(z.lazy.filter { abs($0) > 1 && abs($0) < 2 }.count)
        let q = 2 * (Special.normalCDF(2) - Special.normalCDF(1))
        #expect(abs(wedge - mm * q) < 4 * (mm * q * (1 - q)).squareRoot())
    }

    @Test("xoshiro256++ reproduces the algorithm's output from state (1, 2, 3, 4)")
    func referenceOutput() {
        var g = Xoshiro256PlusPlus(state: (1, 2, 3, 4))
        // First word by hand: rotl(s0 + s3, 23) + s0 = 5 * 2^23 + 1. The next
        // three from a separate C transcription of Blackman and Vigna's code.
        let expected: [UInt64] = [41_943_041, 58_720_359, 3_588_806_011_781_223, 3_591_011_842_654_386]
        #expect((0..<4).map { _ in g.next() } == expected)
        // Bits are balanced: the mean popcount of 10^5 words is 32 (sd 4 per word).
        var total = 0
        for _ in 0..<100_000 { total += g.next().nonzeroBitCount }
        #expect(abs(Double(total) / 100_000 - 32) < 4 * 4 / 100_000.0.squareRoot())
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let ensemble: Ensemble, width: Int, slope: Double, method: SamplingMethod, generator: RandomGenerator
        var testDescription: String { "\(ensemble) N=\(width) a=\(slope) \(method) \(generator)" }
    }

    static let cases: [Case] = [RandomGenerator.fast, .vectorized].flatMap { g in
        Ensemble.allCases.flatMap { e in
            [(4, 0.1), (16, 0.5), (32, 0.01)].flatMap { (n, a) in
                SamplingMethod.allCases.map { Case(ensemble: e, width: n, slope: a, method: $0, generator: g) }
            }
        }
    }

    @Test("LLN and CLT with the fast and the vectorized generator (full and reduced methods)", arguments: cases)
    func theoremChecks(_ c: Case) throws {
        let (theory, est, _) = try TestSupport.estimate(c.ensemble, width: c.width, slope: c.slope,
                                                        depth: 100, samples: 1000, seed: 606,
                                                        method: c.method, generator: c.generator)
        #expect(abs(est.lyapunovExponent - theory.lyapunovExponent) <= 4 * est.standardError)
        #expect(abs(est.lyapunovExponent) > 4 * est.standardError, "power: lambda = 0 not rejected")
        let ci = try #require(est.cltVarianceInterval)
        let wide = VarianceInterval.chiSquare(sampleVariance: est.cltVariance, count: est.survivors, level: 0.9999)
        #expect(wide.contains(theory.cltVariance), "95% CI \(ci)")
        #expect(try #require(est.normality).pValue >= 0.001)
    }
}
