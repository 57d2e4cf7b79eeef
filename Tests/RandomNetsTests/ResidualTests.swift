import Foundation
import RandomNets
import Testing

/// Residual branches x_l = x_{l-1} + beta phi(W_l x_{l-1}) (docs/theory.md,
/// "Residual branches"): with a linear branch and gaussian weights the
/// log-gains are iid with g = (1/2) log[(1 + c z_1)^2 + c^2 chi^2_{N-1}].
@Suite("Residual branches: the linear-branch oracle and the Monte Carlo")
struct ResidualTests {
    /// Values from `python3 tools/reference_residual.py` (mpmath, direct 2-D quadrature).
    @Test("E g and Var g of a linear residual layer (Poisson-mixture series) match the 2-D quadrature to 1e-8, and the published 0.06250 and 0.07312")
    func reference() throws {
        for c in ResidualReferenceValues.cases {
            let r = try ResidualTheory.linearLayer(width: c.width, beta: c.beta, sigma: c.sigma)
            #expect(abs(r.mean - c.mean) <= 1e-8, "N \(c.width), beta \(c.beta): mean \(r.mean) vs \(c.mean)")
            #expect(abs(r.variance - c.variance) <= 1e-8, "N \(c.width), beta \(c.beta): variance \(r.variance) vs \(c.variance)")
        }
        #expect(abs(try ResidualTheory.linearLayer(width: 4, beta: 0.5, sigma: 1).mean - 0.06250) <= 5e-6)
        let he = LeakyReLU(slope: 0.1).heGain
        #expect(abs(try ResidualTheory.linearLayer(width: 16, beta: 0.3, sigma: he).mean - 0.07312) <= 5e-6)
        // Power: leaving out the z_1 cross term (g = (1/2) log(1 + c^2 chi^2_N)) is rejected.
        let c2 = 0.25 / 4.0
        #expect(abs(try ResidualTheory.linearLayer(width: 4, beta: 0.5, sigma: 1).mean - 0.5 * log(1 + c2 * 4)) > 1e-3)
    }

    /// For c = beta sigma / sqrt(N) -> 0: E g = c^2 (N-2)/2 - c^4 (N^2/4 - 3N/2 + 2) + O(c^6) and
    /// Var g = c^2 + c^4 (4 - 3N/2) + O(c^6) (the c^4 terms checked against mpmath at c = 0.02).
    @Test("tiny beta: the mean and variance follow the small-c expansion (the Poisson mixture would cancel), continuous where the two routes meet")
    func smallBeta() throws {
        let r = try ResidualTheory.linearLayer(width: 16, beta: 1e-5, sigma: 1)
        let c2 = 1e-10 / 16
        #expect(abs(r.mean - c2 * 7) <= 1e-6 * c2 * 7)
        #expect(abs(r.variance - c2) <= 1e-6 * c2)
        // Either side of c = 1e-3 (beta = 0.004 at N = 16, sigma = 1), scaled by beta^2: the same to 1e-9.
        let below = try ResidualTheory.linearLayer(width: 16, beta: 0.004 * (1 - 1e-9), sigma: 1)
        let above = try ResidualTheory.linearLayer(width: 16, beta: 0.004 * (1 + 1e-9), sigma: 1)
        #expect(abs(above.mean / below.mean - 1) <= 1e-8 && abs(above.variance / below.variance - 1) <= 1e-8)
    }

    /// beta = 0 is the identity layer, x_l = x_{l-1}: g = 0 exactly, which the
    /// simulation of `--residual 0` reports too.
    @Test("beta = 0: the identity layer has E g = 0 and Var g = 0 exactly, at every width and sigma")
    func identityLayer() throws {
        for (n, sigma) in [(1, 1.0), (16, 1e-300), (8192, 1e100)] {
            let r = try ResidualTheory.linearLayer(width: n, beta: 0, sigma: sigma)
            #expect(r.mean == 0 && r.variance == 0, "N \(n), sigma \(sigma): \(r)")
        }
        // Out of range still refused, naming residual.
        #expect(throws: InvalidParameter.self) { try ResidualTheory.linearLayer(width: 4, beta: .nan, sigma: 1) }
        #expect(throws: InvalidParameter.self) { try ResidualTheory.linearLayer(width: 4, beta: 2e6, sigma: 1) }
    }

    @Test("Monte Carlo S_L of a linear residual network (N = 8, beta = 2, depth 50) agrees with L E g and L Var g; a 2% wrong mean is rejected")
    func monteCarlo() throws {
        let architecture = try Architecture(widths: [Int](repeating: 8, count: 51), slope: 1, ensemble: "gaussian",
                                            scale: .custom(1.3), residual: 2)
        let theory = try #require(try LayerTheory.network(architecture))
        let config = try SimulationConfig(samples: 40_000, seed: 17, generator: .vectorized, threads: 2)
        let s = try ArchitectureSimulator.run(architecture, config).finalLogNorms
        let m = SampleMoments(s)
        let se = (m.variance / Double(s.count)).squareRoot()
        #expect(abs(m.mean - theory.meanLogNorm) / se <= 4.5, "mean \(m.mean) vs \(theory.meanLogNorm)")
        let fourth = s.map { pow($0 - m.mean, 4) }.reduce(0, +) / Double(s.count)
        let seVar = ((fourth - m.variance * m.variance) / Double(s.count)).squareRoot()
        #expect(abs(m.variance - theory.varianceLogNorm) / seVar <= 4.5, "variance \(m.variance) vs \(theory.varianceLogNorm)")
        #expect(abs(m.mean - 1.02 * theory.meanLogNorm) / se > 4.5)
    }

    @Test("a nonlinear branch has no closed form (theory nil), and residual layers refuse unequal widths and lyapunov")
    func domain() throws {
        let leaky = try Architecture(widths: [6, 6, 6], slope: 0.1, ensemble: "gaussian", scale: .he, residual: 0.5)
        #expect(try LayerTheory.network(leaky) == nil)
        #expect(throws: InvalidParameter.self) {
            try Architecture(widths: [6, 5], slope: 1, ensemble: "gaussian", scale: .he, residual: 0.5)
        }
        #expect(throws: InvalidParameter.self) {
            try Architecture(widths: [6, 6], slope: 1, ensemble: "gaussian", scale: .lyapunov, residual: 0.5)
        }
    }
}
