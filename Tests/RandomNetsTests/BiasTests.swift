import Foundation
import RandomNets
import Testing

/// Networks with biases, x_l = phi(W_l x_{l-1} + b_l): the mean field
/// (Poole et al. 2016; Schoenholz et al. 2017) and the Jacobian's top
/// exponent at finite width (docs/theory.md, "Biases").
@Suite("Biases: mean field and the Jacobian's exponents")
struct BiasTests {
    @Test("Leaky ReLU with biases: chi_1 = sigma^2 (1+a^2)/2 whatever sigma_b, q* = sigma_b^2/(1 - chi_1), and V(q*) = q*")
    func leakyClosedForm() throws {
        for (a, sigma, sb) in [(0.1, 1.2, 0.5), (0.0, 1.0, 0.1), (0.3, 0.5, 2.0)] {
            let t = try MeanField(activation: LeakyReLU(slope: a), sigma: sigma, biasSigma: sb)
            let chi = sigma * sigma * (1 + a * a) / 2
            #expect(abs(t.chi1 - chi) <= 1e-15)
            let q = try #require(t.fixedPointQ)
            #expect(abs(q - sb * sb / (1 - chi)) <= 1e-14 * q)
            #expect(abs(try t.variance(after: q) - q) <= 1e-13 * q)
            #expect(t.correlationFixedPoint == 1 && abs(t.chiC - chi) <= 1e-15)
        }
        // Chaotic Leaky ReLU: no fixed point (q_l grows like chi_1^l).
        #expect(try MeanField(activation: LeakyReLU(slope: 0.1), sigma: 1.6, biasSigma: 0.3).fixedPointQ == nil)
    }

    /// Values from `python3 tools/reference_meanfield_bias.py` (mpmath, nested quadrature).
    @Test("tanh with biases: q*, chi_1, c* and chi_c match the 25-digit mpmath values to 1e-9")
    func tanhReference() throws {
        for c in MeanFieldBiasReferenceValues.tanh {
            let t = try MeanField(activation: Tanh(), sigma: c.sigma, biasSigma: c.biasSigma)
            let label = "sigma \(c.sigma), sigma_b \(c.biasSigma)"
            #expect(abs(try #require(t.fixedPointQ) - c.fixedPointQ) <= 1e-9 * max(1, c.fixedPointQ), "\(label): q*")
            #expect(abs(t.chi1 - c.chi1) <= 1e-9, "\(label): chi_1 \(t.chi1) vs \(c.chi1)")
            #expect(abs(t.correlationFixedPoint - c.correlationFixedPoint) <= 1e-9, "\(label): c* \(t.correlationFixedPoint) vs \(c.correlationFixedPoint)")
            #expect(abs(t.chiC - c.chiC) <= 1e-9, "\(label): chi_c \(t.chiC) vs \(c.chiC)")
        }
        // Power: leaving the biases out moves q* far outside the tolerance.
        let c = try #require(MeanFieldBiasReferenceValues.tanh.first)
        let unbiased = try MeanField(activation: Tanh(), sigma: c.sigma)
        #expect(abs(try #require(unbiased.fixedPointQ) - c.fixedPointQ) > 1e-3)
    }

    /// A linear network's Jacobian is W_L ... W_1 whatever the biases, so
    /// its spectrum is Newman's: lambda_k = (1/2)[log(2 sigma^2/N) + psi((N-k+1)/2)].
    @Test("slope 1 with biases: every exponent matches Newman's exact value (4.5 sigma over 6 checks); a width-7 prediction is rejected")
    func linearIsNewman() throws {
        let n = 6, depth = 200
        let config = try SimulationConfig(samples: 200, seed: 11, generator: .vectorized, threads: 2)
        let s = try BiasedSpectrum.simulate(width: n, depth: depth, activation: LeakyReLU(slope: 1),
                                            ensemble: GaussianEnsemble(sigma: 1.1), biasSigma: 0.7, exponents: n,
                                            config: config)
        let exact = try SpectrumTheory(ensemble: .gaussian, width: n, slope: 1, sigma: 1.1)
        let wrong = try SpectrumTheory(ensemble: .gaussian, width: n + 1, slope: 1, sigma: 1.1)
        var rejected = 0
        for k in 0..<n {
            let values = (0..<200).map { s.exponents[$0 * n + k] }
            let m = SampleMoments(values)
            let se = (m.variance / 200).squareRoot()
            let z = (m.mean - (try #require(exact.exponents[k]))) / se
            #expect(abs(z) <= 4.5, "k = \(k + 1): z = \(z)")
            if abs((m.mean - (try #require(wrong.exponents[k]))) / se) > 4.5 { rejected += 1 }
        }
        #expect(rejected == n)
    }

    @Test("Leaky ReLU with biases: lambda_1 approaches (1/2) log chi_1 from below as N grows (16, 64, 256)")
    func largeWidthLimit() throws {
        let target = 0.5 * log(1.2 * 1.2 * 1.01 / 2)
        var gaps: [Double] = []
        for (n, samples) in [(16, 60), (64, 40), (256, 12)] {
            let config = try SimulationConfig(samples: samples, seed: 3, generator: .vectorized, threads: 2)
            let s = try BiasedSpectrum.simulate(width: n, depth: 100, activation: LeakyReLU(slope: 0.1),
                                                ensemble: GaussianEnsemble(sigma: 1.2), biasSigma: 0.5, exponents: 1,
                                                config: config)
            let m = SampleMoments(s.exponents)
            let se = (m.variance / Double(samples)).squareRoot()
            gaps.append(target - m.mean)
            #expect(m.mean < target + 4 * se, "N = \(n): finite width lowers lambda_1")
        }
        #expect(gaps[0] > gaps[1] && gaps[1] > gaps[2], "\(gaps)")
        #expect(gaps[2] < 0.01, "N = 256: within 0.01 of (1/2) log chi_1, gap \(gaps[2])")
    }

    @Test("biased spectrum runs are bit-identical for 1 and 3 threads")
    func reproducible() throws {
        var config = try SimulationConfig(samples: 9, seed: 5, generator: .vectorized, threads: 1)
        let run = { (c: SimulationConfig) in
            try BiasedSpectrum.simulate(width: 5, depth: 30, activation: Tanh(), ensemble: OrthogonalEnsemble(sigma: 1.3),
                                        biasSigma: 0.2, exponents: 3, config: c).exponents.map(\.bitPattern)
        }
        let one = try run(config)
        config.threads = 3
        #expect(try run(config) == one)
    }
}
