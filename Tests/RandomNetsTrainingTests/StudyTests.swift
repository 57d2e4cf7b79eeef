import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// Lyapunov sampling, determinism, and the statistics of the study.
@Suite("Training runs and their statistics")
struct StudyTests {
    static func config(_ method: String, task: String = "quintic", width: Int = 2, depth: Int = 12, steps: Int = 60,
                       seed: UInt64 = 3) throws -> TrainingConfig {
        let t = try TaskRegistry.named(task)
        return try TrainingConfig(
            task: t, shape: MLPShape(inputs: t.inputs, width: width, depth: depth, outputs: t.outputs, biases: true),
            activation: LeakyReLU(slope: 0.1), slope: 0.1,
            initialization: HiddenInitialization.named(method, width: width, depth: depth, slope: 0.1),
            optimizer: OptimizerSettings(kind: .adamw, learningRate: 3e-3, weightDecay: 1e-4), clip: 1,
            steps: steps, batch: 16, trainingSize: 128, evaluationSize: 64, seed: seed, curvePoints: 4)
    }

    static func data(_ c: TrainingConfig, run: UInt64) throws -> Dataset {
        // The run's data stream, as the trainer derives it.
        var s = RandomStream(seed: StreamSeed.derive(seed: RunStreams(seed: c.seed, run: run).base, stream: 1))
        return try c.task.makeData(count: c.trainingSize, evaluation: c.evaluationSize,
                                   context: TaskContext(shape: c.shape, activation: c.activation, slope: c.slope), stream: &s).train
    }

    @Test("Lyapunov sampling keeps the candidate with |log gain| smallest among the ceil(sqrt(L)) it drew; candidate 0 is lyapunov's draw")
    func samplingPicksClosestToOne() throws {
        let sampling = try Self.config("lyapunov-sampling", depth: 30)
        let plain = try Self.config("lyapunov", depth: 30)
        #expect(sampling.initialization.candidates == 6)
        var picked = Set<Int>()
        for run in UInt64(0)..<12 {
            let d = try Self.data(sampling, run: run)
            let s = TrainingRun.initialParameters(sampling, index: run, data: d)
            #expect(s.logGains.count == 6)
            let best = s.logGains.indices.min { abs(s.logGains[$0]) < abs(s.logGains[$1]) }!
            #expect(s.candidate == best)
            // The kept parameters are the kept candidate's: their gain, measured
            // here from scratch on the first 256 training inputs, is logGains[candidate].
            #expect(abs(Self.logGain(s.parameters, sampling, d) - s.logGains[s.candidate]) < 1e-12)
            picked.insert(s.candidate)
            let p = TrainingRun.initialParameters(plain, index: run, data: d)
            #expect(p.logGains == [s.logGains[0]])
            if s.candidate == 0 { #expect(p.parameters == s.parameters) } else { #expect(p.parameters != s.parameters) }
        }
        // Power: over 12 runs the rule does not always keep the first draw.
        #expect(picked.count > 1)
    }

    /// log(||X_L||_F / ||X_0||_F) of the hidden stack on the first 256
    /// training inputs, written out independently of MLPPass.hiddenLogGain.
    static func logGain(_ params: [Double], _ c: TrainingConfig, _ d: Dataset) -> Double {
        let shape = c.shape, n = shape.width, count = min(TrainingRun.probeCount, d.count)
        var x = (0..<count).map { s in (0..<n).map { i in
            var h = 0.0
            for j in 0..<shape.inputs { h += params[shape.weightOffset(0) + i * shape.inputs + j] * d.inputs[j * d.count + s] }
            return LeakyReLU(slope: 0.1)(h + params[shape.biasOffset(0) + i])
        } }
        let first = x.reduce(0.0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
        for k in 1...shape.depth {
            x = x.map { v in (0..<n).map { i in
                var h = params[shape.biasOffset(k) + i]
                for j in 0..<n { h += params[shape.weightOffset(k) + i * n + j] * v[j] }
                return LeakyReLU(slope: 0.1)(h)
            } }
        }
        let last = x.reduce(0.0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
        return 0.5 * (log(last) - log(first))
    }

    @Test("paired runs: run r of different initializations has the same data and the same input and output layers")
    func pairingAcrossMethods() throws {
        let methods = ["he", "orthogonal", "lyapunov-sampling", "xavier"].map { try! Self.config($0, task: "teacher") }
        for run in UInt64(0)..<4 {
            let d = try Self.data(methods[0], run: run)
            let shape = methods[0].shape
            let outer = { (p: [Double]) -> [Double] in
                Array(p[0..<shape.weightOffset(1)]) + Array(p[shape.weightOffset(shape.depth + 1)...])
            }
            let reference = TrainingRun.initialParameters(methods[0], index: run, data: d).parameters
            for m in methods.dropFirst() {
                #expect(try Self.data(m, run: run).inputs == d.inputs)
                let p = TrainingRun.initialParameters(m, index: run, data: d).parameters
                #expect(outer(p) == outer(reference))
                #expect(p != reference)
            }
            let results = try methods.map { try TrainingExperiment.run($0, indices: [run], threads: 1)[0] }
            #expect(Set(results.map(\.baselineLoss)).count == 1)
        }
    }

    @Test("a signal that underflows to 0 at depth 6000 does not back-propagate as a growing linear network (no false divergence)")
    func underflowIsNotDivergence() throws {
        var c = try Self.config("he", width: 4, depth: 6000, steps: 1)
        c.curvePoints = 1
        let r = try TrainingExperiment.run(c, indices: [0], threads: 1)[0]
        #expect(!r.diverged && r.finalLoss.isFinite)
        #expect(r.initialLogGain == -.infinity)
    }

    @Test("Holm's adjustment by hand; Wilcoxon's direction follows W+, not the win count")
    func holmAndDirection() {
        let adjusted = PairedComparison.holm([0.01, 0.04, 0.03, 0.005])
        // Sorted 0.005, 0.01, 0.03, 0.04 -> 4 x 0.005, 3 x 0.01, 2 x 0.03, max(0.06, 0.04).
        for (x, y) in zip(adjusted, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(x - y) < 1e-15) }
        // 58 runs better by 0.001, 42 worse by 1: more wins, but W+ is far above its mean.
        let a = (0..<100).map { $0 < 58 ? 0.999 : 2.0 }, b = [Double](repeating: 1, count: 100)
        let p = PairedComparison(a, b)
        #expect(p.aBetter == 58 && p.wilcoxonDirection == 1 && p.wilcoxonP < 0.01)
        #expect(PairedComparison(b, a).wilcoxonDirection == -1)
    }

    @Test("a run is bit-identical for 1, 2 and 3 threads and in any batch of runs")
    func determinism() throws {
        let c = try Self.config("lyapunov-sampling", task: "spirals")
        let one = try TrainingExperiment.run(c, indices: [0, 1, 2, 3, 4], threads: 1)
        #expect(try TrainingExperiment.run(c, indices: [0, 1, 2, 3, 4], threads: 2) == one)
        #expect(try TrainingExperiment.run(c, indices: [0, 1, 2, 3, 4], threads: 3) == one)
        #expect(try TrainingExperiment.run(c, indices: [3], threads: 1) == [one[3]])
        #expect(one[0] != one[1])
    }

    /// Wilcoxon's exact p-value against brute force over all 2^n sign
    /// assignments of the (tied) ranks, and hand values.
    @Test("Wilcoxon signed-rank exact p-values equal brute-force enumeration (with ties); sign test by hand")
    func wilcoxon() {
        // n = 5, all positive: W+ = 15, P(W+ >= 15) = 1/32, two-sided 1/16.
        let all = PairedComparison([2, 3, 4, 5, 6], [1, 1, 1, 1, 1])
        #expect(all.wPlus == 15 && abs(all.wilcoxonP - 0.0625) < 1e-15 && abs(all.signTestP - 0.0625) < 1e-15)
        #expect(all.aBetter == 0 && all.bBetter == 5)
        // Ties in |d|, one zero, infinities (diverged runs).
        let a: [Double] = [1, 2, 0.5, .infinity, 3, 1, 0.2, 4, 2.5, 1, .infinity, 0.7, 1.5]
        let b: [Double] = [2, 1, 0.5, 1, 1, 2, 0.1, 3, 1.5, 3, .infinity, 0.2, 2.5]
        let p = PairedComparison(a, b)
        var d: [Double] = []
        for (x, y) in zip(a, b) where !(x == y) { d.append(x == .infinity ? .infinity : x - y) }
        let n = d.count
        let ranks: [Double] = d.map { v in
            let less = d.filter { abs($0) < abs(v) }.count, same = d.filter { abs($0) == abs(v) }.count
            return Double(less) + Double(same + 1) / 2
        }
        let observed = zip(d, ranks).reduce(0.0) { $1.0 > 0 ? $0 + $1.1 : $0 }
        var lower = 0.0, upper = 0.0
        for mask in 0..<(1 << n) {
            var w = 0.0
            for i in 0..<n where mask & (1 << i) != 0 { w += ranks[i] }
            if w <= observed + 1e-9 { lower += 1 }
            if w >= observed - 1e-9 { upper += 1 }
        }
        let brute = min(1, 2 * min(lower, upper) / Double(1 << n))
        #expect(p.wPlus == observed)
        #expect(abs(p.wilcoxonP - brute) < 1e-12)
        #expect(p.ties == 2)
        // Sign test: a better in 4, b in 7 of 11 -> two-sided
        // P = 2 P(B <= 4) = 2 (1 + 11 + 55 + 165 + 330) / 2048 = 0.548828125.
        #expect(p.aBetter == 4 && p.bBetter == 7 && abs(p.signTestP - 0.548828125) < 1e-12)
    }

    @Test("median interval: coverage P(l <= B <= n - l) for B ~ Bin(n, 1/2), the narrowest reaching 95%")
    func medianInterval() {
        for n in [6, 10, 25, 100, 101] {
            let x = (0..<n).map(Double.init)
            let (ci, coverage) = OrderStatistics.medianInterval(sorted: x)
            let l = Int(ci.lowerBound) + 1
            #expect(Int(ci.upperBound) == n - l)
            func cov(_ l: Int) -> Double {
                var s = 0.0
                for i in l...(n - l) { s += exp((try! Special.logChoose(n, i)) - Double(n) * log(2.0)) }
                return s
            }
            #expect(abs(coverage - cov(l)) < 1e-12)
            #expect(coverage >= 0.95)
            #expect(cov(l + 1) < 0.95)
        }
        // n = 100: the textbook interval is [x_(40), x_(61)] (coverage 0.9648).
        let (ci, _) = OrderStatistics.medianInterval(sorted: (1...100).map(Double.init))
        #expect(ci == 40...61)
    }

    @Test("diverged runs are counted, never a crash: lr 10 with SGD on a deep network diverges and reports +inf")
    func divergence() throws {
        var c = try Self.config("he", depth: 20, steps: 50)
        c.optimizer = try OptimizerSettings(kind: .sgd, learningRate: 10, weightDecay: 0)
        c.clip = nil
        c.initialization = try HiddenInitialization.named("gaussian", width: 2, depth: 20, slope: 0.1, sigma: 5)
        let runs = try TrainingExperiment.run(c, indices: [0, 1, 2, 3], threads: 2)
        let s = TrainingSummary(runs)
        #expect(s.diverged.count >= 1)
        for r in runs where r.diverged {
            #expect(r.finalLoss == .infinity && r.divergedAtStep != nil && r.curve.last == .infinity)
        }
    }
}
