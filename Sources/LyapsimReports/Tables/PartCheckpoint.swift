import Foundation
import RandomNets

/// A part of a table in parts, stopped between units (T16: between the
/// methods of a setting): the units finished, every bit, and the run they
/// belong to (table, part, profile, seed, generator, lyapsim version). It is
/// accepted back only by the very same part of the very same run, so a
/// resumed part gives the record of an uninterrupted one.
public struct PartCheckpoint: Sendable {
    public static let format = "lyapsim-table-part-checkpoint"
    public static let formatVersion = 1

    public let id: String
    public let part: Int
    public let label: String
    /// Every unit of the part, in order (T16: its methods).
    public let units: [String]
    /// The first `done.count` units as the JSON the table wrote for them,
    /// kept as it is (every double as its bit pattern) so that the part
    /// assembled from them is byte for byte the uninterrupted one.
    public internal(set) var done: [Data]
    /// CPU time (core-seconds, every thread) spent on the units done, over
    /// every process.
    public internal(set) var seconds: Double
    let context: TableContext
    let lyapsimVersion: String

    /// Writes atomically, creating missing folders on the way.
    func write(path: String) throws {
        let identity = RecordFile.identity(id: id, profile: context.profile, seed: context.seed, generator: context.generator.name,
                                           lyapsimVersion: lyapsimVersion)
        let data = try RecordFile.encode(format: Self.format, formatVersion: Self.formatVersion, identity: identity, fields: [
            "part": part, "label": label, "seconds": seconds, "units": units,
            "done": try zip(units, done).map { ["unit": $0, "result": try ExactJSON.object(with: $1)] },
        ], pretty: false)
        try RecordFile.write(data, to: path)
    }

    /// The checkpoint at `path`, after checking it is `expected`'s run and part.
    static func read(path: String, expected: PartCheckpoint) throws -> PartCheckpoint {
        let file = try RecordFile(path: path, format: format, formatVersion: formatVersion, id: expected.id,
                                  context: expected.context, lyapsimVersion: expected.lyapsimVersion,
                                  extra: [("part", String(expected.part))])
        guard try file.field("units", [String].self) == expected.units else {
            throw file.refuse("lists units \(try file.field("units", [String].self)), part \(expected.part) has \(expected.units)")
        }
        let done = try file.field("done", [[String: Any]].self)
        // All units done is a part stopped after its last unit and before its record was written.
        guard done.count <= expected.units.count else {
            throw file.refuse("holds \(done.count) units, part \(expected.part) has \(expected.units.count)")
        }
        for (i, unit) in done.enumerated() where unit["unit"] as? String != expected.units[i] || !(unit["result"] is [String: Any]) {
            throw file.refuse("unit \(i + 1) is not \(expected.units[i]) (part \(expected.part) has \(expected.units.joined(separator: ", ")))")
        }
        let seconds = try file.field("seconds", Double.self)
        guard seconds.isFinite, seconds >= 0 else { throw file.refuse("no valid seconds") }
        var state = expected
        state.done = try done.map { try JSONSerialization.data(withJSONObject: $0["result"]!, options: [.sortedKeys]) }
        state.seconds = seconds
        return state
    }
}

/// A checkpoint's unit that the part does not accept back (not the unit the
/// part has at its place, or not a well-formed one), found before any unit
/// is computed.
struct PartUnitRejected: Error {
    /// The unit's place, from 0.
    let index: Int
    let reason: String
}
