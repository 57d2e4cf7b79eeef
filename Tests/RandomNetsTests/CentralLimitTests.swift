import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// CLT (Kogler, Schwarz and Kittle: (S_L - L lambda)/sqrt(L) -> N(0, s^2)),
/// checked by Monte Carlo: the 95% interval of s^2-hat covers s^2, and the
/// standardized S_L passes Anderson-Darling at level 0.001.
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

    @Test("the 95% interval of s^2-hat covers s^2 and excludes a 25% error; S_L passes the normality test",
          arguments: cases)
    func varianceAndNormality(_ c: Case) throws {
        let (theory, est, _) = try TestSupport.estimate(c.ensemble, width: c.width, slope: c.slope,
                                                        depth: 200, samples: 2000, seed: 4242)
        let ci = try #require(est.cltVarianceInterval)
        #expect(ci.contains(theory.cltVariance), "s^2 = \(theory.cltVariance), CI \(ci)")
        // Power: the interval's half-width is ~6% of s^2 at M = 2000.
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
