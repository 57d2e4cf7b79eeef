import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// CLT (Kogler, Schwarz and Kittle: (S_L - L lambda)/sqrt(L) -> N(0, s^2)),
/// checked by Monte Carlo: the 4-sigma-level interval of s^2-hat covers s^2
/// (`TestSupport.strictVarianceInterval`), and the standardized S_L passes
/// Anderson-Darling at level 0.001.
@Suite("Central limit theorem: s^2 and normality of S_L")
struct CentralLimitTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let ensemble: Ensemble, width: Int, slope: Double
        var testDescription: String { "\(ensemble) N=\(width) a=\(slope)" }
    }

    static let cases: [Case] = [
        Case(ensemble: .gaussian, width: 4, slope: 0.1), Case(ensemble: .gaussian, width: 16, slope: 0.5),
        Case(ensemble: .gaussian, width: 32, slope: 1), Case(ensemble: .orthogonal, width: 4, slope: 0.1),
        Case(ensemble: .orthogonal, width: 8, slope: 0.5), Case(ensemble: .orthogonal, width: 16, slope: 0.01),
    ]

    @Test("the 4-sigma interval of s^2-hat covers s^2 and excludes a 25% error; S_L passes the normality test",
          arguments: cases)
    func varianceAndNormality(_ c: Case) throws {
        let (theory, est, result) = try TestSupport.estimate(c.ensemble, width: c.width, slope: c.slope,
                                                             depth: 200, samples: 2000, seed: 4242)
        let ci = TestSupport.strictVarianceInterval(result)
        #expect(ci.contains(theory.cltVariance), "s^2 = \(theory.cltVariance), CI \(ci)")
        // Power: at M = 2000 the 4-sigma half-width is about 4 sqrt(2/M) = 13%
        // of s^2 on the log scale, so a 25% error is excluded.
        #expect(!ci.contains(1.25 * theory.cltVariance))
        #expect(!ci.contains(0.8 * theory.cltVariance))
        let ad = try #require(est.normality)
        #expect(ad.pValue >= 0.001, "Anderson-Darling A* = \(ad.statistic), p = \(ad.pValue)")
    }

    @Test("power of the normality test: one layer's log-ratio (a skewed law) is rejected at the same M")
    func normalityTestHasPower() throws {
        let (_, est, _) = try TestSupport.estimate(.gaussian, width: 4, slope: 0.1, depth: 1,
                                                   samples: 2000, seed: 4242)
        let ad = try #require(est.normality)
        #expect(ad.pValue < 0.001)
    }
}
