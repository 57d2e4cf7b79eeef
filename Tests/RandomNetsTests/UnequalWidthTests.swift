import Foundation
import RandomNets
import Testing

/// Layers of unequal width (docs/theory.md, "Layers of unequal width"):
/// for the rotation-invariant laws the log-gains of successive layers are
/// independent, E S_L and Var S_L are sums of per-layer closed forms, and the
/// CLT holds by Lindeberg's condition.
@Suite("Unequal widths: per-layer closed forms and the Monte Carlo")
struct UnequalWidthTests {
    static func family(_ name: String) -> Ensemble { name == "gaussian" ? .gaussian : .orthogonal }

    /// Values from `python3 tools/reference_layers.py` (mpmath, Laplace route).
    @Test("E g and Var g of a layer n -> m match the 30-digit references to 1e-12 (widening, narrowing, linear, |a| 1e-300 to 1e300)")
    func reference() throws {
        for c in LayerReferenceValues.cases {
            let layer = try LayerTheory.layer(Self.family(c.family), fanIn: c.fanIn, fanOut: c.fanOut, slope: c.slope, sigma: 1)
            let label = "\(c.family) \(c.fanIn) -> \(c.fanOut), a = \(c.slope)"
            #expect(abs(layer.meanLogGain - c.mean) <= 1e-12 * max(1, abs(c.mean)), "\(label): mean \(layer.meanLogGain) vs \(c.mean)")
            #expect(abs(layer.varianceLogGain - c.variance) <= 1e-12 * max(1, c.variance), "\(label): variance \(layer.varianceLogGain) vs \(c.variance)")
            #expect(try #require(layer.criticalSigma) == exp(-layer.meanLogGain))
        }
        // Power: leaving out the Beta(m/2, (n-m)/2) factor of a narrowing
        // orthogonal layer (the widening formula at m < n) is rejected.
        let narrowing = try #require(LayerReferenceValues.cases.first { $0.family == "orthogonal" && $0.fanOut < $0.fanIn })
        let widening = try LayerTheory.layer(.orthogonal, fanIn: narrowing.fanOut, fanOut: narrowing.fanOut,
                                             slope: narrowing.slope, sigma: 1)
        #expect(abs(widening.meanLogGain - narrowing.mean) > 1e-3)
    }

    @Test("a square layer is the paper's closed form: LayerTheory at n = m equals LyapunovTheory to 1e-15")
    func squareIsTheClosedForm() throws {
        for family in [Ensemble.gaussian, .orthogonal] {
            for (n, a) in [(1, 0.3), (4, 0.1), (64, 0.2), (8, 20.0)] {
                let layer = try LayerTheory.layer(family, fanIn: n, fanOut: n, slope: a, sigma: 1.3)
                let square = try LyapunovTheory.predict(ensemble: family, width: n, slope: a, sigma: 1.3)
                #expect(abs(layer.meanLogGain - square.lyapunovExponent) <= 1e-15 * max(1, abs(square.lyapunovExponent)))
                #expect(abs(layer.varianceLogGain - square.cltVariance) <= 1e-15 * max(1, square.cltVariance))
            }
        }
    }

    /// 4-sigma checks of the sample mean and variance of S_L, and of each
    /// layer's mean log-gain, against the exact sums; the variance's standard
    /// error from the sample fourth moment.
    static func check(_ widths: [Int], _ ensemble: String, slope: Double, samples: Int, seed: UInt64,
                      shift: Double = 0) throws -> (meanZ: Double, varianceZ: Double, layerZ: [Double]) {
        let architecture = try Architecture(widths: widths, slope: slope, ensemble: ensemble, scale: .he)
        let theory = try #require(try LayerTheory.network(architecture))
        let config = try SimulationConfig(samples: samples, seed: seed, generator: .vectorized, threads: 2)
        let result = try ArchitectureSimulator.run(architecture, config, recordLayerGains: true)
        let s = result.finalLogNorms
        let m = Double(s.count)
        let mean = s.reduce(0, +) / m
        let centred: [Double] = s.map { $0 - mean }
        let squares: [Double] = centred.map { $0 * $0 }
        let variance: Double = squares.reduce(0, +) / (m - 1)
        let fourth: Double = squares.map { $0 * $0 }.reduce(0, +) / m
        let meanZ = (mean - theory.meanLogNorm * (1 + shift)) / (variance / m).squareRoot()
        let varianceZ = (variance - theory.varianceLogNorm) / ((fourth - variance * variance) / m).squareRoot()
        let depth = architecture.depth
        let layerZ = (0..<depth).map { l -> Double in
            let g: [Double] = (0..<s.count).map { result.layerGains[$0 * depth + l] }
            let gm: Double = g.reduce(0, +) / m
            let gv: Double = g.map { ($0 - gm) * ($0 - gm) }.reduce(0, +) / (m - 1)
            return (gm - theory.layers[l].meanLogGain) / (gv / m).squareRoot()
        }
        return (meanZ, varianceZ, layerZ)
    }

    @Test("Monte Carlo S_L of 3-16-4-16-4-2 gaussian and 5-12-3-12-3-7 orthogonal agrees with the exact sums (4 sigma); a 2% wrong mean is rejected",
          arguments: [([3, 16, 4, 16, 4, 2], "gaussian", 0.2), ([5, 12, 3, 12, 3, 7], "orthogonal", 0.3),
                      ([8, 2, 8, 1, 8], "gaussian", 0.5)])
    func monteCarloAgrees(widths: [Int], ensemble: String, slope: Double) throws {
        let z = try Self.check(widths, ensemble, slope: slope, samples: 40_000, seed: 7)
        // Bonferroni over the 2 + L checks of this case: 4.5 sigma.
        #expect(abs(z.meanZ) <= 4.5, "mean z = \(z.meanZ)")
        #expect(abs(z.varianceZ) <= 4.5, "variance z = \(z.varianceZ)")
        for (l, zl) in z.layerZ.enumerated() { #expect(abs(zl) <= 4.5, "layer \(l + 1): z = \(zl)") }
        // Power: the same check rejects a mean 2% off.
        let wrong = try Self.check(widths, ensemble, slope: slope, samples: 40_000, seed: 7, shift: 0.02)
        #expect(abs(wrong.meanZ) > 4.5, "2% shift: z = \(wrong.meanZ)")
    }

    /// Orthogonal layers with a = 1 on square or widening layers (W an
    /// isometry) and residual branches with beta = 0 (the identity) make S_L a
    /// constant: the comparison judges it by the rounding bound, where a z score
    /// would divide rounding by rounding (it said DISAGREES before).
    @Test("an exact S_L (orthogonal |a| = 1 on 4-6-8-8 and on 700 layers of 4, identity residual beta = 0 with a Leaky ReLU branch) agrees within rounding; E S_L off by three rounding bounds is rejected",
          arguments: [([4, 6, 8, 8], nil as Double?, 1.7), ([Int](repeating: 4, count: 701), nil, 1.7), ([5, 5, 5, 5, 5], 0.0, 1.0)])
    func exactConstant(widths: [Int], residual: Double?, sigma: Double) throws {
        let architecture = try Architecture(widths: widths, slope: residual == nil ? 1 : 0.5,
                                            ensemble: residual == nil ? "orthogonal" : "gaussian",
                                            scale: .custom(sigma), residual: residual)
        let theory = try #require(try LayerTheory.network(architecture))
        let config = try SimulationConfig(samples: 200, seed: 11, generator: .vectorized, threads: 2)
        let finals = try ArchitectureSimulator.run(architecture, config).finalLogNorms
        let comparison = LogNormComparison(theory: theory, finalLogNorms: finals)
        #expect(comparison.isExact && comparison.zScore == nil && comparison.normalityPasses == nil)
        #expect(comparison.exactAgreement == true && comparison.agrees,
                "mean \(comparison.mean) vs \(theory.meanLogNorm), variance \(comparison.variance), bound \(comparison.roundingBound)")
        // Power: a constant three bounds away from the sample is rejected (the mean, not the spread).
        let shifted = LogNormComparison(theory: theory, finalLogNorms: finals.map { $0 + 3 * comparison.roundingBound })
        #expect(shifted.exactAgreement == false && !shifted.agrees && shifted.varianceConsistent)
    }

    /// Dying layers (ReLU at width 1) are judged by the dead count; the
    /// survivors' S_L is still a constant, judged within rounding (it said DISAGREES).
    @Test("widths 1,1,1 with ReLU orthogonal weights: the survivors' S_L = 3 log sigma within rounding, the dead count within 4 sigma")
    func exactWithDeaths() throws {
        let architecture = try Architecture(widths: [1, 1, 1], slope: 0, ensemble: "orthogonal", scale: .custom(1.7))
        let theory = try #require(try LayerTheory.network(architecture))
        let config = try SimulationConfig(samples: 400, seed: 2, generator: .vectorized, threads: 2)
        let comparison = LogNormComparison(theory: theory, finalLogNorms: try ArchitectureSimulator.run(architecture, config).finalLogNorms)
        #expect(comparison.isExact && comparison.deadCount > 0 && comparison.agrees,
                "dead \(comparison.deadCount), mean \(comparison.mean) vs \(theory.meanLogNorm)")
    }

    @Test("an architecture run is bit-identical for 1 and 3 threads and for a split of the sample indices")
    func reproducible() throws {
        let architecture = try Architecture(widths: [7, 3, 9, 2], slope: 0.1, ensemble: "orthogonal", scale: .lyapunov)
        var config = try SimulationConfig(samples: 50, seed: 3, generator: .vectorized, threads: 1)
        let one = try ArchitectureSimulator.run(architecture, config).finalLogNorms
        config.threads = 3
        #expect(try ArchitectureSimulator.run(architecture, config).finalLogNorms.map(\.bitPattern) == one.map(\.bitPattern))
        var tail = try SimulationConfig(samples: 20, seed: 3, generator: .vectorized, threads: 2)
        tail.firstSample = 30
        #expect(try ArchitectureSimulator.run(architecture, tail).finalLogNorms.map(\.bitPattern)
                == one[30...].map(\.bitPattern))
    }

    @Test("per-layer Lyapunov initialization gives every layer mean log-gain 0, and E S_L = 0")
    func lyapunovPerLayer() throws {
        for ensemble in ["gaussian", "orthogonal"] {
            let architecture = try Architecture(widths: [784, 64, 64, 64, 10], slope: 0.1, ensemble: ensemble, scale: .lyapunov)
            let theory = try #require(try LayerTheory.network(architecture))
            for layer in theory.layers { #expect(abs(layer.meanLogGain) <= 1e-14) }
            // Every layer's sigma differs: 784 -> 64 is not 64 -> 64.
            #expect(Set(architecture.layers.map(\.sigma)).count >= 3)
        }
    }

    @Test("refusals: bad width lists, a square-only law on a rectangular layer, mismatched layers")
    func refusals() throws {
        for text in ["", "8", "8,0", "8,9000", "8,,4", "a,b", "8,-1"] {
            #expect(throws: InvalidParameter.self, "\(text)") { try Architecture.parseWidths(text) }
        }
        #expect(try Architecture.parseWidths("784, 64,10") == [784, 64, 10])
        #expect(throws: InvalidParameter.self) {
            try Architecture(widths: [8, 4], slope: 0.1, ensemble: "diagonal-noise",
                             parameters: EnsembleParameters(["noise": 0.3]), scale: .he)
        }
        let a = try DenseLayer(fanIn: 4, fanOut: 5, slope: 0.1, ensemble: GaussianEnsemble(sigma: 1))
        let b = try DenseLayer(fanIn: 4, fanOut: 5, slope: 0.1, ensemble: GaussianEnsemble(sigma: 1))
        #expect(throws: InvalidParameter.self) { try Architecture(layers: [a, b]) }
        #expect(throws: InvalidParameter.self) {
            try Architecture(widths: [4, 4], slope: 0.1, ensemble: "student-t", parameters: EnsembleParameters(["dof": 5]),
                             scale: .lyapunov)
        }
    }
}

/// `--arch FILE`: the JSON layer list parsed into the same `Architecture`.
@Suite("Architecture files")
struct ArchitectureFileTests {
    static func parse(_ text: String) throws -> Architecture {
        try ArchitectureFile.parse(Data(text.utf8), name: "net.json")
    }

    @Test("a layer list with repeat, defaults at the top level, a linear output layer and per-layer init parses to the intended layers")
    func parses() throws {
        let a = try Self.parse("""
            {"input": 784, "slope": 0.1, "ensemble": "orthogonal", "init": "lyapunov",
             "layers": [{"width": 64, "repeat": 3}, {"width": 10, "activation": "linear", "init": "he"}]}
            """)
        #expect(a.widths == [784, 64, 64, 64, 10])
        #expect(a.layers.map(\.slope) == [0.1, 0.1, 0.1, 1])
        #expect(a.layers.allSatisfy { $0.ensemble.name == "orthogonal" })
        let theory = try #require(try LayerTheory.network(a))
        for layer in theory.layers.prefix(3) { #expect(abs(layer.meanLogGain) <= 1e-14) }
        #expect(a.layers[3].sigma == 1)   // He gain of a linear layer
        // The same network as --widths with the same rule, layer for layer.
        let same = try Architecture(widths: [784, 64, 64, 64], slope: 0.1, ensemble: "orthogonal", scale: .lyapunov)
        #expect(zip(a.layers, same.layers).allSatisfy { $0.sigma == $1.sigma })
    }

    /// Foundation bridges the JSON numbers 0 and 1 to Bool: they must still be numbers.
    @Test("the numbers 0 and 1 are numbers: slope 1 and 0, width, input and repeat 1, sigma 1")
    func zeroAndOneAreNumbers() throws {
        let a = try Self.parse(#"{"input": 1, "layers": [{"width": 1, "slope": 1, "repeat": 1, "sigma": 1}, {"width": 3, "slope": 0}]}"#)
        #expect(a.widths == [1, 1, 3] && a.layers.map(\.slope) == [1, 0] && a.layers[0].sigma == 1)
        // Power: a JSON boolean is still refused.
        #expect(throws: InvalidParameter.self) { try Self.parse(#"{"input": 4, "layers": [{"width": 4, "slope": true}]}"#) }
    }

    /// A value written with all 17 digits by another program (Python's repr, NumPy) must be the
    /// double it names, as `--slope` and `--sigma` on the command line read it. (Foundation's
    /// JSONSerialization on Linux read 0.30000000000000004 and 1170.4805822372437 one ulp off:
    /// the exact comparisons here failed with it.)
    @Test("every number is read exactly: 17-digit slopes and sigmas are the doubles their text names")
    func numbersAreExact() throws {
        let texts = ["0.30000000000000004", "0.1000000000000000055511151231257827", "1170.4805822372437", "1.4142135623730951"]
        for text in texts {
            let a = try Self.parse(#"{"input": 4, "layers": [{"width": 4, "slope": X, "sigma": X}]}"#.replacingOccurrences(of: "X", with: text))
            #expect(a.layers[0].slope == Double(text)! && a.layers[0].sigma == Double(text)!, "\(text): \(a.layers[0].slope)")
        }
        // A negative zero keeps its sign, as it does on the command line.
        let zero = try Self.parse(#"{"input": 4, "layers": [{"width": 4, "slope": -0.0}]}"#)
        #expect(zero.layers[0].slope == 0 && zero.layers[0].slope.sign == .minus)
    }

    @Test("refusals name the file and the key", arguments: [
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "widht": 3}]}"#, "layers[0].widht"),
        (#"{"input": 8, "layers": [{"width": "4", "slope": 0.1}]}"#, "layers[0].width"),
        (#"{"input": 8, "layers": [{"width": 4}]}"#, "layers[0].slope"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "residual": 0.5}]}"#, "layers[0].residual"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "bias_sigma": 0.5}]}"#, "layers[0].bias_sigma"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "sigma": 1, "init": "he"}]}"#, "layers[0].sigma"),
        (#"{"input": 8, "layers": [{"width": 0, "slope": 0.1}]}"#, "layers[0].width"),
        (#"{"input": 8, "layers": []}"#, "layers"),
        (#"{"layers": [{"width": 4, "slope": 0.1}]}"#, "input"),
        (#"{"input": -4, "layers": [{"width": 4, "slope": 0.1}]}"#, #"net.json: input: must be the input width, an integer from 1 to 8192, got "-4""#),
        (#"{"input": 8193, "layers": [{"width": 4, "slope": 0.1}]}"#, #"input: must be the input width, an integer from 1 to 8192, got "8193""#),
        (#"{"input": 8, "layer": []}"#, "layer"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "a\nb": 1}]}"#, #"layers[0]."a\nb": unknown key"#),
        (#"[1, 2]"#, "not a JSON object"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 1e400}]}"#, "beyond a double's range"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1}"#, "not JSON"),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "width": 16}]}"#, #"key "width" appears twice"#),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1}], "input": 8}"#, #"key "input" appears twice"#),
        (#"{"input": 8, "layers": [{"width": 4, "slope": 0.1, "wid\u0074h": 4}]}"#, #"key "width" appears twice"#),
    ])
    func refusals(text: String, key: String) throws {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted: \(text)")
        } catch let error as InvalidParameter {
            #expect(error.parameter == "arch" && error.message.hasPrefix("net.json") && error.message.contains(key),
                    "\(error)")
        }
    }
}
