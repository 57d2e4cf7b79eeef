import RandomNets

/// Everything one training run depends on besides its run index.
public struct TrainingConfig: Sendable {
    /// The task: data, targets and loss.
    public var task: any TrainingTask
    /// The architecture.
    public var shape: MLPShape
    /// The activation after the input layer and every hidden layer.
    public var activation: any Activation
    /// The Leaky ReLU slope (relu 0); nil for other activations.
    public var slope: Double?
    /// How the hidden layers are initialized.
    public var initialization: HiddenInitialization
    /// Optimizer, learning rate and weight decay.
    public var optimizer: OptimizerSettings
    /// Clip the global gradient norm to tau (nil: no clipping).
    public var clip: Double?
    /// Optimizer steps per run.
    public var steps: Int
    /// Mini-batch size.
    public var batch: Int
    /// Training samples per run.
    public var trainingSize: Int
    /// Held-out samples per run, on which the final loss is measured.
    public var evaluationSize: Int
    /// The study's seed; run r draws from streams derived from (seed, r).
    public var seed: UInt64
    /// The held-out loss is recorded at `curvePoints + 1` evenly spaced
    /// steps (0 and the last included), for loss curves.
    public var curvePoints: Int
    /// Whether the input layer follows the method (`InputLayerLaw`); by
    /// default the task's `inputLayerFollowsMethod`.
    public var inputLayerFollowsMethod: Bool

    /// Most steps accepted.
    public static let maxSteps = 10_000_000
    /// Largest batch accepted.
    public static let maxBatch = 65_536
    /// What the gradient-norm clip tau accepts.
    public static let clipRule = "a positive finite number"

    /// A configuration, checked before any run starts.
    /// - Throws: `InvalidParameter` (from RandomNets) naming the option (`steps`, `batch`, ...) when a value is out of range or a batch would need more than 2 GiB of activations.
    public init(task: any TrainingTask, shape: MLPShape, activation: any Activation, slope: Double?,
                initialization: HiddenInitialization, optimizer: OptimizerSettings, clip: Double? = nil,
                steps: Int, batch: Int, trainingSize: Int = 1024, evaluationSize: Int = 1024, seed: UInt64,
                curvePoints: Int = 20, inputLayerFollowsMethod: Bool? = nil) throws {
        guard steps >= 1, steps <= Self.maxSteps else {
            throw InvalidParameter(parameter: "steps", "must be an integer from 1 to \(Self.maxSteps), got \(steps)")
        }
        guard batch >= 1, batch <= Self.maxBatch else {
            throw InvalidParameter(parameter: "batch", "must be an integer from 1 to \(Self.maxBatch), got \(batch)")
        }
        guard trainingSize >= batch, trainingSize <= 1 << 22 else {
            throw InvalidParameter(parameter: "batch", "must be at most the training set's size (\(trainingSize) samples), got \(batch)")
        }
        let bytes = Self.passBytes(shape: shape, batch: batch)
        guard bytes <= 2 * 1024 * 1024 * 1024 else {
            throw InvalidParameter(parameter: "batch", "a batch of \(batch) at width \(shape.width) and depth \(shape.depth) needs \(Int(bytes / 1_048_576)) MiB of activations; at most 2048 MiB (lower --batch)")
        }
        guard evaluationSize >= 1, evaluationSize <= 1 << 22 else {
            throw InvalidParameter(parameter: "evaluation-size", "must be from 1 to \(1 << 22), got \(evaluationSize)")
        }
        if let clip {
            guard clip > 0, clip.isFinite else {
                throw InvalidParameter(parameter: "clip", "tau must be \(Self.clipRule), got \(clip)")
            }
        }
        guard curvePoints >= 1, curvePoints <= 1000 else {
            throw InvalidParameter(parameter: "curve-points", "must be from 1 to 1000, got \(curvePoints)")
        }
        self.task = task
        self.shape = shape
        self.activation = activation
        self.slope = slope
        self.initialization = initialization
        self.optimizer = optimizer
        self.clip = clip
        self.steps = steps
        self.batch = batch
        self.trainingSize = trainingSize
        self.evaluationSize = evaluationSize
        self.seed = seed
        self.curvePoints = min(curvePoints, steps)
        self.inputLayerFollowsMethod = inputLayerFollowsMethod ?? task.inputLayerFollowsMethod
        _ = try resolvedInputLayer()
    }

    /// The input layer's law: the method's own (its family at the layer's
    /// sigma_crit) when the input layer follows the method and the method
    /// sets one, else the common Gaussian layer at He's gain (1 for
    /// activations other than Leaky ReLU and ReLU).
    /// - Throws: `InvalidParameter` when the method's layer has no sigma_crit (slope 0).
    public func resolvedInputLayer() throws -> InputLayerLaw {
        let gain = slope.map { LeakyReLU(slope: $0).heGain } ?? 1
        guard inputLayerFollowsMethod, let family = initialization.inputLayerFamily, let slope else {
            return .common(gain: gain)
        }
        return try .lyapunov(family, fanIn: shape.inputs, fanOut: shape.width, slope: slope)
    }

    /// `resolvedInputLayer()`, which the initializer has checked for this
    /// shape, slope and method (changing them afterwards to a method without
    /// a sigma_crit is a programming error).
    public var inputLayer: InputLayerLaw {
        do { return try resolvedInputLayer() } catch { preconditionFailure("\(error)") }
    }

    /// Memory of the largest pass one run holds: z and phi(z) of every layer
    /// for a batch, the 256-input probe of the initialization or the
    /// teacher's chunks of 256, whichever is largest.
    public static func passBytes(shape: MLPShape, batch: Int) -> Double {
        16.0 * Double(shape.layerCount) * Double(max(shape.width, shape.outputs)) * Double(max(batch, TrainingRun.probeCount))
    }

    /// The steps after which the held-out loss is recorded (0 = before training).
    public var curveSteps: [Int] { (0...curvePoints).map { $0 * steps / curvePoints } }
}
