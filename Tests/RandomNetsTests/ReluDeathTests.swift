import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// ReLU (a = 0): a layer maps x to exactly 0 when every pre-activation is
/// negative, probability 2^-N, so after L layers a network is dead with
/// probability 1 - (1 - 2^-N)^L, for both ensembles.
@Suite("ReLU death: dead networks follow 1 - (1 - 2^-N)^L")
struct ReluDeathTests {
    @Test("the dead count is within 4 binomial standard deviations, and 2^-(N+1) is rejected",
          arguments: Ensemble.allCases)
    func deadFraction(ensemble: Ensemble) throws {
        for (n, depth) in [(2, 3), (3, 8), (4, 10), (6, 40)] {
            let (theory, est, _) = try TestSupport.estimate(ensemble, width: n, slope: 0, depth: depth,
                                                            samples: 4000, seed: 99)
            let m = 4000.0
            func z(_ p: Double) -> Double { (Double(est.deadCount) - m * p) / (m * p * (1 - p)).squareRoot() }
            let exact = theory.deathProbability(depth: depth)
            #expect(abs(z(exact)) <= 4, "N=\(n) L=\(depth): \(est.deadCount) dead, expected \(m * exact)")
            let halved = 1 - pow(1 - pow(2, -Double(n + 1)), Double(depth))
            #expect(abs(z(halved)) > 4, "N=\(n): the wrong law 2^-(N+1) was not rejected")
        }
    }

    @Test("surviving ReLU networks grow at the conditional exponent E[log r | alive]")
    func survivorsFollowConditionalLambda() throws {
        let (theory, est, _) = try TestSupport.estimate(.gaussian, width: 4, slope: 0, depth: 20,
                                                        samples: 2000, seed: 5)
        #expect(est.survivors < 2000 && est.survivors > 0)
        #expect(abs(est.lyapunovExponent - theory.survivingLyapunovExponent) <= 4 * est.standardError)
    }
}
