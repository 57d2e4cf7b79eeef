import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// Checks every registered ensemble must pass (in the manner of
/// swift-collections' conformance checkers): the scale convention, the
/// several-vectors path, and the scale identity.
@Suite("Every ensemble: scale convention, several vectors, scale identity")
struct EnsembleConformanceTests {
    static func make(_ name: String, sigma: Double = 1) throws -> any WeightEnsemble {
        let parameters = name == StudentTEnsemble.name ? EnsembleParameters(["dof": 5])
            : name == SparseEnsemble.name ? EnsembleParameters(["density": 0.5])
            : name == DiagonalNoiseEnsemble.name ? EnsembleParameters(["noise": 0.5]) : .none
        return try EnsembleRegistry.make(name, sigma: sigma, parameters: parameters)
    }

    @Test("E (W x)_i^2 = sigma^2/N ||x||^2: the common scale convention", arguments: EnsembleRegistry.names)
    func scaleConvention(name: String) throws {
        // diagonal-noise scales the whole matrix, relu-orthogonal removes the
        // mean first: their own laws are checked in DiagonalNoiseTests.swift.
        guard name != DiagonalNoiseEnsemble.name, name != ReluOrthogonalEnsemble.name else { return }
        let n = 8, sigma = 1.7, draws = 20_000
        let ensemble = try Self.make(name, sigma: sigma)
        var stream = RandomStream(seed: 77)
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = Double(i + 1) }
        let norm2 = x.reduce(0) { $0 + $1 * $1 }
        var h = [Double](repeating: 0, count: n)
        var scratch = [Double](repeating: 0, count: ensemble.scratchCount(width: n))
        var values: [Double] = []
        for _ in 0..<draws {
            x.withUnsafeBufferPointer { xp in
                h.withUnsafeMutableBufferPointer { hp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        ensemble.applyFresh(to: xp.baseAddress!, vectors: 1, width: n, into: hp.baseAddress!,
                                            scratch: sp.baseAddress!, stream: &stream)
                    }
                }
            }
            values.append(h[0] * h[0] / (sigma * sigma / Double(n) * norm2))
        }
        let m = SampleMoments(values)
        // Mean 1 within 4 standard errors; power: a 10% scale error (21% in the square) is far outside.
        #expect(abs(m.mean - 1) <= 4 * m.standardError, "\(name): mean \(m.mean) +- \(m.standardError)")
        #expect(abs(m.mean - 1.21) > 4 * m.standardError)
    }

    /// One draw of W serves all k vectors. Several vectors may be summed in
    /// another order than one (entrywise ensembles use a matrix product of
    /// fused multiply-adds for k > 1), so the images agree within the
    /// rounding bound of a dot product, |fl(w.x) - w.x| <= gamma_n sum |w_j x_j|
    /// (Higham, "Accuracy and Stability of Numerical Algorithms", 3.1), for
    /// two orders and the final scaling; W itself is read off as its images of
    /// e_1...e_n (exact: one nonzero product per entry). A fresh draw of W
    /// must break the bound.
    @Test("one draw of W applied to k vectors equals k separate applications of the same draw, up to the dot product's rounding",
          arguments: EnsembleRegistry.names)
    func severalVectors(name: String) throws {
        // Width 6 with 3 vectors reaches the product's direct loops; width 40
        // with 9 vectors its packed tiles.
        for (n, k) in [(6, 3), (40, 9)] { try severalVectors(name: name, width: n, vectors: k) }
    }

    func severalVectors(name: String, width n: Int, vectors k: Int) throws {
        let ensemble = try Self.make(name)
        var xs = [Double](repeating: 0, count: n * k)
        for i in 0..<(n * k) { xs[i] = sin(Double(i) + 0.5) }
        var scratch = [Double](repeating: 0, count: ensemble.scratchCount(width: n))
        func apply(_ x: [Double], vectors: Int, seed: UInt64) -> [Double] {
            var stream = RandomStream(seed: seed)
            var h = [Double](repeating: 0, count: n * vectors)
            x.withUnsafeBufferPointer { xp in
                h.withUnsafeMutableBufferPointer { hp in
                    scratch.withUnsafeMutableBufferPointer { sp in
                        ensemble.applyFresh(to: xp.baseAddress!, vectors: vectors, width: n, into: hp.baseAddress!,
                                            scratch: sp.baseAddress!, stream: &stream)
                    }
                }
            }
            return h
        }
        let together = apply(xs, vectors: k, seed: 5)
        var identity = [Double](repeating: 0, count: n * n)
        for j in 0..<n { identity[j * n + j] = 1 }
        let columns = apply(identity, vectors: n, seed: 5)  // W e_j at [j n ..< (j+1) n]
        let eps = Double.ulpOfOne / 2, gamma = Double(n) * eps / (1 - Double(n) * eps)
        var fresh = 0
        for v in 0..<k {
            let x = Array(xs[(v * n)..<((v + 1) * n)])
            let alone = apply(x, vectors: 1, seed: 5), other = apply(x, vectors: 1, seed: 6)
            for r in 0..<n {
                let magnitude = (0..<n).map { abs(columns[$0 * n + r] * x[$0]) }.reduce(0, +)
                let bound = 2 * gamma * magnitude + 4 * eps * abs(alone[r])
                #expect(abs(together[v * n + r] - alone[r]) <= bound, "\(name), vector \(v), row \(r)")
                if abs(other[r] - alone[r]) > bound { fresh += 1 }
            }
        }
        #expect(fresh > 0, "\(name): a fresh draw of W stays within the rounding bound")
    }

    @Test("scale identity, pathwise: same streams, sigma2 = 3 sigma1 shifts every S_L by exactly L log 3 (up to rounding)",
          arguments: EnsembleRegistry.names)
    func scaleIdentity(name: String) throws {
        let depth = 40
        let config = try SimulationConfig(samples: 50, seed: 3, generator: .fast, threads: 2)
        func finals(_ sigma: Double) throws -> [Double] {
            let spec = try NetworkSpec(width: 5, depth: depth, activation: LeakyReLU(slope: 0.2),
                                       ensemble: Self.make(name, sigma: sigma))
            return try Simulator.run(spec, config).finalLogNorms
        }
        let a = try finals(0.7), b = try finals(2.1)
        let shift = Double(depth) * log(3.0)
        for (x, y) in zip(a, b) where x.isFinite {
            #expect(abs((y - x) - shift) <= TestSupport.roundingAllowance(depth: depth) * 10, "\(name)")
        }
        // Power: the identity distinguishes log 3 from log 3.001 per layer.
        #expect(abs((b[0] - a[0]) - Double(depth) * log(3.001)) > 1e-3)
    }

    @Test("declared shape parameters: unique names; each ensemble requires its own, keeps them, and refuses the others naming their ensemble")
    func declaredParameters() throws {
        let all = EnsembleRegistry.parameters
        #expect(Set(all.map(\.parameter.name)).count == all.count)
        // The CSV columns of the committed tables, in this order.
        #expect(EnsembleParameters.keys == ["dof", "density", "noise"])
        let valid = ["dof": 5.0, "density": 0.5, "noise": 0.5]
        for type in EnsembleRegistry.types {
            let own = type.declaredParameters.map(\.name)
            var values: [String: Double?] = [:]
            for name in own { values[name] = try #require(valid[name], "a valid value for \(name)") }
            let ensemble = try type.init(sigma: 1, parameters: EnsembleParameters(values))
            #expect(ensemble.parameters == EnsembleParameters(values), "\(type.name)")
            for name in own {
                #expect(throws: InvalidParameter.self, "\(type.name) without \(name)") {
                    try type.init(sigma: 1, parameters: EnsembleParameters(values.filter { $0.key != name }))
                }
            }
            for (parameter, owner) in all where !own.contains(parameter.name) {
                var more = values
                more[parameter.name] = valid[parameter.name]
                do {
                    _ = try type.init(sigma: 1, parameters: EnsembleParameters(more))
                    Issue.record("\(type.name) accepted \(parameter.name)")
                } catch let error as InvalidParameter {
                    #expect(error.parameter == parameter.name && error.message.contains(owner), "\(error)")
                }
            }
        }
        // One set, one value: the order the names came in does not matter.
        #expect(EnsembleParameters(["noise": 1, "dof": 3]).entries.map(\.name) == ["dof", "noise"])
    }

    @Test("the reduced method is refused for ensembles without rotation invariance")
    func reducedRefused() throws {
        let config = try SimulationConfig(samples: 4, seed: 1, threads: 1, method: .reduced)
        for name in EnsembleRegistry.names {
            let spec = try NetworkSpec(width: 4, depth: 3, activation: LeakyReLU(slope: 0.1), ensemble: Self.make(name))
            if spec.ensemble.isRotationInvariant {
                _ = try Simulator.run(spec, config)
            } else {
                #expect(throws: InvalidParameter.self, "\(name)") { try Simulator.run(spec, config) }
            }
        }
        #expect(EnsembleRegistry.rotationInvariantNames == ["gaussian", "orthogonal"])
    }
}

/// The library is safe without the CLI: the log-norm simulator refuses an
/// activation for which its per-layer renormalization is not exact.
@Suite("Library refusals")
struct LibraryRefusalTests {
    @Test("Simulator.run refuses tanh (not positively homogeneous) with an InvalidParameter naming activation")
    func simulatorRefusesTanh() throws {
        let spec = try NetworkSpec(width: 4, depth: 3, activation: Tanh(), ensemble: GaussianEnsemble(sigma: 1))
        let config = try SimulationConfig(samples: 2, threads: 1)
        #expect(throws: InvalidParameter.self) { try Simulator.run(spec, config) }
        // Power: the same call with Leaky ReLU runs.
        let leaky = try NetworkSpec(width: 4, depth: 3, activation: LeakyReLU(slope: 0.1), ensemble: GaussianEnsemble(sigma: 1))
        #expect(try Simulator.run(leaky, config).finalLogNorms.count == 2)
    }
}
