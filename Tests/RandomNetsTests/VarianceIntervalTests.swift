import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// CLT variance s^2 = Var(S_L)/L: its interval must cover at the stated level
/// when S_L is not normal. At depth 1 (gaussian, N = 16, a = 0.01) S_L has
/// kurtosis about 6, where the chi-square interval, exact only for normal data,
/// undercovers; Bonett's (2006) interval estimates the kurtosis.
@Suite("Variance interval without normality")
struct VarianceIntervalTests {
    @Test("LyapunovEstimate's 95% interval (Bonett) covers s^2 in 95% of runs, and Bonett's 4-sigma interval misses at most its 4-sigma binomial allowance, when S_L has excess kurtosis (gaussian N = 16, a = 0.01, L = 1); the chi-square interval fails both")
    func coverageWithExcessKurtosis() throws {
        let replications = 1000, samples = 1000
        let n = 16, a = 0.01
        let sigma = LeakyReLU(slope: a).heGain
        let spec = try NetworkSpec(width: n, depth: 1, slope: a, ensemble: .gaussian, sigma: sigma)
        let truth = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: sigma).cltVariance
        let strict = TheoryComparison.verdictLevel  // 1 - 2 Phi(-4)
        var covered = (bonett: 0, chiSquare: 0)
        var strictMisses = (bonett: 0, chiSquare: 0)
        for r in 0..<replications {
            let config = try SimulationConfig(samples: samples, seed: UInt64(700_000 + r), threads: 1, method: .reduced)
            let x = try Simulator.run(spec, config).finalLogNorms
            let s2 = SampleMoments(x).variance
            // What `lyapsim estimate` reports as the 95% interval of s^2.
            let reported = try #require(LyapunovEstimate(finalLogNorms: x, depth: 1).cltVarianceInterval)
            if reported.contains(truth) { covered.bonett += 1 }
            if VarianceInterval.chiSquare(sampleVariance: s2, count: samples).contains(truth) { covered.chiSquare += 1 }
            if !VarianceInterval.bonett(x, level: strict).contains(truth) { strictMisses.bonett += 1 }
            if !VarianceInterval.chiSquare(sampleVariance: s2, count: samples, level: strict).contains(truth) {
                strictMisses.chiSquare += 1
            }
        }
        let r = Double(replications)
        // 95%: the count of covering replications is Binomial(R, 0.95); 4 sd.
        let allowance = 4 * (0.95 * 0.05 / r).squareRoot()
        let bonett = Double(covered.bonett) / r, chiSquare = Double(covered.chiSquare) / r
        #expect(abs(bonett - 0.95) <= allowance, "reported interval's coverage \(bonett)")
        // Power: the same check rejects the chi-square interval (about 80% here).
        #expect(abs(chiSquare - 0.95) > allowance, "chi-square coverage \(chiSquare)")
        // 4-sigma level: misses are Binomial(R, 6.3e-5), mean 0.06; mean + 4 sd < 2.
        let p = 1 - strict
        let missLimit = r * p + 4 * (r * p * (1 - p)).squareRoot()
        #expect(Double(strictMisses.bonett) <= missLimit, "Bonett 4-sigma misses \(strictMisses.bonett)")
        #expect(Double(strictMisses.chiSquare) > missLimit, "chi-square 4-sigma misses \(strictMisses.chiSquare)")
    }

    @Test("on normal-looking S_L (depth 200, M = 2000) Bonett's 4-sigma interval covers s^2 and excludes a variance 25% off")
    func powerAgainstWrongVariance() throws {
        let (theory, _, result) = try TestSupport.estimate(.gaussian, width: 16, slope: 0.01, depth: 200,
                                                           samples: 2000, seed: 31, method: .reduced)
        let ci = VarianceInterval.bonett(result.finalLogNorms, level: TheoryComparison.verdictLevel)
        let truth = theory.cltVariance * 200
        #expect(ci.contains(truth), "interval \(ci), truth \(truth)")
        #expect(!ci.contains(1.25 * truth) && !ci.contains(0.8 * truth), "interval \(ci)")
    }

    @Test("fewer than 10 values give no finite bounds; a constant sample gives [0, 0]")
    func smallSamples() {
        #expect(VarianceInterval.bonett([1, 2, 3, 5, 8], level: 0.95) == 0...Double.infinity)
        #expect(VarianceInterval.bonett(Array(repeating: 2.5, count: 20), level: 0.95) == 0...0)
    }
}
