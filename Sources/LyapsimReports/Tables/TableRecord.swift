import Foundation
import LyapsimRuns
import RandomNets

/// A built table saved whole, so the tables of one regeneration can be
/// computed as separate processes (GNU parallel, Slurm array tasks, a rerun
/// that skips what is done) and assembled later into exactly the bytes one
/// `lyapsim regenerate` writes. Every number behind a row keeps all its bits
/// (stored as the double's bit pattern); the formatted cells are stored as
/// they were rendered.
///
/// The record names the run it belongs to: table id, profile, seed, bit
/// generator and lyapsim version. Loading it for another run is refused.
public struct TableRecord: Sendable {
    public static let format = "lyapsim-table-record"
    public static let formatVersion = 1

    public let table: ResultTable
    /// Seconds the table took to build (shown in results/README.md).
    public let seconds: Double
    public let profile: TableProfile
    public let seed: UInt64
    public let generator: String
    public let lyapsimVersion: String

    public init(table: ResultTable, seconds: Double, context: TableContext, lyapsimVersion: String) {
        self.table = table
        self.seconds = seconds
        profile = context.profile
        seed = context.seed
        generator = context.generator.name
        self.lyapsimVersion = lyapsimVersion
    }

    /// Why a record cannot be used.
    public struct Refusal: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public func encoded() -> Data {
        let values: [[String: String]] = table.values.map { row in
            row.mapValues { String($0.bitPattern, radix: 16) }
        }
        let identity = RecordFile.identity(id: table.id, profile: profile, seed: seed, generator: generator,
                                           lyapsimVersion: lyapsimVersion)
        // Every field is finite text or a finite number, so encoding cannot fail.
        return try! RecordFile.encode(format: Self.format, formatVersion: Self.formatVersion, identity: identity, fields: [
            "seconds": seconds, "title": table.title, "summary": table.summary, "columns": table.columns,
            "rows": table.rows, "notes": table.notes, "values_bits": values,
        ])
    }

    /// Writes atomically, creating missing folders on the way (as every
    /// output file of lyapsim does).
    public func write(path: String) throws { try RecordFile.write(encoded(), to: path) }

    /// Reads a record and checks it belongs to `context` (table `id`) and
    /// this lyapsim version.
    public static func read(path: String, id: String, context: TableContext, lyapsimVersion: String) throws -> TableRecord {
        let file = try RecordFile(path: path, format: format, formatVersion: formatVersion, id: id, context: context,
                                  lyapsimVersion: lyapsimVersion)
        var values: [[String: Double]] = []
        for row in try file.field("values_bits", [[String: String]].self) {
            var out: [String: Double] = [:]
            for (key, hex) in row {
                guard let bits = UInt64(hex, radix: 16) else { throw file.refuse("bad bit pattern for \(key)") }
                out[key] = Double(bitPattern: bits)
            }
            values.append(out)
        }
        let table = ResultTable(id: id, title: try file.field("title", String.self), summary: try file.field("summary", String.self),
                                columns: try file.field("columns", [String].self), rows: try file.field("rows", [[String]].self),
                                notes: try file.field("notes", [String].self), values: values)
        return TableRecord(table: table, seconds: try file.field("seconds", Double.self), context: context,
                           lyapsimVersion: lyapsimVersion)
    }
}

/// A saved record's JSON object after the checks every record kind makes:
/// readable, its format and format version, and the run it belongs to
/// (table id, profile, seed, generator, lyapsim version, and any `extra`
/// key with its wanted value) matching this run.
struct RecordFile {
    let path: String
    let object: [String: Any]

    /// The keys that tie a saved file to its run, written by every record
    /// kind and checked when one is read: one list, so a key cannot be
    /// written without being checked, or checked without being written.
    static func identity(id: String, profile: TableProfile, seed: UInt64, generator: String, lyapsimVersion: String)
        -> [(key: String, wanted: String)]
    {
        [("id", id), ("profile", profile.rawValue), ("seed", String(seed)), ("rng", generator), ("lyapsim_version", lyapsimVersion)]
    }

    /// A record kind's JSON: its format, its run's identity and its own
    /// fields, keys sorted (so equal records are equal bytes).
    static func encode(format: String, formatVersion: Int, identity: [(key: String, wanted: String)], fields: [String: Any],
                       pretty: Bool = true) throws -> Data
    {
        var object = fields
        object["format"] = format
        object["format_version"] = formatVersion
        for (key, value) in identity { object[key] = value }
        return try JSONSerialization.data(withJSONObject: object,
                                           options: pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                                           : [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Writes atomically, creating missing folders on the way (AtomicFile).
    static func write(_ data: Data, to path: String) throws {
        try AtomicFile.write(data, to: path)
    }

    init(path: String, format: String, formatVersion: Int, id: String, context: TableContext, lyapsimVersion: String,
         extra: [(key: String, wanted: String)] = []) throws {
        self.path = path
        let refuse = { (reason: String) in TableRecord.Refusal(path: path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot be read") }
        guard let o = try? ExactJSON.object(with: data) as? [String: Any], o["format"] as? String == format,
              o["format_version"] as? Int == formatVersion
        else { throw refuse("not a \(format) file of format version \(formatVersion)") }
        object = o
        let wanted = Self.identity(id: id, profile: context.profile, seed: context.seed, generator: context.generator.name,
                                   lyapsimVersion: lyapsimVersion) + extra
        for (key, value) in wanted {
            // Strings, or integers (a part's index), compared as text.
            guard let saved = (o[key] as? String) ?? (o[key] as? Int).map(String.init) else { throw refuse("no valid \(key)") }
            if saved != value { throw refuse("is \(key) \(saved), this run needs \(value)") }
        }
    }

    func refuse(_ reason: String) -> TableRecord.Refusal { TableRecord.Refusal(path: path, reason: reason) }

    func field<T>(_ key: String, _ type: T.Type) throws -> T {
        guard let value = object[key] as? T else { throw refuse("no valid \(key)") }
        return value
    }
}
