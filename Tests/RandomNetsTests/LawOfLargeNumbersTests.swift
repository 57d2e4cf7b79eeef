import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// LLN (Kogler, Schwarz and Kittle, Theorem: S_L / L -> lambda almost surely),
/// checked by Monte Carlo: lambda-hat = mean(S_L)/L within 4 standard errors of
/// the closed form. Each check also has power: with the same samples it rejects
/// the infinite-width value lambda = 0 at He gain (or, where the truth is 0 —
/// orthogonal and linear — the gaussian value).
@Suite("Law of large numbers: lambda-hat matches the closed form")
struct LawOfLargeNumbersTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let ensemble: Ensemble, width: Int, slope: Double
        var testDescription: String { "\(ensemble) N=\(width) a=\(slope)" }
    }

    static let grid: [Case] = Ensemble.allCases.flatMap { e in
        [2, 4, 8, 16, 32].flatMap { n in [0.01, 0.1, 0.5, 1].map { Case(ensemble: e, width: n, slope: $0) } }
    }

    @Test("lambda-hat within 4 standard errors of lambda on the grid, and the infinite-width value rejected",
          arguments: grid)
    func lambdaOnGrid(_ c: Case) throws {
        let depth = 100, samples = 200
        let seed = UInt64(1000 + c.width * 10 + Int(c.slope * 100)) + (c.ensemble == .gaussian ? 0 : 7)
        let (theory, est, _) = try TestSupport.estimate(c.ensemble, width: c.width, slope: c.slope,
                                                        depth: depth, samples: samples, seed: seed)
        let allowance = 4 * est.standardError + TestSupport.roundingAllowance(depth: depth)
        #expect(abs(est.lyapunovExponent - theory.lyapunovExponent) <= allowance,
                "lambda-hat \(est.lyapunovExponent) +- \(est.standardError), theory \(theory.lyapunovExponent)")
        // Power: a nearby wrong prediction fails the same check.
        var wrong = 0.0
        if theory.lyapunovExponent == 0 {
            wrong = try LyapunovTheory.predict(ensemble: .gaussian, width: c.width, slope: c.slope,
                                               sigma: LeakyReLU(slope: c.slope).heGain).lyapunovExponent
        }
        #expect(abs(est.lyapunovExponent - wrong) > allowance, "wrong value \(wrong) not rejected")
    }

    @Test("S_L / L concentrates: its spread falls like 1/sqrt(L) (Var S_L = L s^2 exactly)",
          arguments: Ensemble.allCases)
    func concentration(ensemble: Ensemble) throws {
        var spreads: [Double] = []
        for depth in [10, 100, 1000] {
            let (theory, _, result) = try TestSupport.estimate(ensemble, width: 8, slope: 0.2, depth: depth,
                                                               samples: 400, seed: 77, method: .full)
            let perLayer = result.finalLogNorms.map { $0 / Double(depth) }
            let sd = SampleMoments(perLayer).standardDeviation
            spreads.append(sd)
            // sd(S_L/L)^2 = s^2 / L: the 4-sigma interval of the variance covers
            // it and (power) excludes a factor 2 either way; at M = 400 its
            // half-width is about 4 sqrt(2/M) = 0.28 on the log scale.
            let ci = TestSupport.strictVarianceInterval(result)
            #expect(ci.contains(theory.cltVariance), "L = \(depth): CI \(ci), s^2 = \(theory.cltVariance)")
            #expect(!ci.contains(2 * theory.cltVariance) && !ci.contains(theory.cltVariance / 2), "L = \(depth): CI \(ci)")
        }
        #expect(spreads[0] > spreads[1] && spreads[1] > spreads[2])
        // 10x the depth: sd / sqrt(10). With 400 samples, sd is known to ~3.5%.
        #expect(abs(spreads[0] / spreads[1] - 10.squareRoot()) < 0.5)
        #expect(abs(spreads[1] / spreads[2] - 10.squareRoot()) < 0.5)
    }
}
