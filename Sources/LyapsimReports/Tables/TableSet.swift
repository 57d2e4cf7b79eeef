import Foundation
import RandomNets

/// A published results table: its number and file slug, and how it is
/// built. A new table is its own file (an enum conforming to this) plus one
/// line in `TableSet.all`.
protocol PublishedTable: SendableMetatype {
    /// "T1", ...: the number the README, notebooks and tests cite.
    static var id: String { get }
    /// The file name after the id: results/T1-lyapunov-exponent.md.
    static var slug: String { get }
    /// Computes the table's rows for a profile (quick or full).
    static func build(_ ctx: TableContext) throws -> ResultTable
    /// Core-hours a build costs, where it is long enough to plan for (nil:
    /// minutes at most).
    static func coreHours(_ profile: TableProfile) -> Double?
}

extension PublishedTable {
    static func coreHours(_ profile: TableProfile) -> Double? { nil }
}

/// The published tables, in order, and how to write them.
public enum TableSet {
    /// The one registration of every table, in publication order.
    static let all: [any PublishedTable.Type] = [
        T1LyapunovExponent.self,
        T2CriticalScales.self,
        T3CentralLimit.self,
        T4PhaseTransition.self,
        T5DeepNarrow.self,
        T6ReluDeath.self,
        T7FiniteWidth.self,
        T8BeyondGaussian.self,
        T9JacobianSpectrum.self,
        T10Angles.self,
        T11MeanFieldFiniteWidth.self,
        T12DyingReLU.self,
        T13OddSigmoids.self,
        T14Training.self,
        T15Calibration.self,
        T16FashionMNIST.self,
        T17BiasPhaseDiagram.self,
    ]

    public static let ids = all.map { $0.id }

    public static func build(_ id: String, _ ctx: TableContext) throws -> ResultTable {
        guard let table = all.first(where: { $0.id == id }) else {
            throw InvalidParameter(parameter: "only", "unknown table \(QuotedValue.quote(id)); one of \(ids.joined(separator: ", "))")
        }
        return try table.build(ctx)
    }

    /// The tables of `ids` that cost more than `limit` core-hours to build
    /// under `profile`, with their cost: what `regenerate --profile full`
    /// warns about before it starts.
    public static func long(_ ids: [String], profile: TableProfile, limit: Double = 1) -> [(id: String, coreHours: Double)] {
        ids.compactMap { id in
            all.first { $0.id == id }?.coreHours(profile).flatMap { $0 > limit ? (id, $0) : nil }
        }
    }

    /// File name stem, e.g. "T1-lyapunov-exponent".
    public static func stem(_ table: ResultTable) -> String {
        "\(table.id)-\(all.first { $0.id == table.id }?.slug ?? "table")"
    }
}
