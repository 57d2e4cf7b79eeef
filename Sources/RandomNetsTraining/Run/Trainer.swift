import Foundation
import RandomNets

/// The training loop of one run, compiled for one activation.
struct Trainer<Phi: Activation> {
    let config: TrainingConfig
    let phi: Phi
    let index: UInt64

    init(_ config: TrainingConfig, _ phi: Phi, _ index: UInt64) {
        self.config = config
        self.phi = phi
        self.index = index
    }

    /// Columns first ..< first + count of a feature-major array with `rows`
    /// rows of `total` samples, as a feature-major array of `count` samples.
    static func gather(_ a: [Double], rows: Int, total: Int, first: Int, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * count)
        for r in 0..<rows { for s in 0..<count { out[r * count + s] = a[r * total + first + s] } }
        return out
    }

    func run() throws -> RunResult {
        let shape = config.shape, task = config.task
        let streams = RunStreams(seed: config.seed, run: index)
        var dataStream = streams.stream(.data)
        let context = TaskContext(shape: shape, activation: config.activation, slope: config.slope,
                                  validation: TrainingExperiment.isValidation(index))
        let (train, held) = try task.makeData(count: config.trainingSize, evaluation: config.evaluationSize,
                                              context: context, stream: &dataStream)
        let start = TrainingRun.initialParameters(config, index: index, data: train)
        var theta = start.parameters
        var gradient = [Double](repeating: 0, count: theta.count)
        var optimizer = OptimizerState(settings: config.optimizer, parameterCount: theta.count)
        let pass = MLPPass(shape: shape, activation: phi, capacity: config.batch)
        let loss = task.loss
        let rows = loss.targetRows(outputs: shape.outputs)
        let b = config.batch
        var batchX = [Double](repeating: 0, count: shape.inputs * b)
        // The training inputs sample-major (sample i's features contiguous),
        // so a batch is gathered from B contiguous runs instead of B x d_in
        // scattered loads (at d_in = 784 those were 15% of a step). A copy of
        // the values, so the batches, and every result, are unchanged.
        let rowsOfSamples = Self.sampleMajor(train.inputs, features: shape.inputs, count: train.count)
        var batchY = [Double](repeating: 0, count: rows * b)
        var outputGradient = [Double](repeating: 0, count: shape.outputs * b)
        var order = Array(0..<train.count)
        var position = train.count  // forces a shuffle before the first batch
        var batchStream = streams.stream(.batches)
        let recordAt = config.curveSteps
        var curve: [Double] = []
        var next = 0
        var divergedAt: Int?
        // The held-out accuracy at the last evaluation (cross-entropy only).
        var accuracy = 0.0

        func evaluate() -> Double {
            let (value, correct) = theta.withUnsafeBufferPointer { p in
                Self.heldOut(pass: pass, parameters: p.baseAddress!, data: held, loss: loss, rows: rows)
            }
            accuracy = Double(correct) / Double(held.count)
            return value
        }

        if recordAt[next] == 0 { curve.append(evaluate()); next += 1 }
        for step in 1...config.steps {
            // Mini-batches: the training set in a fresh random order each
            // epoch (Fisher-Yates from the run's batch stream), cut into
            // consecutive batches; a remainder shorter than B is skipped.
            if position + b > train.count {
                Self.shuffle(&order, &batchStream)
                position = 0
            }
            rowsOfSamples.withUnsafeBufferPointer { x in
                batchX.withUnsafeMutableBufferPointer { out in
                    order.withUnsafeBufferPointer { o in
                        BatchGather.featureMajor(from: x.baseAddress!, features: shape.inputs, indices: o.baseAddress! + position,
                                                      count: b, into: out.baseAddress!)
                    }
                }
            }
            for s in 0..<b {
                let i = order[position + s]
                for r in 0..<rows { batchY[r * b + s] = train.targets[r * train.count + i] }
            }
            position += b
            var finite = true
            theta.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeMutableBufferPointer { g in
                    batchX.withUnsafeBufferPointer { x in
                        pass.forward(parameters: p.baseAddress!, input: x.baseAddress!, count: b)
                        let value = batchY.withUnsafeBufferPointer { y in
                            outputGradient.withUnsafeMutableBufferPointer { d in
                                loss.evaluate(output: pass.output, targets: y.baseAddress!, outputs: shape.outputs, count: b,
                                              gradient: d.baseAddress!)
                            }
                        }
                        guard value.isFinite else { finite = false; return }
                        outputGradient.withUnsafeBufferPointer { d in
                            pass.backward(parameters: p.baseAddress!, input: x.baseAddress!, outputGradient: d.baseAddress!,
                                          into: g.baseAddress!)
                        }
                        let normIsFinite = config.clip.map { GradientClipping.clip(g.baseAddress!, count: g.count, to: $0).isFinite }
                            ?? GradientClipping.normIsFinite(g.baseAddress!, count: g.count)
                        guard normIsFinite else { finite = false; return }
                        optimizer.step(p.baseAddress!, gradient: UnsafePointer(g.baseAddress!), count: g.count)
                    }
                }
            }
            if !finite { divergedAt = step; break }
            if next < recordAt.count, recordAt[next] == step {
                let value = evaluate()
                curve.append(value)
                next += 1
                if !value.isFinite { divergedAt = step; break }
            }
        }
        while curve.count < recordAt.count { curve.append(.infinity) }
        let final = divergedAt == nil ? curve[curve.count - 1] : .infinity
        return RunResult(runIndex: index, finalLoss: final, diverged: divergedAt != nil, divergedAtStep: divergedAt,
                         baselineLoss: Self.constantBaseline(held, loss: loss, outputs: shape.outputs), curve: curve,
                         initialLogGain: start.logGains[start.candidate], selectedCandidate: start.candidate,
                         accuracy: task.trainedAccuracy == nil ? nil : (divergedAt == nil ? accuracy : 0))
    }

    /// A feature-major array (features x count) as sample-major (count x features).
    static func sampleMajor(_ a: [Double], features: Int, count: Int) -> [Double] {
        var out = [Double](repeating: 0, count: features * count)
        a.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { out in
                // Blocks of 64 samples: the reads of a feature row and the writes stay in cache.
                var start = 0
                while start < count {
                    let end = min(count, start + 64)
                    for f in 0..<features {
                        let row = a.baseAddress! + f * count
                        for s in start..<end { out[s * features + f] = row[s] }
                    }
                    start = end
                }
            }
        }
        return out
    }

    /// Fisher-Yates with Lemire's multiply-high reduction of a 64-bit word to
    /// [0, i] (bias below 2^-50 at the sizes used).
    static func shuffle(_ a: inout [Int], _ stream: inout RandomStream<Xoshiro256PlusPlus>) {
        var i = a.count - 1
        while i > 0 {
            let j = Int(stream.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            a.swapAt(i, j)
            i -= 1
        }
    }

    /// The loss on the held-out set, in chunks of the pass's capacity; the
    /// chunk means are weighted by their sizes, so it is the mean over all.
    /// For cross-entropy also the number of samples whose largest output
    /// (the first of equal ones) is the label; 0 for MSE.
    static func heldOut(pass: MLPPass<Phi>, parameters p: UnsafePointer<Double>, data: Dataset, loss: TrainingLoss,
                        rows: Int) -> (loss: Double, correct: Int) {
        let shape = pass.shape
        var total = 0.0
        var correct = 0
        var start = 0
        while start < data.count {
            let c = min(pass.capacity, data.count - start)
            let y = gather(data.targets, rows: rows, total: data.count, first: start, count: c)
            // The chunk's inputs in place: columns start..<start + c of the feature-major data.
            data.inputs.withUnsafeBufferPointer {
                pass.forward(parameters: p, input: $0.baseAddress! + start, count: c, inputStride: data.count)
            }
            let value = y.withUnsafeBufferPointer {
                loss.evaluate(output: pass.output, targets: $0.baseAddress!, outputs: shape.outputs, count: c, gradient: nil)
            }
            total += value * Double(c)
            if loss == .softmaxCrossEntropy {
                let out = pass.output
                for s in 0..<c {
                    var best = 0
                    for k in 1..<shape.outputs where out[k * c + s] > out[best * c + s] { best = k }
                    // A NaN output is never a correct answer.
                    if out[best * c + s].isFinite && best == Int(y[s]) { correct += 1 }
                }
            }
            start += c
        }
        let mean = total / Double(data.count)
        return (mean.isNaN ? .infinity : mean, correct)
    }

    /// The held-out loss of the best constant prediction: for MSE the mean
    /// over outputs of the targets' (population) variance; for
    /// cross-entropy the entropy of the label frequencies.
    static func constantBaseline(_ data: Dataset, loss: TrainingLoss, outputs: Int) -> Double {
        let n = data.count
        switch loss {
        case .meanSquaredError:
            var total = 0.0
            for r in 0..<outputs {
                let row = data.targets[(r * n)..<((r + 1) * n)]
                let mean = row.reduce(0, +) / Double(n)
                total += row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
            }
            return total / Double(outputs)
        case .softmaxCrossEntropy:
            var counts = [Int](repeating: 0, count: outputs)
            for y in data.targets { counts[Int(y)] += 1 }
            return counts.reduce(0.0) { h, k in
                guard k > 0 else { return h }
                let p = Double(k) / Double(n)
                return h - p * log(p)
            }
        }
    }
}
