import RandomNets

/// A data set, feature-major: input row f over the samples is contiguous
/// (inputs[f * count + s]), target row r likewise (for classification the
/// single target row holds the class index as a Double).
public struct Dataset: Sendable {
    /// The number of samples.
    public let count: Int
    /// Inputs, feature-major: inputs[f * count + s].
    public let inputs: [Double]
    /// Targets, row-major by target row: targets[r * count + s].
    public let targets: [Double]

    /// A data set of `count` samples.
    public init(count: Int, inputs: [Double], targets: [Double]) {
        self.count = count
        self.inputs = inputs
        self.targets = targets
    }
}

/// What a task may depend on besides its random stream: the shape and
/// activation of the student (a teacher of the same shape needs them), and
/// whether the run is a validation run of the learning-rate search.
public struct TaskContext: Sendable {
    /// The student's architecture.
    public let shape: MLPShape
    /// The student's activation.
    public let activation: any Activation
    /// The Leaky ReLU slope (relu is 0); nil for other activations.
    public let slope: Double?
    /// A validation run (`TrainingExperiment.validationIndex`): a task with a
    /// fixed test set holds out its validation split instead, so nothing is
    /// ever chosen on the test set. Synthetic tasks draw fresh samples either way.
    public let validation: Bool

    /// The context of a student with this shape and activation.
    public init(shape: MLPShape, activation: any Activation, slope: Double?, validation: Bool = false) {
        self.shape = shape
        self.activation = activation
        self.slope = slope
        self.validation = validation
    }

    /// The input layer's gain: He's sqrt(2/(1+a^2)) for Leaky ReLU, else 1.
    public var inputGain: Double { slope.map { LeakyReLU(slope: $0).heGain } ?? 1 }
}

/// A supervised task: where inputs come from, what the targets are, and the
/// loss. A new task is one file conforming to this protocol plus one line in
/// `TaskRegistry`.
public protocol TrainingTask: Sendable {
    /// The name `--task` takes.
    var name: String { get }
    /// The exact definition, for --help and the README.
    var definition: String { get }
    /// Input dimension d_in.
    var inputs: Int { get }
    /// Output dimension d_out (for classification, the number of classes).
    var outputs: Int { get }
    /// The loss the task is trained and evaluated with.
    var loss: TrainingLoss { get }
    /// The width and depth of the paper's experiment with this task (or
    /// lyapsim's choice where the paper has none).
    var referenceWidth: Int { get }
    /// The depth of that experiment (see ``referenceWidth``).
    var referenceDepth: Int { get }
    /// Draws `count` training samples and `evaluation` held-out samples from
    /// the task's distribution (one stream, training samples first). A task
    /// with hidden structure (a teacher network) draws it from the same
    /// stream first, so train and evaluation sets share it.
    func makeData(count: Int, evaluation: Int, context: TaskContext,
                  stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset)
    /// Training-set sizes the task accepts (`--train-size`).
    var trainingSizes: ClosedRange<Int> { get }
    /// The training-set size when `--train-size` is not given, one of `trainingSizes`.
    var defaultTrainingSize: Int { get }
    /// The size of a fixed held-out set (a real data set's test set), which
    /// `makeData` returns whatever `evaluation` asks; nil when held-out
    /// samples are drawn, `evaluation` of them.
    var heldOutSize: Int? { get }
    /// Classification on real data: when set, every run reports its
    /// held-out accuracy, and a run "trains" when that accuracy is at least
    /// this (instead of the loss rule of `TrainingSummary`).
    var trainedAccuracy: Double? { get }
    /// Whether the input layer follows the initialization method
    /// (`InputLayerLaw`): under a Lyapunov method the d_in -> N layer gets its
    /// own sigma_crit (per-layer Lyapunov initialization). False for the
    /// synthetic tasks, whose study (T14) compares the hidden stacks behind a
    /// common input layer; true for Fashion-MNIST.
    var inputLayerFollowsMethod: Bool { get }
    /// Reads what the task needs from disk (once per process), so that a
    /// missing or corrupt file is reported before any run; a no-op for
    /// synthetic tasks. Throws `DataFileError`.
    func loadData() throws
}

extension TrainingTask {
    public var trainingSizes: ClosedRange<Int> { 1...(1 << 22) }
    /// 1024 samples.
    public var defaultTrainingSize: Int { 1024 }
    public var heldOutSize: Int? { nil }
    public var trainedAccuracy: Double? { nil }
    /// False: the common input layer.
    public var inputLayerFollowsMethod: Bool { false }
    public func loadData() throws {}
}

/// A task that reads its data from files in a folder (`--data-dir`).
public protocol FileBackedTask: TrainingTask {
    /// The folder the task reads its files from (`--data-dir`).
    var dataDirectory: String { get }
    /// The same task reading from `directory`.
    func reading(from directory: String) -> Self
}

extension TrainingTask {
    /// Convenience for tasks whose samples are iid given nothing else: draw
    /// the samples one after another with `sample`, then split.
    func iidData(count: Int, evaluation: Int, stream: inout RandomStream<Xoshiro256PlusPlus>,
                 sample: (inout RandomStream<Xoshiro256PlusPlus>, inout [Double], inout [Double]) -> Void)
        -> (train: Dataset, evaluation: Dataset) {
        let rows = loss.targetRows(outputs: outputs)
        func draw(_ n: Int) -> Dataset {
            var x = [Double](repeating: 0, count: inputs * n)
            var y = [Double](repeating: 0, count: rows * n)
            var xs = [Double](repeating: 0, count: inputs)
            var ys = [Double](repeating: 0, count: rows)
            for s in 0..<n {
                sample(&stream, &xs, &ys)
                for f in 0..<inputs { x[f * n + s] = xs[f] }
                for r in 0..<rows { y[r * n + s] = ys[r] }
            }
            return Dataset(count: n, inputs: x, targets: y)
        }
        let train = draw(count)
        return (train, draw(evaluation))
    }
}
