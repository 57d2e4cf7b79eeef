import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// The training initializations xavier, torch-default and lsuv: the law of
/// the hidden weights each draws, and LSUV's unit variance per layer on the
/// first training batch.
@Suite("Training initializations: xavier, torch-default, LSUV")
struct InitializationTests {
    static func config(_ method: String, task: String = "teacher", width: Int = 32, depth: Int = 4,
                       activation: any Activation = LeakyReLU(slope: 0.1), slope: Double? = 0.1,
                       batch: Int = 64) throws -> TrainingConfig {
        let t = try TaskRegistry.named(task)
        return try TrainingConfig(
            task: t, shape: MLPShape(inputs: t.inputs, width: width, depth: depth, outputs: t.outputs, biases: true),
            activation: activation, slope: slope,
            initialization: HiddenInitialization.named(method, width: width, depth: depth, slope: slope),
            optimizer: OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-4),
            steps: 10, batch: batch, trainingSize: 512, evaluationSize: 64, seed: 9, curvePoints: 2)
    }

    static func data(_ c: TrainingConfig, run: UInt64) throws -> Dataset {
        var s = RandomStream(seed: StreamSeed.derive(seed: RunStreams(seed: c.seed, run: run).base, stream: 1))
        return try c.task.makeData(count: c.trainingSize, evaluation: c.evaluationSize,
                                   context: TaskContext(shape: c.shape, activation: c.activation, slope: c.slope), stream: &s).train
    }

    static func hiddenLayer(_ p: [Double], _ c: TrainingConfig, _ k: Int) -> [Double] {
        let n = c.shape.width
        return Array(p[c.shape.weightOffset(k)..<(c.shape.weightOffset(k) + n * n)])
    }

    /// Mean, variance and kurtosis (E x^4 / (E x^2)^2) of every hidden weight.
    static func moments(_ method: String) throws -> (mean: Double, variance: Double, kurtosis: Double, maxAbs: Double) {
        let c = try config(method, width: 64, depth: 4)
        let d = try data(c, run: 0)
        let p = TrainingRun.initialParameters(c, index: 0, data: d).parameters
        let w = (1...4).flatMap { hiddenLayer(p, c, $0) }
        let n = Double(w.count)
        let mean = w.reduce(0, +) / n
        let m2 = w.reduce(0) { $0 + $1 * $1 } / n
        let m4 = w.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        return (mean, m2, m4 / (m2 * m2), w.map(abs).max()!)
    }

    @Test("xavier: hidden weights N(0, 1/N) (Xavier normal at fan_in = fan_out = N); kurtosis 3")
    func xavier() throws {
        let m = try Self.moments("xavier")
        // 16,384 weights: the variance's relative standard error is sqrt(2/16384) = 1.1%.
        #expect(abs(m.variance * 64 - 1) < 0.05)
        #expect(abs(m.kurtosis - 3) < 0.25)
        #expect(abs(m.mean) < 4 * (1.0 / 64 / 16_384).squareRoot())
    }

    @Test("torch-default: hidden weights U(-1/sqrt(N), 1/sqrt(N)) (nn.Linear's default), variance 1/(3N), kurtosis 1.8")
    func torchDefault() throws {
        let m = try Self.moments("torch-default")
        let bound = 1 / 64.0.squareRoot()
        #expect(m.maxAbs <= bound && m.maxAbs > 0.99 * bound)
        #expect(abs(m.variance * 3 * 64 - 1) < 0.05)
        #expect(abs(m.kurtosis - 1.8) < 0.1)
    }

    /// Pre-activation variance of every hidden layer on the first `count`
    /// training inputs, computed here from the parameters (not through MLPPass).
    static func hiddenVariances(_ p: [Double], _ c: TrainingConfig, _ d: Dataset, count: Int) -> [Double] {
        let shape = c.shape, n = shape.width
        var x = (0..<count).map { s in (0..<n).map { i in
            var h = p[shape.biasOffset(0) + i]
            for j in 0..<shape.inputs { h += p[shape.weightOffset(0) + i * shape.inputs + j] * d.inputs[j * d.count + s] }
            return c.activation(h)
        } }
        var variances: [Double] = []
        for k in 1...shape.depth {
            let z = x.map { v in (0..<n).map { i in
                var h = p[shape.biasOffset(k) + i]
                for j in 0..<n { h += p[shape.weightOffset(k) + i * n + j] * v[j] }
                return h
            } }
            let all = z.flatMap { $0 }
            let mean = all.reduce(0, +) / Double(all.count)
            variances.append(all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count))
            x = z.map { $0.map { c.activation($0) } }
        }
        return variances
    }

    @Test("lsuv: every hidden layer's pre-activations have variance 1 on the first training batch; without LSUV they do not",
          arguments: ["leaky-relu", "relu", "tanh"])
    func lsuvUnitVariance(activation: String) throws {
        let (phi, slope): (any Activation, Double?) = switch activation {
        case "relu": (ReLU(), 0)
        case "tanh": (Tanh(), nil)
        default: (LeakyReLU(slope: 0.1), 0.1)
        }
        let c = try Self.config("lsuv", width: 16, depth: 12, activation: phi, slope: slope, batch: 32)
        #expect(c.initialization.lsuv == LSUV.standard)
        let d = try Self.data(c, run: 1)
        let p = TrainingRun.initialParameters(c, index: 1, data: d).parameters
        let v = Self.hiddenVariances(p, c, d, count: 32)
        // Within the tolerance (one rescaling with zero biases makes it 1 up to rounding).
        for x in v { #expect(abs(x - 1) < LSUV.standard.tolerance, "\(v)") }
        // Power: orthogonal's draw itself (the same hidden stream, at the He gain) misses the tolerance somewhere.
        let plain = try Self.config("orthogonal", width: 16, depth: 12, activation: phi, slope: slope, batch: 32)
        let q = TrainingRun.initialParameters(plain, index: 1, data: d).parameters
        let u = Self.hiddenVariances(q, plain, d, count: 32)
        #expect(u.contains { abs($0 - 1) >= LSUV.standard.tolerance }, "\(u)")
    }

    @Test("lsuv rescales orthogonal's draw: each hidden layer is a positive multiple of the same Haar matrix; outer layers are the run's common ones")
    func lsuvIsRescaledOrthogonal() throws {
        let c = try Self.config("lsuv", width: 8, depth: 6)
        let o = try Self.config("orthogonal", width: 8, depth: 6)
        let d = try Self.data(c, run: 2)
        let p = TrainingRun.initialParameters(c, index: 2, data: d).parameters
        let q = TrainingRun.initialParameters(o, index: 2, data: d).parameters
        let shape = c.shape
        #expect(Array(p[0..<shape.weightOffset(1)]) == Array(q[0..<shape.weightOffset(1)]))
        #expect(Array(p[shape.weightOffset(shape.depth + 1)...]) == Array(q[shape.weightOffset(shape.depth + 1)...]))
        var factors: [Double] = []
        for k in 1...shape.depth {
            let a = Self.hiddenLayer(p, c, k), b = Self.hiddenLayer(q, o, k)
            let ratio = a[0] / b[0]
            #expect(ratio > 0)
            for (x, y) in zip(a, b) { #expect(abs(x - ratio * y) <= 1e-12 * abs(x) + 1e-15) }
            // Rows orthogonal with a common norm: W W^T = r^2 I (r = ratio x the He gain).
            let n = 8
            for i in 0..<n {
                for j in 0..<n {
                    let dot = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * a[j * n + $1] }
                    let r2 = ratio * ratio * LeakyReLU(slope: 0.1).heGain * LeakyReLU(slope: 0.1).heGain
                    #expect(abs(dot - (i == j ? r2 : 0)) < 1e-12)
                }
            }
            factors.append(ratio)
        }
        // Data-driven: the factors are not all one number.
        #expect(Set(factors).count > 1)
    }

    @Test("lsuv on Fashion-MNIST at width 64, depth 10: unit variance on the first batch and a hidden-stack log gain near 0")
    func lsuvOnFashion() throws {
        let c = try Self.config("lsuv", task: "fashion-mnist", width: 64, depth: 10, activation: ReLU(), slope: 0)
        var s = RandomStream(seed: 3)
        let d = try c.task.makeData(count: 2000, evaluation: 1,
                                    context: TaskContext(shape: c.shape, activation: c.activation, slope: c.slope), stream: &s).train
        let start = TrainingRun.initialParameters(c, index: 0, data: d)
        for x in Self.hiddenVariances(start.parameters, c, d, count: 64) { #expect(abs(x - 1) < 0.1) }
        #expect(abs(start.logGains[0]) < 1)
    }

    @Test("--init lsuv is listed; --sigma with it is refused")
    func names() throws {
        #expect(HiddenInitialization.names.contains("lsuv"))
        #expect(!HiddenInitialization.studyMethods.contains("lsuv"))
        #expect(throws: InvalidParameter.self) { try HiddenInitialization.named("lsuv", width: 4, depth: 2, slope: 0.1, sigma: 2) }
    }
}
