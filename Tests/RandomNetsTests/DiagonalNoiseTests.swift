import Foundation
import RandomNets
import Testing

/// W = sigma (I + Z), Z iid N(0, noise^2/N) (Lee, Choi and Kim's diagonal-plus-noise).
@Suite("diagonal-noise ensemble")
struct DiagonalNoiseTests {
    /// Given x, h_i = sigma x_i + sigma (noise/sqrt N) g . x with g ~ N(0, I),
    /// so h_i ~ N(sigma x_i, sigma^2 noise^2 ||x||^2 / N): the mean and the
    /// variance checked to 4 standard errors, with power against a noise 10%
    /// too large and against a missing diagonal.
    @Test("h = W x has mean sigma x and variance sigma^2 noise^2 ||x||^2 / N, coordinate-wise (4 stderr, with power)")
    func law() throws {
        let n = 5, sigma = 1.3, noise = 0.4, draws = 40_000
        let w = try EnsembleRegistry.make(DiagonalNoiseEnsemble.name, sigma: sigma, parameters: EnsembleParameters(["noise": noise]))
        let x: [Double] = [1, -2, 0.5, 3, 0]
        let norm2 = x.reduce(0) { $0 + $1 * $1 }
        var h = [Double](repeating: 0, count: n)
        var scratch = [Double](repeating: 0, count: w.scratchCount(width: n))
        var stream = RandomStream(seed: 11)
        var samples = [[Double]](repeating: [], count: n)
        for _ in 0..<draws {
            x.withUnsafeBufferPointer { xp in
                h.withUnsafeMutableBufferPointer { hp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        w.applyFresh(to: xp.baseAddress!, vectors: 1, width: n, into: hp.baseAddress!,
                                     scratch: sp.baseAddress!, stream: &stream)
                    }
                }
            }
            for i in 0..<n { samples[i].append(h[i]) }
        }
        let variance = sigma * sigma * noise * noise * norm2 / Double(n)
        for i in 0..<n {
            let m = SampleMoments(samples[i])
            #expect(abs(m.mean - sigma * x[i]) <= 4 * m.standardError, "coordinate \(i)")
            // Var of the sample variance of a normal: 2 v^2 / (M - 1).
            let se = variance * (2.0 / Double(draws - 1)).squareRoot()
            #expect(abs(m.variance - variance) <= 4 * se, "coordinate \(i)")
            #expect(abs(m.variance - 1.21 * variance) > 4 * se, "power: noise 10% too large")
            if x[i] != 0 { #expect(abs(m.mean) > 4 * m.standardError, "power: the diagonal is there") }
        }
    }

    @Test("noise is required, range-checked, and refused by every other ensemble")
    func parameters() throws {
        #expect(throws: InvalidParameter.self) { try EnsembleRegistry.make(DiagonalNoiseEnsemble.name, sigma: 1) }
        #expect(throws: InvalidParameter.self) {
            try EnsembleRegistry.make(DiagonalNoiseEnsemble.name, sigma: 1, parameters: EnsembleParameters(["noise": -0.1]))
        }
        for name in EnsembleRegistry.names where name != DiagonalNoiseEnsemble.name {
            let p = EnsembleParameters(["noise": 0.1, "dof": name == StudentTEnsemble.name ? 5 : nil,
                                        "density": name == SparseEnsemble.name ? 0.5 : nil])
            #expect(throws: InvalidParameter.self, "\(name)") { try EnsembleRegistry.make(name, sigma: 1, parameters: p) }
        }
    }
}

/// lyapsim's ReLU-calibrated orthogonal ensemble: W x = sigma Q (x - mean(x) 1).
@Suite("relu-orthogonal ensemble")
struct ReluOrthogonalTests {
    /// The defining properties: W 1 = 0 (every row has mean 0), ||W x|| =
    /// sigma ||x - mean(x) 1|| (orthogonal on the complement of 1), and the
    /// pre-activations sum to 0; power: a Haar orthogonal W does not kill 1.
    @Test("W 1 = 0 and ||W x|| = sigma ||x - mean(x)|| to rounding (a Haar orthogonal W fails both)")
    func definingProperties() throws {
        let n = 7, sigma = 1.7
        let w = try EnsembleRegistry.make(ReluOrthogonalEnsemble.name, sigma: sigma)
        let haar = try EnsembleRegistry.make(OrthogonalEnsemble.name, sigma: sigma)
        // Each ensemble says how much scratch it needs (Haar: one fill of normals).
        var scratch = [Double](repeating: 0, count: max(w.scratchCount(width: n), haar.scratchCount(width: n)))
        let ones = [Double](repeating: 1, count: n)
        let x: [Double] = [0.3, -1, 2, 0, 0.5, 4, -0.2]
        let mean = x.reduce(0, +) / Double(n)
        let centred = x.map { $0 - mean }.reduce(0) { $0 + $1 * $1 }.squareRoot()
        func apply(_ e: any WeightEnsemble, _ input: [Double], seed: UInt64) -> [Double] {
            var stream = RandomStream(seed: seed)
            var h = [Double](repeating: 0, count: input.count)
            input.withUnsafeBufferPointer { xp in
                h.withUnsafeMutableBufferPointer { hp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        e.applyFresh(to: xp.baseAddress!, vectors: 1, width: n, into: hp.baseAddress!,
                                     scratch: sp.baseAddress!, stream: &stream)
                    }
                }
            }
            return h
        }
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        for seed in UInt64(1)...20 {
            #expect(norm(apply(w, ones, seed: seed)) <= 1e-13, "seed \(seed)")
            let hx = apply(w, x, seed: seed)
            #expect(abs(norm(hx) - sigma * centred) <= 1e-13 * centred)
            #expect(abs(hx.reduce(0, +)) <= 1e-12)
            #expect(norm(apply(haar, ones, seed: seed)) > 1, "power: Haar keeps ||1||")
            #expect(abs(norm(apply(haar, x, seed: seed)) - sigma * centred) > 1e-3, "power")
        }
    }

    /// W sends the default start (1, ..., 1)/sqrt(N) to 0, so every estimate
    /// started there measured rounding noise at layer 1 (lambda -7.4 at N = 8)
    /// or a dead network. Networks start at a centred unit vector instead,
    /// where the first layer of a linear network has gain sigma exactly.
    @Test("networks start at a centred direction: a linear relu-orthogonal layer has S_1 = log sigma in every network (from 1/sqrt(N) every one died)")
    func startDirection() throws {
        let sigma = 1.7
        let ensemble = try EnsembleRegistry.make(ReluOrthogonalEnsemble.name, sigma: sigma)
        for n in [2, 3, 8] {
            let spec = try NetworkSpec(width: n, depth: 1, activation: LeakyReLU(slope: 1), ensemble: ensemble)
            let config = try SimulationConfig(samples: 50, seed: 3, generator: .fast, threads: 1)
            let finals = try Simulator.run(spec, config).finalLogNorms
            #expect(finals.allSatisfy { abs($0 - log(sigma)) <= 1e-14 }, "N \(n): \(finals.prefix(3))")
            // The start is a centred unit vector; every other law keeps (1, ..., 1)/sqrt(N),
            // which this ensemble sends to 0 (definingProperties).
            var x = [Double](repeating: 0, count: n), y = x
            x.withUnsafeMutableBufferPointer { ensemble.startDirection(width: n, into: $0.baseAddress!) }
            #expect(abs(x.reduce(0, +)) <= 1e-15 && abs(x.reduce(0) { $0 + $1 * $1 } - 1) <= 1e-15)
            let haar = try EnsembleRegistry.make(OrthogonalEnsemble.name, sigma: sigma)
            y.withUnsafeMutableBufferPointer { haar.startDirection(width: n, into: $0.baseAddress!) }
            #expect(y.allSatisfy { $0 == 1 / Double(n).squareRoot() })
        }
    }

    /// Both inputs of an angle run are centred, so a linear layer (Q orthogonal
    /// on the centred vectors) keeps their angle exactly; the old first input,
    /// (1, ..., 1)/sqrt(N), went to 0. Width 2 has one centred direction only.
    @Test("an angle run keeps theta_0 through a linear relu-orthogonal layer in every network; width 2 is refused naming width")
    func angleInputs() throws {
        let ensemble = try EnsembleRegistry.make(ReluOrthogonalEnsemble.name, sigma: 1.3)
        let spec = try NetworkSpec(width: 6, depth: 1, activation: LeakyReLU(slope: 1), ensemble: ensemble)
        let run = try InputAngles.simulate(spec, SimulationConfig(samples: 20, seed: 4, threads: 1), angle: 0.7)
        #expect((0..<20).allSatisfy { abs(run.cosine(layer: 1, sample: $0) - cos(0.7)) <= 1e-13 },
                "\(run.cosines.prefix(4))")
        let narrow = try NetworkSpec(width: 2, depth: 1, activation: LeakyReLU(slope: 1), ensemble: ensemble)
        #expect(throws: InvalidParameter.self) {
            try InputAngles.simulate(narrow, SimulationConfig(samples: 2, seed: 4, threads: 1), angle: 0.7)
        }
    }
}
