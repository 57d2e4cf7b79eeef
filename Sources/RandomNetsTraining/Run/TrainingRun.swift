import Foundation
import RandomNets

/// The outcome of one training run.
public struct RunResult: Sendable, Equatable {
    /// The run index r (validation runs have indices from 2^48 on).
    public let runIndex: UInt64
    /// The held-out loss after the last step; +infinity when the run diverged.
    public let finalLoss: Double
    /// A loss, a gradient or the held-out loss became non-finite.
    public let diverged: Bool
    /// The step at which it did (1-based), if it did.
    public let divergedAtStep: Int?
    /// The held-out loss of the best constant predictor (the targets' variance
    /// for MSE, the label entropy for cross-entropy): the scale a loss is
    /// judged against.
    public let baselineLoss: Double
    /// The held-out loss at `TrainingConfig.curveSteps` (+infinity from the
    /// divergence on).
    public let curve: [Double]
    /// log of the hidden stack's gain at initialization on the probe inputs
    /// (`MLPPass.hiddenLogGain`): about L lambda for a draw from a law with
    /// Lyapunov exponent lambda.
    public let initialLogGain: Double
    /// Lyapunov sampling: which candidate was kept (0 otherwise).
    public let selectedCandidate: Int
    /// The fraction of held-out samples classified correctly after the last
    /// step, for tasks that report accuracy (`TrainingTask.trainedAccuracy`;
    /// nil for the others); a diverged run scores 0.
    public var accuracy: Double? = nil

    /// final / baseline: below `TrainingSummary.trainedThreshold` the run "trains".
    /// A task whose targets are constant on the held-out set has baseline
    /// 0; a final loss of 0 there is a perfect fit (0), anything else is
    /// infinitely worse than the constant (never 0/0 = NaN).
    public var relativeLoss: Double {
        baselineLoss > 0 ? finalLoss / baselineLoss : (finalLoss == 0 ? 0 : .infinity)
    }
}

/// One training run: data, initialization, mini-batch AdamW or SGD with
/// optional clipping, held-out evaluation. Single-threaded and a function of
/// (config, run index) only.
public enum TrainingRun {
    /// Inputs Lyapunov sampling measures the gain on: the first 256 training inputs.
    public static let probeCount = 256

    /// Trains one network: draws the data, the outer layers and the hidden layers from the streams of (config.seed, index), trains for `config.steps` steps and measures the held-out loss. A divergence stops the run and is recorded, not thrown.
    /// - Throws: `InvalidParameter` (from RandomNets) if the initialization cannot be resolved for this shape.
    public static func run(_ config: TrainingConfig, index: UInt64) throws -> RunResult {
        // Concrete types for the common activations, so the compiler
        // specializes the passes and inlines phi and phi' into the loops; an
        // opened existential would call them through the witness table per
        // element (measured: 2.5x slower at width 8).
        switch config.activation {
        case let phi as LeakyReLU: return try Trainer(config, phi, index).run()
        case let phi as ReLU: return try Trainer(config, phi, index).run()
        case let phi as Tanh: return try Trainer(config, phi, index).run()
        default:
            func typed<Phi: Activation>(_ phi: Phi) throws -> RunResult { try Trainer(config, phi, index).run() }
            return try typed(config.activation)
        }
    }

    /// Draws the initial parameters of run `index` (outer layers, then the
    /// hidden stack or the best of the candidates) and reports the kept
    /// candidate with its log-gain and every candidate's log-gain.
    public static func initialParameters(_ config: TrainingConfig, index: UInt64, data: Dataset) -> (parameters: [Double], candidate: Int, logGains: [Double]) {
        func typed<Phi: Activation>(_ phi: Phi) -> ([Double], Int, [Double]) {
            let shape = config.shape
            let streams = RunStreams(seed: config.seed, run: index)
            let zero = [Double](repeating: 0, count: shape.parameterCount)
            let outer = streams.stream(.outerLayers)
            let input = config.inputLayer
            let probe = min(probeCount, data.count)
            let pass = MLPPass(shape: shape, activation: phi, capacity: probe)
            let x = Trainer<Phi>.gather(data.inputs, rows: shape.inputs, total: data.count, first: 0, count: probe)
            var gains: [Double] = []
            var best: [Double] = []
            var bestCandidate = 0
            // LSUV's batch: the first B training inputs (B the batch size).
            let lsuvCount = min(config.batch, data.count)
            let lsuvPass = config.initialization.lsuv.map { _ in MLPPass(shape: shape, activation: phi, capacity: lsuvCount) }
            let lsuvBatch = config.initialization.lsuv == nil ? []
                : Trainer<Phi>.gather(data.inputs, rows: shape.inputs, total: data.count, first: 0, count: lsuvCount)
            for c in 0..<config.initialization.candidates {
                var trial = zero
                trial.withUnsafeMutableBufferPointer { p in
                    var o = outer
                    WeightDrawing.drawOuterLayers(p.baseAddress!, shape: shape, input: input, stream: &o)
                    var hidden = streams.candidate(c)
                    WeightDrawing.drawHiddenLayers(p.baseAddress!, shape: shape, ensemble: config.initialization.ensemble, stream: &hidden)
                    if let lsuv = config.initialization.lsuv, let lsuvPass {
                        _ = lsuvBatch.withUnsafeBufferPointer { b in
                            lsuv.rescale(p.baseAddress!, pass: lsuvPass, input: b.baseAddress!, count: lsuvCount)
                        }
                    }
                    x.withUnsafeBufferPointer { xb in pass.forward(parameters: p.baseAddress!, input: xb.baseAddress!, count: probe) }
                }
                let g = pass.hiddenLogGain
                gains.append(g)
                // Algorithm 2: keep the candidate whose gain is closest to 1,
                // measured as |log gain| (gains multiply across layers); a
                // NaN gain is never kept over a number, ties keep the first.
                if c == 0 || LyapunovSampling.distance(g) < LyapunovSampling.distance(gains[bestCandidate]) {
                    best = trial
                    bestCandidate = c
                }
            }
            return (best, bestCandidate, gains)
        }
        return typed(config.activation)
    }
}

/// Lyapunov sampling (the paper's Algorithm 2, as lyapsim implements it):
/// draw K = ceil(sqrt(L)) hidden stacks from the Gaussian law at sigma_crit,
/// run each (with the run's common input and output layers) on the first
/// 256 training inputs, and keep the one whose hidden-stack gain
/// ||X_L|| / ||X_0|| (Frobenius norms over those inputs, X_0 after the
/// input layer, X_L after the last hidden layer) is closest to 1 in
/// |log gain|. Candidate 0 is `lyapunov`'s own draw.
public enum LyapunovSampling {
    /// The distance of a candidate from gain 1: |log gain|, with NaN (a dead stack) infinitely far.
    public static func distance(_ logGain: Double) -> Double { logGain.isNaN ? .infinity : abs(logGain) }
}
