import Foundation

/// A run's result as a fixed-length row of doubles, every bit kept: what a
/// shard of `lyapsim train` saves, a checkpoint holds and `merge` reads back.
/// Runs are independent functions of (config, run index), so the rows of
/// any split of the runs are the rows of the whole experiment.
///
/// Layout: run index, final loss, diverged (0 or 1), step of divergence
/// (NaN if none), baseline loss, initial log gain, selected candidate,
/// accuracy (NaN if the task has none), then the loss curve.
extension RunResult {
    static let fixedFields = 8

    /// Doubles per run for a configuration with `curveLength` curve points.
    public static func recordWidth(curveLength: Int) -> Int { fixedFields + curveLength }

    /// The row of this run.
    public var record: [Double] {
        [Double(runIndex), finalLoss, diverged ? 1 : 0, divergedAtStep.map(Double.init) ?? .nan, baselineLoss,
         initialLogGain, Double(selectedCandidate), accuracy ?? .nan] + curve
    }

    /// The run back from its row (`record`).
    public init(record r: ArraySlice<Double>) {
        let f = r.startIndex
        precondition(r.count >= Self.fixedFields)
        self.init(runIndex: UInt64(r[f]), finalLoss: r[f + 1], diverged: r[f + 2] == 1,
                  divergedAtStep: r[f + 3].isNaN ? nil : Int(r[f + 3]), baselineLoss: r[f + 4],
                  curve: Array(r[(f + Self.fixedFields)...]), initialLogGain: r[f + 5],
                  selectedCandidate: Int(r[f + 6]), accuracy: r[f + 7].isNaN ? nil : r[f + 7])
    }
}
