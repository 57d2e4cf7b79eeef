import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// The input layer under the Lyapunov methods on a task whose input layer
/// follows the method: its own exact sigma_crit, drawn from the common
/// layer's normals; the common layer everywhere else.
@Suite("Input layer: per-layer Lyapunov sigma_crit")
struct InputLayerTests {
    /// A 784 -> N network (Fashion-MNIST's input width) on a synthetic task's
    /// outputs, so no data file is needed: only the initialization is looked at.
    static func config(_ method: String, inputs: Int = 784, width: Int = 8, depth: Int = 3,
                       follows: Bool? = true) throws -> TrainingConfig {
        let t = try TaskRegistry.named("quintic")
        return try TrainingConfig(
            task: t, shape: MLPShape(inputs: inputs, width: width, depth: depth, outputs: t.outputs, biases: true),
            activation: LeakyReLU(slope: 0.1), slope: 0.1,
            initialization: HiddenInitialization.named(method, width: width, depth: depth, slope: 0.1),
            optimizer: OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-4),
            steps: 1, batch: 4, trainingSize: 8, evaluationSize: 8, seed: 5, curvePoints: 1,
            inputLayerFollowsMethod: follows)
    }

    /// A fixed input of `inputs` features (feature-major, one sample).
    static func probe(_ inputs: Int, count: Int = 1) -> Dataset {
        var s = RandomStream<Xoshiro256PlusPlus>(seed: 77)
        let x = (0..<(inputs * count)).map { _ in s.nextNormal() }
        return Dataset(count: count, inputs: x, targets: [Double](repeating: 0, count: count))
    }

    static func inputBlock(_ p: [Double], _ c: TrainingConfig) -> [Double] {
        Array(p[0..<(c.shape.inputs * c.shape.width)])
    }

    static func outputBlock(_ p: [Double], _ c: TrainingConfig) -> [Double] {
        Array(p[c.shape.weightOffset(c.shape.depth + 1)...])
    }

    @Test("lyapunov: the 784 -> 8 input layer is He's draw rescaled to LayerTheory's sigma_crit; the output layer is He's")
    func gaussianInputLayer() throws {
        let he = try Self.config("he"), lyap = try Self.config("lyapunov"), sampling = try Self.config("lyapunov-sampling")
        let crit = try #require(try LayerTheory.layer(.gaussian, fanIn: 784, fanOut: 8, slope: 0.1, sigma: 1).criticalSigma)
        #expect(lyap.inputLayer == InputLayerLaw(family: .gaussian, sigma: crit, followsMethod: true))
        #expect(sampling.inputLayer == lyap.inputLayer)
        #expect(he.inputLayer == .common(gain: LeakyReLU(slope: 0.1).heGain))
        // Far from He's gain: a test that could not tell them apart would be empty.
        #expect(crit / LeakyReLU(slope: 0.1).heGain > 5)
        let d = Self.probe(784)
        for run in UInt64(0)..<3 {
            let a = TrainingRun.initialParameters(he, index: run, data: d).parameters
            let b = TrainingRun.initialParameters(lyap, index: run, data: d).parameters
            let ratio = crit / LeakyReLU(slope: 0.1).heGain
            for (x, y) in zip(Self.inputBlock(a, he), Self.inputBlock(b, lyap)) {
                #expect(abs(y - ratio * x) <= 1e-12 * abs(y))
            }
            #expect(Self.outputBlock(a, he) == Self.outputBlock(b, lyap))
        }
    }

    @Test("lyapunov-orthogonal: input layer sigma_crit Q, Q with orthonormal rows (784 -> 8) or columns (2 -> 8), the Gram-Schmidt of He's draw")
    func orthogonalInputLayer() throws {
        for (inputs, width) in [(784, 8), (2, 8), (8, 8)] {
            let he = try Self.config("he", inputs: inputs, width: width)
            let c = try Self.config("lyapunov-orthogonal", inputs: inputs, width: width)
            let sigma = c.inputLayer.sigma
            let crit = try #require(try LayerTheory.layer(.orthogonal, fanIn: inputs, fanOut: width, slope: 0.1, sigma: 1).criticalSigma)
            #expect(c.inputLayer == InputLayerLaw(family: .orthogonal, sigma: crit, followsMethod: true))
            let d = Self.probe(inputs)
            let w = Self.inputBlock(TrainingRun.initialParameters(c, index: 1, data: d).parameters, c)
            let h = Self.inputBlock(TrainingRun.initialParameters(he, index: 1, data: d).parameters, he)
            // Gram matrix of the rows (width <= inputs) or of the columns: sigma^2 I.
            let byRows = width <= inputs
            let count = byRows ? width : inputs, length = byRows ? inputs : width
            func at(_ v: Int, _ e: Int) -> Int { byRows ? v * inputs + e : e * inputs + v }
            for u in 0..<count {
                for v in 0..<count {
                    let dot = (0..<length).reduce(0.0) { $0 + w[at(u, $1)] * w[at(v, $1)] }
                    #expect(abs(dot - (u == v ? sigma * sigma : 0)) < 1e-12 * sigma * sigma)
                }
            }
            // Gram-Schmidt keeps the direction of the first vector of He's draw.
            let hn = (0..<length).reduce(0.0) { $0 + h[at(0, $1)] * h[at(0, $1)] }.squareRoot()
            for e in 0..<length { #expect(abs(w[at(0, e)] - sigma * h[at(0, e)] / hn) < 1e-12 * sigma) }
        }
    }

    @Test("the common input layer where the input layer does not follow the method (the synthetic tasks, T14) and for non-Lyapunov methods")
    func commonInputLayer() throws {
        let d = Self.probe(784)
        let he = TrainingRun.initialParameters(try Self.config("he", follows: false), index: 0, data: d).parameters
        for method in ["lyapunov", "lyapunov-orthogonal", "lyapunov-sampling"] {
            let c = try Self.config(method, follows: false)
            #expect(c.inputLayer == .common(gain: LeakyReLU(slope: 0.1).heGain))
            #expect(Self.inputBlock(TrainingRun.initialParameters(c, index: 0, data: d).parameters, c) == Self.inputBlock(he, c))
        }
        for method in ["orthogonal", "xavier", "torch-default", "lsuv"] {
            #expect(try Self.config(method).inputLayer == .common(gain: LeakyReLU(slope: 0.1).heGain))
        }
        // The task decides by default: Fashion-MNIST follows the method, the synthetic tasks do not.
        #expect(FashionMNISTTask().inputLayerFollowsMethod)
        for task in TaskRegistry.synthetic { #expect(!task.inputLayerFollowsMethod) }
        #expect(!(try Self.config("lyapunov", follows: nil).inputLayer.followsMethod))
    }

    /// Monte Carlo over runs: at the input layer's sigma_crit the mean of
    /// g = log ||phi(W x)|| - log ||x|| over fresh draws is 0, measured on
    /// the parameters the trainer draws (so a wrong convention, e.g. sigma
    /// over sqrt(fan_out), fails).
    @Test("Monte Carlo: the drawn input layer's mean log-gain at sigma_crit is 0 within 4.5 standard errors (gaussian and orthogonal); He's is far below")
    func meanLogGainIsZero() throws {
        let d = Self.probe(784)
        let x = d.inputs
        let xNorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let phi = LeakyReLU(slope: 0.1)
        for method in ["lyapunov", "lyapunov-orthogonal", "he"] {
            let c = try Self.config(method, depth: 1)
            let runs = 600
            var g: [Double] = []
            for run in 0..<runs {
                let p = TrainingRun.initialParameters(c, index: UInt64(run), data: d).parameters
                var s = 0.0
                for i in 0..<8 {
                    var h = 0.0
                    for j in 0..<784 { h += p[i * 784 + j] * x[j] }
                    let y = phi(h)
                    s += y * y
                }
                g.append(0.5 * log(s) - log(xNorm))
            }
            let mean = g.reduce(0, +) / Double(runs)
            let sd = (g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(runs - 1)).squareRoot()
            let se = sd / Double(runs).squareRoot()
            if method == "he" {
                #expect(mean < -2, "He's input layer shrinks ||x|| by about sqrt(8/784)")
            } else {
                #expect(abs(mean) < 4.5 * se, "\(method): mean log-gain \(mean), se \(se)")
            }
        }
    }

    @Test("Fashion-MNIST: run r of he, lsuv, lyapunov and lyapunov-orthogonal trains on the same subset with the same output layer; lyapunov's 784 -> 16 layer is he's at sigma_crit")
    func fashionPairing() throws {
        let task = FashionMNISTTask()
        func config(_ method: String) throws -> TrainingConfig {
            try TrainingConfig(
                task: task, shape: MLPShape(inputs: 784, width: 16, depth: 3, outputs: 10, biases: true),
                activation: LeakyReLU(slope: 0.1), slope: 0.1,
                initialization: HiddenInitialization.named(method, width: 16, depth: 3, slope: 0.1),
                optimizer: OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-4),
                steps: 1, batch: 64, trainingSize: 300, evaluationSize: 10_000, seed: 11, curvePoints: 1)
        }
        let methods = try ["he", "lsuv", "lyapunov", "lyapunov-orthogonal"].map(config)
        #expect(methods[2].inputLayer.followsMethod && methods[3].inputLayer.followsMethod)
        #expect(!methods[0].inputLayer.followsMethod && !methods[1].inputLayer.followsMethod)
        for run in UInt64(0)..<2 {
            let subsets = try methods.map { c -> Dataset in
                var s = RandomStream<Xoshiro256PlusPlus>(seed: StreamSeed.derive(seed: RunStreams(seed: c.seed, run: run).base, stream: 1))
                return try task.makeData(count: c.trainingSize, evaluation: 1, context: TaskContext(shape: c.shape, activation: c.activation, slope: c.slope), stream: &s).train
            }
            for d in subsets.dropFirst() { #expect(d.inputs == subsets[0].inputs && d.targets == subsets[0].targets) }
            let p = zip(methods, subsets).map { TrainingRun.initialParameters($0, index: run, data: $1).parameters }
            for (c, q) in zip(methods, p).dropFirst() { #expect(Self.outputBlock(q, c) == Self.outputBlock(p[0], methods[0])) }
            #expect(Self.inputBlock(p[1], methods[1]) == Self.inputBlock(p[0], methods[0]))
            let ratio = methods[2].inputLayer.sigma / LeakyReLU(slope: 0.1).heGain
            for (x, y) in zip(Self.inputBlock(p[0], methods[0]), Self.inputBlock(p[2], methods[2])) {
                #expect(abs(y - ratio * x) <= 1e-12 * abs(y))
            }
            #expect(Self.inputBlock(p[3], methods[3]) != Self.inputBlock(p[2], methods[2]))
        }
    }
}
