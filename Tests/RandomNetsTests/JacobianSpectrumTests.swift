import Foundation
import RandomNets
import Testing

/// The Lyapunov spectrum of J_L = D_L W_L ... D_1 W_1 by the QR method against
/// the exact results of docs/theory.md, "Jacobian spectrum".
@Suite("Jacobian spectrum")
struct JacobianSpectrumTests {
    static func run(_ ensemble: Ensemble, width n: Int, slope a: Double, sigma: Double, depth: Int,
                    samples: Int, exponents k: Int? = nil, seed: UInt64, threads: Int = 2) throws
        -> (theory: SpectrumTheory, estimate: SpectrumEstimate)
    {
        let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: ensemble, sigma: sigma)
        let config = try SimulationConfig(samples: samples, seed: seed, generator: .fast, threads: threads)
        let samples = try JacobianSpectrum.simulate(spec, config, exponents: k ?? n)
        return (try SpectrumTheory(ensemble: ensemble, width: n, slope: a, sigma: sigma), SpectrumEstimate(samples))
    }

    @Test("Newman (1986): a = 1, gaussian, N = 8, every exponent within 4 standard errors; an off-by-one chi-square dof is rejected")
    func newmanSpectrum() throws {
        let (n, depth, m, sigma) = (8, 100, 200, 1.3)
        let (theory, estimate) = try Self.run(.gaussian, width: n, slope: 1, sigma: sigma, depth: depth,
                                              samples: m, seed: 9)
        var worstWrong = 0.0
        for k in 1...n {
            let exact = try #require(theory.exponents[k - 1])
            // Exact standard error: psi'((N-k+1)/2) / (4 L M).
            let se = (try #require(theory.exponentVariancesPerLayer[k - 1]) / Double(depth * m)).squareRoot()
            let z = (estimate.exponents[k - 1].mean - exact) / se
            #expect(abs(z) < 4, "k = \(k): \(estimate.exponents[k - 1].mean) vs \(exact), z = \(z)")
            // The empirical standard error agrees with the exact one.
            let empirical = try #require(estimate.exponents[k - 1].standardError)
            #expect(abs(empirical / se - 1) < 4 / (2 * Double(m)).squareRoot())
            // Power: chi^2 with N - k + 2 degrees of freedom instead of N - k + 1.
            let wrong = 0.5 * (log(2 * sigma * sigma / Double(n)) + (try Special.digamma(Double(n - k + 2) / 2)))
            worstWrong = max(worstWrong, abs(estimate.exponents[k - 1].mean - wrong) / se)
        }
        #expect(worstWrong > 4)
    }

    /// (N, K): one panel of the QR step, and 40 wide with three panels
    /// (`TangentFrame.panelWidth` 16), all K or a partial last panel.
    static let frames = [(6, 6), (40, 40), (40, 23)]

    @Test("a = 1, orthogonal: every exponent is log sigma to rounding, at any depth; log sigma + 1e-9 is not",
          arguments: frames)
    func orthogonalExact(width: Int, exponents: Int) throws {
        let (theory, estimate) = try Self.run(.orthogonal, width: width, slope: 1, sigma: 0.7, depth: 40,
                                              samples: 10, exponents: exponents, seed: 4)
        #expect(estimate.exponents.count == exponents)
        #expect(theory.isExact)
        for value in estimate.exponents {
            #expect(abs(value.mean - log(0.7)) < 1e-12)
            #expect(abs(value.mean - (log(0.7) + 1e-9)) > 1e-12)
        }
    }

    @Test("the exponent sum is E log|det W| + (N/2) log|a| at a = 0.1 for both closed-form ensembles; slope 0.105 is rejected",
          arguments: Ensemble.allCases)
    func exponentSum(ensemble: Ensemble) throws {
        let (n, depth, m) = (8, 100, 200)
        let sigma = LeakyReLU(slope: 0.1).heGain
        let (theory, estimate) = try Self.run(ensemble, width: n, slope: 0.1, sigma: sigma, depth: depth,
                                              samples: m, seed: 21)
        let sum = try #require(estimate.exponentSum)
        let se = (theory.exponentSumVariancePerLayer / Double(depth * m)).squareRoot()
        #expect(abs(sum.mean - theory.exponentSum) < 4 * se, "\(sum.mean) vs \(theory.exponentSum)")
        let wrong = try SpectrumTheory(ensemble: ensemble, width: n, slope: 0.105, sigma: sigma)
        #expect(abs(sum.mean - wrong.exponentSum) > 4 * se)
    }

    @Test("the sum is exact pathwise: for orthogonal weights at a = 1e-8, L sum_k lambda_k-hat - N L log sigma is log|a| times an integer (the count of negative pre-activations)",
          arguments: [6, 40])
    func sumIsPathwiseExactAtExtremeSlope(n: Int) throws {
        let (depth, a, sigma) = (30, 1e-8, 1.1)
        let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: .orthogonal, sigma: sigma)
        let samples = try JacobianSpectrum.simulate(spec, SimulationConfig(samples: 8, seed: 5, threads: 2),
                                                    exponents: n)
        for i in 0..<8 {
            let total = (0..<n).reduce(0.0) { $0 + samples.exponent($1, sample: i) } * Double(depth)
            let negatives = (total - Double(n * depth) * log(sigma)) / log(a)
            #expect(abs(negatives - negatives.rounded()) < 1e-6, "sample \(i): \(negatives)")
            #expect(negatives.rounded() > 0 && negatives.rounded() < Double(n * depth))
            // Power: the same check with a slope off by 0.1% fails.
            let wrongCount = (total - Double(n * depth) * log(sigma)) / log(a * 1.001)
            #expect(abs(wrongCount - wrongCount.rounded()) > 1e-6)
        }
    }

    @Test("the top exponent equals the forward lambda (closed form) at a = 0.1; the other ensemble's lambda is rejected",
          arguments: Ensemble.allCases)
    func topExponentIsForwardLambda(ensemble: Ensemble) throws {
        let (n, depth, m) = (4, 100, 400)
        let sigma = LeakyReLU(slope: 0.1).heGain
        let (theory, estimate) = try Self.run(ensemble, width: n, slope: 0.1, sigma: sigma, depth: depth,
                                              samples: m, exponents: 2, seed: 33)
        let top = estimate.exponents[0]
        // Exact: lambda_1-hat is a mean of L M iid forward increments.
        let se = (theory.forward.cltVariance / Double(depth * m)).squareRoot()
        #expect(abs(top.mean - theory.forward.lyapunovExponent) < 4 * se)
        let other: Ensemble = ensemble == .gaussian ? .orthogonal : .gaussian
        let wrong = try LyapunovTheory.predict(ensemble: other, width: n, slope: 0.1, sigma: sigma)
        #expect(abs(top.mean - wrong.lyapunovExponent) > 4 * se)
        // The forward vector of the same networks agrees too.
        #expect(try #require(estimate.topMinusForward.zScore(against: 0)).magnitude < 4)
    }

    @Test("z limit with an estimated stderr: Student-t's two-sided 2 Phi(-4) point (mpmath: 17.4482 at m = 5, 4.17845 at m = 100, 4.01708 at m = 1000); not the normal 4")
    func zLimitIsStudentT() {
        let expected: [(Int, Double)] = [(5, 17.4482279923623), (100, 4.17845076104989), (1000, 4.01708145272838)]
        for (m, t) in expected {
            #expect(abs(TheoryComparison.zLimit(samples: m) - t) < 1e-6 * t, "m = \(m)")
        }
        // Power: the normal quantile 4 is not what it returns for small m.
        #expect(abs(TheoryComparison.zLimit(samples: 100) - 4) > 0.1)
    }

    @Test("a spectrum run is bit-identical for 1 and 3 threads")
    func reproducible() throws {
        let spec = try NetworkSpec(width: 5, depth: 20, slope: 0.2, ensemble: "uniform", sigma: 1.2)
        let one = try JacobianSpectrum.simulate(spec, SimulationConfig(samples: 7, seed: 3, threads: 1), exponents: 5)
        let three = try JacobianSpectrum.simulate(spec, SimulationConfig(samples: 7, seed: 3, threads: 3), exponents: 5)
        #expect(one.exponents.map(\.bitPattern) == three.exponents.map(\.bitPattern))
        #expect(one.forwardLogNorms.map(\.bitPattern) == three.forwardLogNorms.map(\.bitPattern))
    }
}
