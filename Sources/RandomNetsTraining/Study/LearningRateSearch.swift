import RandomNets

/// Hyperparameters chosen per method, as the paper did, but on separate
/// seeds: each learning rate of the grid is tried on V validation runs
/// (`TrainingExperiment.validationIndex`), the one with the smallest median
/// held-out loss is kept (a diverged run counts +infinity; ties keep the
/// smaller rate), then R fresh runs 0 ..< R are made at it. The reported
/// runs never saw the selection, so their median is not biased down by it.
/// A task with a fixed test set (fashion-mnist) scores its validation runs
/// on its validation split (`TaskContext.validation`), so the test set
/// chooses nothing.
public struct LearningRateSearch: Sendable {
    /// The learning rates tried.
    public let grid: [Double]
    /// The validation median at each rate of the grid.
    public let validationMedians: [Double]
    /// The validation runs' trained fraction at each rate.
    public let validationTrained: [Double]
    /// The rate with the smallest validation median.
    public let chosenRate: Double
    /// The summary of the fresh runs at the chosen rate.
    public let fresh: TrainingSummary

    /// A search back from what it found (a saved part of a table): the grid,
    /// the validation medians and trained fractions per rate, the rate kept
    /// and the fresh runs' summary.
    public init(grid: [Double], validationMedians: [Double], validationTrained: [Double], chosenRate: Double,
                fresh: TrainingSummary) {
        precondition(!grid.isEmpty && validationMedians.count == grid.count && validationTrained.count == grid.count)
        self.grid = grid
        self.validationMedians = validationMedians
        self.validationTrained = validationTrained
        self.chosenRate = chosenRate
        self.fresh = fresh
    }

    /// Runs `validationRuns` validation runs at every rate of `grid`, keeps the best rate and makes `runs` fresh runs at it, on `threads` threads.
    /// - Throws: `InvalidParameter` (from RandomNets) if a configuration at some rate is invalid.
    public init(_ config: TrainingConfig, grid: [Double], validationRuns v: Int, runs r: Int, threads: Int) throws {
        precondition(!grid.isEmpty && v >= 1 && r >= 1)
        self.grid = grid
        var medians: [Double] = []
        var trained: [Double] = []
        for lr in grid {
            var c = config
            c.optimizer = try OptimizerSettings(kind: config.optimizer.kind, learningRate: lr, weightDecay: config.optimizer.weightDecay)
            let runs = try TrainingExperiment.run(c, indices: (0..<v).map(TrainingExperiment.validationIndex), threads: threads)
            let s = TrainingSummary(runs, trainedAccuracy: config.task.trainedAccuracy)
            medians.append(s.median)
            trained.append(s.trained.value)
        }
        validationMedians = medians
        validationTrained = trained
        var best = 0
        for k in grid.indices where medians[k] < medians[best] { best = k }
        chosenRate = grid[best]
        var c = config
        c.optimizer = try OptimizerSettings(kind: config.optimizer.kind, learningRate: chosenRate, weightDecay: config.optimizer.weightDecay)
        fresh = TrainingSummary(try TrainingExperiment.run(c, indices: (0..<r).map(UInt64.init), threads: threads),
                                trainedAccuracy: config.task.trainedAccuracy)
    }
}
