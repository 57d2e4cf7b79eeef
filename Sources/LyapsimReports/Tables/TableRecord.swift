import Foundation
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
        let object: [String: Any] = [
            "format": Self.format, "format_version": Self.formatVersion, "lyapsim_version": lyapsimVersion,
            "id": table.id, "profile": profile.rawValue, "seed": String(seed), "rng": generator,
            "seconds": seconds, "title": table.title, "summary": table.summary, "columns": table.columns,
            "rows": table.rows, "notes": table.notes, "values_bits": values,
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// Writes atomically, creating missing folders on the way (as every
    /// output file of lyapsim does).
    public func write(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoded().write(to: url, options: .atomic)
    }

    /// Reads a record and checks it belongs to `context` (table `id`) and
    /// this lyapsim version.
    public static func read(path: String, id: String, context: TableContext, lyapsimVersion: String) throws -> TableRecord {
        let refuse = { (reason: String) in Refusal(path: path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot be read") }
        guard let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], o["format"] as? String == format,
              o["format_version"] as? Int == formatVersion
        else { throw refuse("not a \(format) file of format version \(formatVersion)") }
        func field<T>(_ key: String, _ type: T.Type) throws -> T {
            guard let value = o[key] as? T else { throw refuse("no valid \(key)") }
            return value
        }
        let checks: [(String, String, String)] = [
            ("id", try field("id", String.self), id),
            ("profile", try field("profile", String.self), context.profile.rawValue),
            ("seed", try field("seed", String.self), String(context.seed)),
            ("rng", try field("rng", String.self), context.generator.name),
            ("lyapsim_version", try field("lyapsim_version", String.self), lyapsimVersion),
        ]
        for (key, saved, wanted) in checks where saved != wanted {
            throw refuse("is \(key) \(saved), this run needs \(wanted)")
        }
        var values: [[String: Double]] = []
        for row in try field("values_bits", [[String: String]].self) {
            var out: [String: Double] = [:]
            for (key, hex) in row {
                guard let bits = UInt64(hex, radix: 16) else { throw refuse("bad bit pattern for \(key)") }
                out[key] = Double(bitPattern: bits)
            }
            values.append(out)
        }
        let table = ResultTable(id: id, title: try field("title", String.self), summary: try field("summary", String.self),
                                columns: try field("columns", [String].self), rows: try field("rows", [[String]].self),
                                notes: try field("notes", [String].self), values: values)
        return TableRecord(table: table, seconds: try field("seconds", Double.self), context: context,
                           lyapsimVersion: lyapsimVersion)
    }
}
