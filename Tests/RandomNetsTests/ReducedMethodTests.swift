import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// The reduced sampler (only W x per layer, exact by rotation invariance) and
/// the full sampler (a whole weight matrix per layer) give S_L the same law.
@Suite("Reduced and full samplers agree in distribution")
struct ReducedMethodTests {
    @Test("two-sample Kolmogorov-Smirnov on S_L does not reject; a 10% change of sigma is rejected",
          arguments: Ensemble.allCases)
    func sameLaw(ensemble: Ensemble) throws {
        let (_, _, full) = try TestSupport.estimate(ensemble, width: 6, slope: 0.2, depth: 50,
                                                    samples: 3000, seed: 31, method: .full)
        let (_, _, reduced) = try TestSupport.estimate(ensemble, width: 6, slope: 0.2, depth: 50,
                                                       samples: 3000, seed: 32, method: .reduced)
        let ks = KolmogorovSmirnov(full.finalLogNorms, reduced.finalLogNorms)
        #expect(ks.pValue > 0.001, "KS D = \(ks.statistic)")
        let heGain = LeakyReLU(slope: 0.2).heGain
        let (_, _, shifted) = try TestSupport.estimate(ensemble, width: 6, slope: 0.2, sigma: 1.1 * heGain,
                                                       depth: 50, samples: 3000, seed: 33, method: .reduced)
        #expect(KolmogorovSmirnov(full.finalLogNorms, shifted.finalLogNorms).pValue < 0.001)
    }

    @Test("reduced lambda-hat matches the closed form at depth 10^4", arguments: Ensemble.allCases)
    func reducedLLN(ensemble: Ensemble) throws {
        let (theory, est, _) = try TestSupport.estimate(ensemble, width: 3, slope: 0.05, depth: 10_000,
                                                        samples: 50, seed: 12, method: .reduced)
        #expect(abs(est.lyapunovExponent - theory.lyapunovExponent) <= 4 * est.standardError)
    }
}
