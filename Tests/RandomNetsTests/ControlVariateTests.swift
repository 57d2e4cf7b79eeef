import Foundation
import RandomNets
import Testing

/// The control variate of notebook 06 (`ControlVariateLyapunov`): with
/// E[X_t | past] = mu exactly, the controlled increments estimate the same
/// lambda as the plain ones, with far less variance.
@Suite("Control variate for lambda: unbiased at the exact mu, N-fold less variance")
struct ControlVariateTests {
    @Test("gaussian and orthogonal, N = 4 and 16: the controlled mean is within 4 SE of the closed form; a 10% wrong mu is rejected",
          arguments: [(Ensemble.gaussian, 4), (.gaussian, 16), (.orthogonal, 4)])
    func unbiased(_ ensemble: Ensemble, _ n: Int) throws {
        let a = 0.1, sigma = LeakyReLU(slope: a).heGain, depth = 60
        let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: ensemble, sigma: sigma)
        let config = try SimulationConfig(samples: 3000, seed: 42, generator: .fast, threads: 2)
        let lambda = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma).lyapunovExponent
        let estimate = try ControlVariateLyapunov(spec, config, burnIn: 0)
        let c = estimate.controlled, p = estimate.plain
        #expect(abs(c.mean - lambda) <= 4 * c.standardError, "controlled \(c.mean) +- \(c.standardError) vs \(lambda)")
        #expect(abs(p.mean - lambda) <= 4 * p.standardError, "plain \(p.mean) +- \(p.standardError) vs \(lambda)")
        // About N-fold: at least N/4 at these sizes.
        #expect(estimate.varianceReduction >= Double(n) / 4, "reduction \(estimate.varianceReduction)")
        // Power: the same networks with mu 10% off put the controlled mean far outside.
        let wrong = try ControlVariateLyapunov(spec, config, burnIn: 0, mu: 1.1 * estimate.mu)
        #expect(abs(wrong.controlled.mean - lambda) > 4 * wrong.controlled.standardError)
    }

    @Test("refused where E X_t is not known: tanh, or rows without sign symmetry")
    func refusals() throws {
        let diagonal = try DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": 0.3]))
        let spec = try NetworkSpec(width: 4, depth: 5, activation: LeakyReLU(slope: 0.1), ensemble: diagonal)
        #expect(throws: InvalidParameter.self) { try ControlVariateLyapunov.mu(for: spec) }
        let tanh = try NetworkSpec(width: 4, depth: 5, activation: Tanh(), ensemble: try GaussianEnsemble(sigma: 1))
        #expect(throws: InvalidParameter.self) { try ControlVariateLyapunov.mu(for: tanh) }
    }
}
