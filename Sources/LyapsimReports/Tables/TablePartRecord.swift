import Foundation
import RandomNets

/// A table too long for one process even on its own (the full profile of
/// T16 is about 104 core-hours), built in parts: each part (a T16 setting) is
/// computed by `lyapsim tables --only ID --part K --save FILE` as a separate
/// job and the table is rendered from the saved parts, so it can be spread
/// over a cluster, resumed part by part, and published with some parts
/// still to come. A new table in parts is one conformance, nothing more.
protocol TableInParts: PublishedTable {
    /// How many parts the table has under a profile.
    static func partCount(_ profile: TableProfile) -> Int
    /// Part k in words, e.g. "leaky-relu N = 8 L = 10 K = 1000".
    static func partLabel(_ profile: TableProfile, _ k: Int) -> String
    /// The units of work of part k in order (T16: the methods of its
    /// setting): a checkpoint keeps the units finished, so a part of hours
    /// that stops loses at most the unit under way.
    static func partUnits(_ profile: TableProfile, _ k: Int) -> [String]
    /// Computes part k: every number it contributes, every bit, as JSON. The
    /// first units are `done` (finished earlier, each as the JSON `finished`
    /// was given) and are not computed again; once they pass the part's
    /// checks (else `PartUnitRejected`, before any computing), and after each
    /// unit computed here, `finished` gets every unit done so far. The result does not depend on
    /// how the units were split between processes.
    static func computePart(_ ctx: TableContext, _ k: Int, done: [Data], finished: ([Data]) throws -> Void) throws -> Data
    /// The table from the parts given (part index to `computePart`'s JSON).
    /// Parts not given are left out, and the table says which.
    static func build(_ ctx: TableContext, parts: [Int: Data]) throws -> ResultTable
}

extension TableInParts {
    /// The whole table: every part computed here, in order.
    static func buildAllParts(_ ctx: TableContext) throws -> ResultTable {
        var parts: [Int: Data] = [:]
        for k in 0..<partCount(ctx.profile) { parts[k] = try computePart(ctx, k, done: [], finished: { _ in }) }
        return try build(ctx, parts: parts)
    }
}

/// One saved part: the part's JSON and the run it belongs to (table id,
/// part, profile, seed, generator, lyapsim version); loading it for another
/// run is refused.
public struct TablePartRecord: Sendable {
    public static let format = "lyapsim-table-part"
    public static let formatVersion = 1

    public let id: String
    public let part: Int
    public let label: String
    public let payload: Data
    /// CPU time of the part (core-seconds, every thread, over every process).
    public let seconds: Double
    public let profile: TableProfile
    public let seed: UInt64
    public let generator: String
    public let lyapsimVersion: String

    /// The file name of part k of table `id` in a folder of records.
    public static func fileName(id: String, part k: Int) -> String { "\(id).part-\(k).record" }

    /// Computes part k of table `id` under `context`. With `checkpoint`, the
    /// units already saved there (by an earlier process of this very run) are
    /// kept, and the file is rewritten atomically after each unit, so a stop
    /// loses at most the unit under way; `progress` hears of the units taken
    /// from the checkpoint (`resumed` true) and of each unit done here. The
    /// time recorded is this process's CPU time while the part ran, every
    /// thread: one part per process (as `lyapsim tables --part` runs it), or
    /// concurrent work in the process is counted as the part's.
    public static func compute(id: String, part k: Int, context: TableContext, lyapsimVersion: String,
                               checkpoint: String? = nil,
                               progress: ((_ state: PartCheckpoint, _ resumed: Bool) -> Void)? = nil) throws
        -> TablePartRecord
    {
        let table = try TableSet.inParts(id)
        let count = table.partCount(context.profile)
        guard (0..<count).contains(k) else {
            throw TableRecord.Refusal(path: "--part", reason: "\(id) has parts 0 to \(count - 1) under --profile \(context.profile.rawValue), not \(k)")
        }
        let label = table.partLabel(context.profile, k)
        var state = PartCheckpoint(id: id, part: k, label: label, units: table.partUnits(context.profile, k), done: [],
                                   seconds: 0, context: context, lyapsimVersion: lyapsimVersion)
        if let checkpoint, FileManager.default.fileExists(atPath: checkpoint) {
            state = try PartCheckpoint.read(path: checkpoint, expected: state)
        }
        let resumed = state.seconds
        // CPU time, all threads: core-seconds whatever --threads was (wall time undercounts a threaded part).
        let start = ProcessCPUClock.seconds()
        let payload: Data
        do {
            payload = try table.computePart(context, k, done: state.done) { units in
                // The units taken from the checkpoint, accepted: nothing new to save.
                if units.count == state.done.count { return progress?(state, true) ?? () }
                state.done = units
                state.seconds = resumed + max(0, ProcessCPUClock.seconds() - start)
                if let checkpoint { try state.write(path: checkpoint) }
                progress?(state, false)
            }
        } catch let rejected as PartUnitRejected {
            throw TableRecord.Refusal(path: checkpoint ?? "--checkpoint", reason: "unit \(rejected.index + 1) \(rejected.reason); remove it or give another file")
        }
        return TablePartRecord(id: id, part: k, label: label, payload: payload,
                               seconds: resumed + max(0, ProcessCPUClock.seconds() - start), profile: context.profile, seed: context.seed,
                               generator: context.generator.name, lyapsimVersion: lyapsimVersion)
    }

    public func encoded() -> Data {
        let identity = RecordFile.identity(id: id, profile: profile, seed: seed, generator: generator, lyapsimVersion: lyapsimVersion)
        // The payload is JSON the table wrote and `seconds` a finite duration, so encoding cannot fail.
        return try! RecordFile.encode(format: Self.format, formatVersion: Self.formatVersion, identity: identity, fields: [
            "part": part, "label": label, "seconds": seconds,
            "payload": (try? ExactJSON.object(with: payload)) ?? [:],
        ])
    }

    /// Writes atomically, creating missing folders on the way.
    public func write(path: String) throws { try RecordFile.write(encoded(), to: path) }

    /// Reads part k of table `id` and checks it belongs to `context` and this version.
    public static func read(path: String, id: String, part k: Int, context: TableContext, lyapsimVersion: String) throws
        -> TablePartRecord
    {
        let file = try RecordFile(path: path, format: format, formatVersion: formatVersion, id: id, context: context,
                                  lyapsimVersion: lyapsimVersion, extra: [("part", String(k))])
        let payload = try JSONSerialization.data(withJSONObject: try file.field("payload", [String: Any].self),
                                                 options: [.sortedKeys])
        return TablePartRecord(id: id, part: k, label: try file.field("label", String.self), payload: payload,
                               seconds: try file.field("seconds", Double.self), profile: context.profile, seed: context.seed,
                               generator: context.generator.name, lyapsimVersion: lyapsimVersion)
    }

    /// The parts of table `id` saved in `folder`, by part index.
    public static func readAll(folder: String, id: String, context: TableContext, lyapsimVersion: String) throws
        -> [Int: TablePartRecord]
    {
        guard let table = TableSet.all.first(where: { $0.id == id }) as? any TableInParts.Type else { return [:] }
        var out: [Int: TablePartRecord] = [:]
        for k in 0..<table.partCount(context.profile) {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName(id: id, part: k)).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            out[k] = try read(path: path, id: id, part: k, context: context, lyapsimVersion: lyapsimVersion)
        }
        return out
    }
}

extension TableSet {
    /// The ids of the tables built in parts.
    public static var idsInParts: [String] { all.compactMap { ($0 as? any TableInParts.Type)?.id } }

    static func inParts(_ id: String) throws -> any TableInParts.Type {
        guard let table = all.first(where: { $0.id == id }) as? any TableInParts.Type else {
            throw TableRecord.Refusal(path: "--part", reason: "\(id) is one unit of work; tables built in parts: \(idsInParts.joined(separator: ", "))")
        }
        return table
    }

    /// How many parts table `id` has under `profile` (nil: it is one unit).
    public static func partCount(_ id: String, _ profile: TableProfile) -> Int? {
        (all.first { $0.id == id } as? any TableInParts.Type)?.partCount(profile)
    }

    /// Part k of table `id` in words.
    public static func partLabel(_ id: String, _ profile: TableProfile, _ k: Int) -> String {
        (all.first { $0.id == id } as? any TableInParts.Type)?.partLabel(profile, k) ?? id
    }

    /// Renders table `id` from saved parts; parts absent are left out and named in the table.
    public static func build(_ id: String, _ ctx: TableContext, parts: [Int: TablePartRecord]) throws -> ResultTable {
        try inParts(id).build(ctx, parts: parts.mapValues(\.payload))
    }
}
