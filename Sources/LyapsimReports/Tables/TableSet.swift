import Foundation
import RandomNets

/// The published tables, by id, and how to write them.
public enum TableSet {
    public static let ids = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "T13", "T14", "T15", "T16", "T17"]

    public static func build(_ id: String, _ ctx: TableContext) throws -> ResultTable {
        switch id {
        case "T1": return try T1LyapunovExponent.build(ctx)
        case "T2": return try T2CriticalScales.build(ctx)
        case "T3": return try T3CentralLimit.build(ctx)
        case "T4": return try T4PhaseTransition.build(ctx)
        case "T5": return try T5DeepNarrow.build(ctx)
        case "T6": return try T6ReluDeath.build(ctx)
        case "T7": return try T7FiniteWidth.build(ctx)
        case "T8": return try T8BeyondGaussian.build(ctx)
        case "T9": return try T9JacobianSpectrum.build(ctx)
        case "T10": return try T10Angles.build(ctx)
        case "T11": return try T11MeanFieldFiniteWidth.build(ctx)
        case "T12": return try T12DyingReLU.build(ctx)
        case "T13": return try T13OddSigmoids.build(ctx)
        case "T14": return try T14Training.build(ctx)
        case "T15": return try T15Calibration.build(ctx)
        case "T16": return try T16FashionMNIST.build(ctx)
        case "T17": return try T17BiasPhaseDiagram.build(ctx)
        default:
            throw InvalidParameter(parameter: "only", "unknown table '\(id)'; one of \(ids.joined(separator: ", "))")
        }
    }

    static let slugs = ["T1": "lyapunov-exponent", "T2": "critical-scales", "T3": "central-limit",
                        "T4": "phase-transition", "T5": "deep-narrow-init", "T6": "relu-death",
                        "T7": "finite-width", "T8": "beyond-gaussian",
                        "T9": "jacobian-spectrum", "T10": "angles", "T15": "calibration",
                        "T11": "meanfield-finite-width", "T12": "dying-relu", "T13": "odd-sigmoids", "T14": "training",
                        "T16": "fashion-mnist", "T17": "bias-phase-diagram"]

    /// File name stem, e.g. "T1-lyapunov-exponent".
    public static func stem(_ table: ResultTable) -> String { "\(table.id)-\(slugs[table.id] ?? "table")" }
}
