import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets
import RandomNetsTraining

struct TrainCommand: RecordedCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train R networks from one initialization and report the final held-out loss, the fraction that train and the fraction that diverge.",
        discussion: """
            Input layer d_in -> N, L hidden N x N layers, output N -> d_out; the activation after the input and every \
            hidden layer. Initializations differ only in the hidden layers. Run r uses streams derived from (seed, r) \
            for its data, outer layers, hidden layers and mini-batch order, so runs with the same index are paired \
            across initializations and output is identical for any --threads. Tasks: \
            \(TaskRegistry.all.map { "\($0.name) (\($0.definition))" }.joined(separator: "; ")).
            """)

    @Option(help: ArgumentHelp("Task: \(TaskRegistry.names.joined(separator: ", ")).", valueName: "name"))
    var task: String

    @Option(parsing: .unconditional, help: "Width N of the hidden layers (1 to \(Validate.maxWidth)).")
    var width: Int

    @Option(parsing: .unconditional, help: "Depth L: number of hidden N x N layers (1 to 10000).")
    var depth: Int

    @Option(help: ArgumentHelp("Hidden-layer initialization: \(HiddenInitialization.names.joined(separator: ", ")).", valueName: "name"))
    var `init`: String

    @OptionGroup var shapeParameters: EnsembleParameterOptions

    @Option(parsing: .unconditional, help: "Weight scale for --init ENSEMBLE (1e-300 to 1e100): E W_ij^2 = sigma^2/N (default: the He gain).")
    var sigma: Double?

    @Option(help: ArgumentHelp("Activation: \(ActivationRegistry.names.joined(separator: ", ")) (default leaky-relu).", valueName: "name"))
    var activation: String = ActivationRegistry.defaultName

    @Option(parsing: .unconditional, help: ArgumentHelp("Leaky ReLU slope a (only with --activation leaky-relu; default 0.1).", valueName: "a"))
    var slope: Double?

    @Option(parsing: .unconditional, help: "scaled-tanh's beta (only with --activation scaled-tanh).")
    var beta: Double?




    @Option(help: "Optimizer: adamw (default) or sgd.")
    var optimizer: OptimizerKind = .adamw

    @Option(parsing: .unconditional, help: "Learning rate (0 < lr <= 10; default 0.001).")
    var lr: Double = 1e-3

    @Option(name: .customLong("weight-decay"), parsing: .unconditional, help: "Decoupled weight decay (>= 0, lr * weight-decay < 1; default 0.0001).")
    var weightDecay: Double = 1e-4

    @Option(parsing: .unconditional, help: "Clip the global gradient norm to tau (> 0; default: no clipping).")
    var clip: Double?

    @Option(parsing: .unconditional, help: "Optimizer steps per run (1 to 10000000; default 2000).")
    var steps: Int = 2000

    @Option(parsing: .unconditional, help: "Mini-batch size (1 to 1024, at most the training set's size; default 64).")
    var batch: Int = 64

    @Option(name: .customLong("train-size"), parsing: .unconditional,
            help: ArgumentHelp("Training samples per run (default: 1024 for the synthetic tasks, drawn per run; fashion-mnist: 1 to 55000, a seeded subset per run shared by every method, default all 55000).", valueName: "K"))
    var trainSize: Int?

    @Option(name: .customLong("data-dir"),
            help: ArgumentHelp("Folder with the four Fashion-MNIST .gz files (only with --task fashion-mnist; default \(FashionMNIST.defaultDirectory), from Debian's \(FashionMNIST.package)).", valueName: "DIR"))
    var dataDir: String?

    @Option(parsing: .unconditional, help: "Independent runs R (1 to 100000; default 20).")
    var runs: Int = 20

    @Option(parsing: .unconditional, help: "Seed (0 to 18446744073709551615); run r uses streams derived from (seed, r).")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads (1 to 1024; default: the number of cores). Never changes the output.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var longRun: RunOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    /// Most runs accepted.
    static let maxRuns = 100_000
    /// Largest batch the command accepts (the library's limit is larger).
    static let maxBatch = 1024

    var recordCount: Int { runs }
    static var recordUnit: String { "runs" }

    func validate() throws {
        let config = try CLIError.usage { try makeConfig() }
        guard runs >= 1, runs <= Self.maxRuns else {
            throw ValidationError("--runs: must be an integer from 1 to \(Self.maxRuns), got \(runs)")
        }
        try CLIError.usage {
            try Validate.threads(threads)
            try longRun.shardSpec.check(samples: runs)
        }
        // Each worker thread holds one run's passes at a time.
        let perRun = TrainingConfig.passBytes(shape: config.shape, batch: batch)
        let total = perRun * Double(min(threads, runs))
        if total > 8 * 1_073_741_824 {
            throw ValidationError("--threads: \(min(threads, runs)) runs at once at width \(width) and depth \(depth) would hold \(Int(total / 1_048_576)) MiB of activations; at most 8192 MiB (lower --threads, --batch or --depth)")
        }
    }

    /// The Leaky ReLU slope: --slope, 0.1 by default; nil for other activations.
    var leakySlope: Double? {
        switch activation {
        case "leaky-relu": return slope ?? 0.1
        case "relu": return 0
        default: return nil
        }
    }

    func makeConfig() throws -> TrainingConfig {
        let t = try TaskRegistry.named(task, dataDirectory: dataDir)
        let phi = try ActivationRegistry.make(activation, slope: activation == "leaky-relu" ? leakySlope : slope, beta: beta)
        let shape = try MLPShape(inputs: t.inputs, width: width, depth: depth, outputs: t.outputs, biases: true)
        if let sigma { try Validate.sigma(sigma) }
        let parameters = shapeParameters.parameters
        let initialization = try HiddenInitialization.named(`init`, width: width, depth: depth, slope: leakySlope, sigma: sigma,
                                                      parameters: parameters)
        let settings = try OptimizerSettings(kind: optimizer, learningRate: lr, weightDecay: weightDecay)
        if let trainSize, !t.trainingSizes.contains(trainSize) {
            throw InvalidParameter(parameter: "train-size", "must be an integer from \(t.trainingSizes.lowerBound) to \(t.trainingSizes.upperBound) for \(t.name), got \(trainSize)")
        }
        let size = trainSize ?? t.defaultTrainingSize
        guard batch >= 1, batch <= min(Self.maxBatch, size) else {
            throw InvalidParameter(parameter: "batch", "must be an integer from 1 to \(min(Self.maxBatch, size)) (at most \(Self.maxBatch) and at most the \(size) training samples), got \(batch)")
        }
        return try TrainingConfig(task: t, shape: shape, activation: phi, slope: leakySlope, initialization: initialization,
                                  optimizer: settings, clip: clip, steps: steps, batch: batch, trainingSize: size,
                                  evaluationSize: t.heldOutSize ?? 1024, seed: seed)
    }

    var activationName: String {
        if let a = leakySlope, activation == "leaky-relu" { return "leaky-relu a = \(NumberFormat.general(a, 6))" }
        return activation
    }

    func run() throws { try runRecorded() }

    /// Per run: its `RunResult` as one row (`RunResult.record`).
    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan {
        let config = try CLIError.usage { try makeConfig() }
        let columns = [SampleBlock.Column("run", width: RunResult.recordWidth(curveLength: config.curveSteps.count))]
        let identity = RunIdentity(command: Self.name, startingFrom: nil, config, columns)
        // A missing or corrupt data file: one line before any run (exit 66 or 65).
        if merged == nil { try config.task.loadData() }
        let threads = threads
        return RecordPlan(
            identity: identity, columns: columns, threads: threads,
            compute: { range in
                let results = try TrainingExperiment.run(config, indices: range.map(UInt64.init), threads: threads)
                return SampleBlock(columns: columns, first: range.lowerBound, groups: [results.flatMap(\.record)])
            },
            render: { block, format in
                let width = columns[0].width, values = block.groups[0]
                let results = stride(from: 0, to: values.count, by: width).map {
                    RunResult(record: values[$0..<($0 + width)])
                }
                let summary = TrainingSummary(results, trainedAccuracy: config.task.trainedAccuracy)
                let report = TrainReport(config: config, activationName: activationName, summary: summary)
                format.emit(report)
            })
    }
}
