import RandomNets

/// What R runs of one configuration say: the final held-out loss's median,
/// quartiles and a distribution-free 95% interval for the median; the
/// fraction of runs that train and the fraction that diverge, each with its
/// 95% Wilson interval; for tasks that report accuracy, its median,
/// quartiles and interval too.
public struct TrainingSummary: Sendable {
    /// A run "trains" when its final held-out loss is below this fraction of
    /// the best constant predictor's loss (it explains at least half of what
    /// a constant cannot). A diverged run never trains. A task that reports
    /// accuracy replaces this rule by its own (`TrainingTask.trainedAccuracy`).
    public static let trainedThreshold = 0.5

    /// The held-out accuracies of the runs (a diverged run's is 0).
    public struct Accuracy: Sendable {
        /// Median test accuracy.
        public let median: Double
        /// First quartile of the accuracy.
        public let lowerQuartile: Double
        /// Third quartile of the accuracy.
        public let upperQuartile: Double
        /// Distribution-free interval for the median from order statistics.
        public let medianInterval: ClosedRange<Double>
        /// The interval's exact coverage.
        public let medianIntervalCoverage: Double
    }

    /// The runs summarized, in run order.
    public let runs: [RunResult]
    /// Median final held-out loss (a diverged run counts +infinity).
    public let median: Double
    /// First quartile of the final loss.
    public let lowerQuartile: Double
    /// Third quartile of the final loss.
    public let upperQuartile: Double
    /// Distribution-free interval for the median from order statistics.
    public let medianInterval: ClosedRange<Double>
    /// The interval's exact coverage (>= 0.95 from 6 runs on).
    public let medianIntervalCoverage: Double
    /// Runs that trained, with a Wilson interval.
    public let trained: Calibration.Fraction
    /// Runs that diverged, with a Wilson interval.
    public let diverged: Calibration.Fraction
    /// Median relative loss (final / constant baseline).
    public let medianRelativeLoss: Double
    /// Median log-gain of the hidden stack at initialization.
    public let medianInitialLogGain: Double
    /// nil unless every run reports accuracy.
    public let accuracy: Accuracy?
    /// The accuracy a run needs to count as trained; nil: the loss rule.
    public let trainedAccuracy: Double?

    /// Summarizes `runs` (at least one). `trainedAccuracy`: the task's (`TrainingTask.trainedAccuracy`); when
    /// set, a run trains when it did not diverge and its accuracy is at least this.
    public init(_ runs: [RunResult], trainedAccuracy: Double? = nil) {
        precondition(!runs.isEmpty)
        precondition(trainedAccuracy == nil || runs.allSatisfy { $0.accuracy != nil }, "accuracy rule without accuracies")
        self.runs = runs
        let losses = runs.map(\.finalLoss).sorted()
        median = OrderStatistics.quantile(sorted: losses, 0.5)
        lowerQuartile = OrderStatistics.quantile(sorted: losses, 0.25)
        upperQuartile = OrderStatistics.quantile(sorted: losses, 0.75)
        let ci = OrderStatistics.medianInterval(sorted: losses)
        medianInterval = ci.interval
        medianIntervalCoverage = ci.coverage
        self.trainedAccuracy = trainedAccuracy
        let trainedRuns = runs.filter { run in
            guard !run.diverged else { return false }
            if let trainedAccuracy { return run.accuracy! >= trainedAccuracy }
            return run.relativeLoss < Self.trainedThreshold
        }
        trained = Calibration.Fraction(count: trainedRuns.count, total: runs.count)
        let accuracies = runs.compactMap(\.accuracy).sorted()
        if accuracies.count == runs.count {
            let ci = OrderStatistics.medianInterval(sorted: accuracies)
            accuracy = Accuracy(median: OrderStatistics.quantile(sorted: accuracies, 0.5),
                                lowerQuartile: OrderStatistics.quantile(sorted: accuracies, 0.25),
                                upperQuartile: OrderStatistics.quantile(sorted: accuracies, 0.75),
                                medianInterval: ci.interval, medianIntervalCoverage: ci.coverage)
        } else {
            accuracy = nil
        }
        diverged = Calibration.Fraction(count: runs.filter(\.diverged).count, total: runs.count)
        medianRelativeLoss = OrderStatistics.quantile(sorted: runs.map(\.relativeLoss).sorted(), 0.5)
        // NaN (-inf - -inf or inf - inf: the signal vanished or overflowed at both ends) sorts last.
        let gains = runs.map { $0.initialLogGain.isNaN ? Double.infinity : $0.initialLogGain }.sorted()
        medianInitialLogGain = OrderStatistics.quantile(sorted: gains, 0.5)
    }

    /// The held-out loss curves' median and quartiles at each recorded step.
    public var curveBands: [(lower: Double, median: Double, upper: Double)] {
        let points = runs[0].curve.count
        return (0..<points).map { k in
            let v = runs.map { $0.curve[k] }.sorted()
            return (OrderStatistics.quantile(sorted: v, 0.25), OrderStatistics.quantile(sorted: v, 0.5),
                    OrderStatistics.quantile(sorted: v, 0.75))
        }
    }
}
