import Foundation
import RandomNets
import Testing

/// `ActivationProfile` (finite-width Monte Carlo at initialization) against
/// exact laws and the mean-field limit.
@Suite("Finite-width profile at initialization")
struct ActivationProfileTests {
    static func profile(_ phi: any Activation, width n: Int, depth: Int, sigma: Double, samples: Int,
                        inputs: ActivationProfile.Inputs, ensemble: String = GaussianEnsemble.name,
                        threads: Int = 2, seed: UInt64 = 7) throws -> ActivationProfile {
        let spec = try NetworkSpec(width: n, depth: depth, activation: phi,
                                   ensemble: EnsembleRegistry.make(ensemble, sigma: sigma))
        let config = try SimulationConfig(samples: samples, seed: seed, generator: .fast, threads: threads)
        return try ActivationProfile(spec: spec, inputs: inputs, config: config)
    }

    /// Unit vectors in R^n with the given pairwise cosines (first coordinates
    /// from a Cholesky factor of the Gram matrix, the rest 0).
    static func inputs(gram: [[Double]], width n: Int) -> [[Double]] {
        let b = gram.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: b), count: b)
        for i in 0..<b {
            for j in 0...i {
                var s = gram[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = i == j ? s.squareRoot() : s / l[j][j]
            }
        }
        return l.map { row in (0..<n).map { $0 < b ? row[$0] * Double(n).squareRoot() : 0 } }
    }

    /// Layer 1 of a ReLU network with Gaussian rows: unit i is dead on inputs
    /// y_1..y_B when w_i . y_b <= 0 for all b, an orthant event of the
    /// Gaussian vector (w . y_b) whose correlations are the inputs' cosines:
    /// probability 1/2 (B = 1), 1/4 + asin(r)/(2 pi) (B = 2, Sheppard),
    /// 1/8 + sum asin(r_ab)/(4 pi) (B = 3). Rows are independent, so the
    /// dead count over M networks is Binomial(M N, p): the tolerance is 4
    /// binomial standard deviations, and the power check rejects the law
    /// that ignores the inputs' correlation (2^-B).
    @Test("ReLU dead units at layer 1 match the orthant law (B = 1, 2, 3) within 4 binomial sd; 2^-B is rejected")
    func deadUnitsLayerOne() throws {
        let n = 8, m = 3000
        let cases: [(gram: [[Double]], exact: Double)] = [
            ([[1]], 0.5),
            ([[1, 0.6], [0.6, 1]], 0.25 + asin(0.6) / (2 * Double.pi)),
            ([[1, 0.5, -0.3], [0.5, 1, 0.2], [-0.3, 0.2, 1]],
             0.125 + (asin(0.5) + asin(-0.3) + asin(0.2)) / (4 * Double.pi)),
        ]
        for c in cases {
            let x = Self.inputs(gram: c.gram, width: n)
            let p = try Self.profile(ReLU(), width: n, depth: 1, sigma: 2.0.squareRoot(), samples: m, inputs: .fixed(x))
            let layer = p.layers[0]
            let exact = try #require(layer.deadFractionExact?.mean)
            #expect(abs(exact - c.exact) <= 1e-12, "the report's exact law, B = \(c.gram.count)")
            let sd = (c.exact * (1 - c.exact) / Double(m * n)).squareRoot()
            #expect(abs(layer.deadFraction.mean - c.exact) <= 4 * sd,
                    "B = \(c.gram.count): dead \(layer.deadFraction.mean), exact \(c.exact), sd \(sd)")
            if c.gram.count > 1 {
                let naive = pow(0.5, Double(c.gram.count))
                #expect(abs(layer.deadFraction.mean - naive) > 4 * sd, "power: 2^-B = \(naive) must be rejected")
            }
        }
    }

    /// The exact law holds at every layer given the previous one, so the
    /// mean of (dead fraction - its conditional expectation) over networks is
    /// 0 at every layer; with random inputs and orthogonal weights too (each
    /// row of a Haar matrix is uniform on the sphere, so one unit's signs have
    /// the Gaussian law; units are dependent, so the sample stderr is used).
    @Test("ReLU dead units follow the conditional orthant law at every layer (gaussian and orthogonal, 4 stderr)")
    func deadUnitsEveryLayer() throws {
        for ensemble in [GaussianEnsemble.name, OrthogonalEnsemble.name] {
            let p = try Self.profile(ReLU(), width: 6, depth: 12, sigma: 2.0.squareRoot(), samples: 3000,
                                     inputs: .gaussian(count: 3), ensemble: ensemble)
            for l in p.layers {
                let exact = try #require(l.deadFractionExact)
                let se = (l.deadFraction.stderr * l.deadFraction.stderr + exact.stderr * exact.stderr).squareRoot()
                // Conservative: the two are positively correlated, so this se overstates the difference's.
                #expect(abs(l.deadFraction.mean - exact.mean) <= 4 * se, "\(ensemble) layer \(l.layer)")
            }
            // Power: dead units accumulate with depth, so layer 12 is far from the layer-1 law.
            let first = p.layers[0].deadFraction, last = p.layers[11].deadFraction
            #expect(last.mean - first.mean > 4 * (first.stderr + last.stderr), "\(ensemble)")
        }
    }

    /// Gaussian W, inputs with q_0 = 1 exactly: h_1 = W_1 x_0 has iid
    /// N(0, sigma^2) coordinates, so E q_1 = sigma^2 and E q_2 = V(sigma^2)
    /// exactly at every width; from layer 3 on, q_2's finite-width
    /// fluctuations bias E q_l (Jensen: V is concave for tanh) by O(1/N).
    /// So the profile converges to the mean-field map as N grows: at N = 256
    /// every layer is within 4 stderr, and the same check fails at N = 4.
    @Test("tanh, sigma 1.5: q_l matches the mean-field map within 4 stderr at N = 256, exactly at layers 1-2 for N = 4, and departs at N = 4")
    func meanFieldConvergence() throws {
        let sigma = 1.5, depth = 8
        let mf = try MeanField(activation: Tanh(), sigma: sigma).trajectory(inputLength: 1, depth: depth)
        func within(_ p: ActivationProfile, layers: Range<Int>) -> Bool {
            layers.allSatisfy { abs(p.layers[$0].q.mean - mf[$0]) <= 4 * p.layers[$0].q.stderr }
        }
        let wide = try Self.profile(Tanh(), width: 256, depth: depth, sigma: sigma, samples: 200, inputs: .gaussian(count: 2))
        #expect(within(wide, layers: 0..<depth))
        let narrow = try Self.profile(Tanh(), width: 4, depth: depth, sigma: sigma, samples: 4000, inputs: .gaussian(count: 2))
        #expect(within(narrow, layers: 0..<2), "layers 1 and 2 are exact at any width")
        #expect(!within(narrow, layers: 0..<depth), "power: width 4 departs from the mean-field map")
        #expect(mf[depth - 1] - narrow.layers[depth - 1].q.mean > 4 * narrow.layers[depth - 1].q.stderr)
    }

    @Test("Same seed, any thread count: bit-identical profile")
    func threadInvariance() throws {
        let a = try Self.profile(Softsign(), width: 12, depth: 6, sigma: 2, samples: 37, inputs: .gaussian(count: 3), threads: 1)
        let b = try Self.profile(Softsign(), width: 12, depth: 6, sigma: 2, samples: 37, inputs: .gaussian(count: 3), threads: 5)
        for (x, y) in zip(a.layers, b.layers) {
            #expect(x.q.mean.bitPattern == y.q.mean.bitPattern && x.q.stderr.bitPattern == y.q.stderr.bitPattern)
            #expect(x.dispersion!.mean.bitPattern == y.dispersion!.mean.bitPattern)
            #expect(x.correlation!.mean.bitPattern == y.correlation!.mean.bitPattern)
        }
    }
}
