import Foundation
import RandomNets
import Testing

/// Two inputs through one network against the Leaky ReLU kernel map, and
/// backpropagation against the exact laws of `GradientTheory`.
@Suite("Angles and gradients")
struct AngleAndGradientTests {
    @Test("kernel map: c(1) = 1, linear at a = 1, Cho and Saul's c(0) = 1/pi at a = 0, same map for a and 1/a")
    func kernelMapIdentities() throws {
        for a in [0.0, 0.1, -0.3, 1, 7] { #expect(abs(try AngleKernel(slope: a).next(1) - 1) < 1e-15) }
        for rho in [-0.9, -0.2, 0, 0.4, 0.95] { #expect(abs(try AngleKernel(slope: 1).next(rho) - rho) < 1e-15) }
        // ReLU: E[relu(u) relu(v)] at rho = 0 is 1/(2 pi), over E relu^2 = 1/2.
        #expect(abs(try AngleKernel(slope: 0).next(0) - 1 / Double.pi) < 1e-15)
        #expect(abs(try AngleKernel(slope: 0).next(0) - 0.33) > 1e-3)
        for rho in [-0.5, 0.3, 0.8] {
            #expect(abs(try AngleKernel(slope: 0.2).next(rho) - (try AngleKernel(slope: 5).next(rho))) < 1e-15)
        }
        // The map pulls every angle towards 0 for |a| < 1: c(rho) > rho below 1.
        for rho in [-0.99, 0, 0.5, 0.99] { #expect(try AngleKernel(slope: 0.1).next(rho) > rho) }
    }

    static func profile(width n: Int, samples m: Int, depth: Int, method: SamplingMethod, seed: UInt64) throws -> AngleProfile {
        let spec = try NetworkSpec(width: n, depth: depth, slope: 0.1, ensemble: .gaussian, sigma: 1.4)
        let config = try SimulationConfig(samples: m, seed: seed, generator: .fast, threads: 2, method: method)
        return try AngleProfile(InputAngles.simulate(spec, config, angle: 1.0))
    }

    /// The 4-sigma level shared over `layers` layers (Bonferroni).
    static func threshold(layers: Int) -> Double {
        Special.normalUpperQuantile(Special.normalCDF(-4) / Double(layers))
    }

    @Test("infinite width: at N = 512 the mean cos theta_l follows the kernel map within its standard errors; at N = 4 it departs")
    func kernelMapAtLargeWidth() throws {
        let depth = 10, limit = Self.threshold(layers: depth)
        let wide = try Self.profile(width: 512, samples: 2000, depth: depth, method: .reduced, seed: 11)
        for layer in wide.layers { #expect(abs(try #require(layer.zScore)) <= limit, "layer \(layer.layer)") }
        let narrow = try Self.profile(width: 4, samples: 4000, depth: depth, method: .reduced, seed: 11)
        #expect(narrow.layers.contains { abs($0.zScore ?? 0) > limit })
    }

    @Test("the reduced method for two vectors has the law of the full one (N = 12): means agree within 4 combined standard errors")
    func reducedMatchesFull() throws {
        let full = try Self.profile(width: 12, samples: 3000, depth: 4, method: .full, seed: 5)
        let reduced = try Self.profile(width: 12, samples: 3000, depth: 4, method: .reduced, seed: 6)
        for (f, r) in zip(full.layers, reduced.layers) {
            let se = (f.standardError * f.standardError + r.standardError * r.standardError).squareRoot()
            #expect(abs(f.meanCos - r.meanCos) < 4 * se)
        }
    }

    @Test("backward pass: log||J_L^T g|| has the law of S_L (mean L lambda, variance L s^2) for both closed-form ensembles; the other ensemble's lambda is rejected",
          arguments: Ensemble.allCases)
    func backwardLaw(ensemble: Ensemble) throws {
        let (n, depth, m, a) = (4, 50, 2000, 0.1)
        let sigma = LeakyReLU(slope: a).heGain
        let spec = try NetworkSpec(width: n, depth: depth, slope: a, ensemble: ensemble, sigma: sigma)
        let samples = try Backpropagation.simulate(spec, SimulationConfig(samples: m, seed: 17, generator: .fast, threads: 2))
        let theory = try GradientTheory(ensemble: ensemble, width: n, slope: a, sigma: sigma, depth: depth)
        let profile = GradientProfile(samples)
        let se = (theory.backwardVariancePerLayer / Double(depth * m)).squareRoot()
        #expect(abs(profile.backwardRate.mean - theory.backwardRate) < 4 * se)
        let other = try LyapunovTheory.predict(ensemble: ensemble == .gaussian ? .orthogonal : .gaussian,
                                               width: n, slope: a, sigma: sigma)
        #expect(abs(profile.backwardRate.mean - other.lyapunovExponent) > 4 * se)
        // Variance: Bonett's interval at the 4-sigma level covers L s^2.
        let ci = VarianceInterval.bonett(samples.backwardLogNorms, level: TheoryComparison.verdictLevel)
        #expect(ci.contains(Double(depth) * theory.backwardVariancePerLayer))
        #expect(!ci.contains(Double(depth) * theory.backwardVariancePerLayer * 1.25))
        // Last layer: E log||dL/dW_L|| = (L - 1) lambda + m/2, and the m/2 matters.
        let last = SampleMoments((0..<m).map { samples.logGradientNorm(layer: depth, sample: $0) })
        #expect(abs(last.mean - theory.lastLayerLogGradient) < 4 * last.standardError)
        let withoutM = Double(depth - 1) * theory.forward.lyapunovExponent
        #expect(abs(last.mean - withoutM) > 4 * last.standardError)
    }

    @Test("angle and gradient runs are bit-identical for 1 and 3 threads")
    func reproducible() throws {
        let spec = try NetworkSpec(width: 6, depth: 15, slope: 0.2, ensemble: "student-t", sigma: 1.1,
                                   parameters: EnsembleParameters(["dof": 5]))
        let a1 = try InputAngles.simulate(spec, SimulationConfig(samples: 9, seed: 2, threads: 1), angle: 0.5)
        let a3 = try InputAngles.simulate(spec, SimulationConfig(samples: 9, seed: 2, threads: 3), angle: 0.5)
        #expect(a1.cosines.map(\.bitPattern) == a3.cosines.map(\.bitPattern))
        let g1 = try Backpropagation.simulate(spec, SimulationConfig(samples: 9, seed: 2, threads: 1))
        let g3 = try Backpropagation.simulate(spec, SimulationConfig(samples: 9, seed: 2, threads: 3))
        #expect(g1.logGradientNorms.map(\.bitPattern) == g3.logGradientNorms.map(\.bitPattern))
        #expect(g1.backwardLogNorms.map(\.bitPattern) == g3.backwardLogNorms.map(\.bitPattern))
    }
}
