import Foundation

/// A self-describing file of per-sample results for part of one run: what a
/// shard saves (`--save`), what a checkpoint holds, what `lyapsim merge`
/// reads. A text header a person can read with `head`, then the rows as raw
/// little-endian float64, so every value comes back with all its bits.
///
///     lyapsim-partial-result: 3
///     lyapsim-version: 0.1.0
///     command: estimate
///     run: 3f09c2a1d4e5b677
///     arguments: ["--width","16","--slope","0.5",...]
///     samples: 1000
///     range: 250..<500
///     completed: 120
///     columns: S_L 1, increments 27
///     encoding: float64 little-endian; each column group in turn, its values for samples 250..<370 in order
///     checksum: 9b1d0c4e5f3a2871
///     data:
///     <120 x 1 doubles of S_L, then 120 x 27 of increments>
///
/// `run` is the run's identity (`RunIdentity`, derived from the resolved
/// values the computation consumed), so two files belong to one run exactly
/// when their identity lines agree. `arguments` is the command line without
/// the options that cannot change a number (--threads, --format, shards,
/// checkpoints, output paths): what `merge` parses to render the report; it
/// recomputes the identity from it and refuses a mismatch. `checksum` covers
/// the data: a damaged value (a flipped bit, a NaN written in by hand) is
/// refused, not merged silently.
public struct PartialResult: Sendable, Equatable {
    public static let formatVersion = 3
    static let magic = "lyapsim-partial-result"

    public var lyapsimVersion: String
    public var command: String
    public var run: RunIdentity
    public var arguments: [String]
    /// M, the whole run's sample count.
    public var samples: Int
    /// The indices this file is meant to cover (a shard's range).
    public var range: Range<Int>
    /// The rows present: range.lowerBound ..< range.lowerBound + completed.
    public var block: SampleBlock

    public init(lyapsimVersion: String, command: String, run: RunIdentity, arguments: [String], samples: Int,
                range: Range<Int>, block: SampleBlock) {
        precondition(block.first == range.lowerBound && block.count <= range.count)
        self.lyapsimVersion = lyapsimVersion
        self.command = command
        self.run = run
        self.arguments = arguments
        self.samples = samples
        self.range = range
        self.block = block
    }

    public var isComplete: Bool { block.count == range.count }

    /// The lines that must agree for two files to belong to one run, with
    /// their names.
    public var identity: [(String, String)] {
        [("lyapsim-version", lyapsimVersion), ("command", command), ("run", run.digest),
         ("samples", String(samples)), ("columns", Self.describe(block.columns))]
    }

    static func describe(_ columns: [SampleBlock.Column]) -> String {
        columns.map { "\($0.name) \($0.width)" }.joined(separator: ", ")
    }

    static func encode(_ arguments: [String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: arguments, options: [.withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Encoding

    public func encoded() -> Data {
        var header = "\(Self.magic): \(Self.formatVersion)\n"
        for (key, value) in identity where key != "columns" { header += "\(key): \(value)\n" }
        header += "arguments: \(Self.encode(arguments))\n"
        header += "range: \(range.lowerBound)..<\(range.upperBound)\n"
        header += "completed: \(block.count)\n"
        header += "columns: \(Self.describe(block.columns))\n"
        header += "encoding: float64 little-endian; each column group in turn, its values for samples \(block.indices.lowerBound)..<\(block.indices.upperBound) in order\n"
        header += "checksum: \(Self.hex(Self.checksum(block.groups)))\n"
        header += "data:\n"
        var data = Data(header.utf8)
        data.reserveCapacity(data.count + block.count * block.stride * 8)
        for group in block.groups {
            #if _endian(little)
            group.withUnsafeBytes { data.append(contentsOf: $0) }
            #else
            for v in group { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            #endif
        }
        return data
    }

    /// Why a file is not a readable partial result.
    public struct Malformed: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): not a lyapsim partial-result file (\(reason))" }
    }

    public static func decode(_ data: Data, path: String) throws -> PartialResult {
        let bad = { (reason: String) in Malformed(path: path, reason: reason) }
        let marker = Data("\ndata:\n".utf8)
        guard data.starts(with: Data(magic.utf8)), let end = data.range(of: marker) else {
            throw bad("no lyapsim-partial-result header")
        }
        let headerText = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self)
        var fields: [String: String] = [:]
        for line in headerText.split(separator: "\n") {
            guard let colon = line.range(of: ": ") else { throw bad("header line without \"key: value\"") }
            fields[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        // Format 2 is format 3 without the checksum line: still read, so an
        // upgrade does not lose a checkpoint or the shards already run.
        guard let version = fields[magic].flatMap({ Int($0) }), (2...formatVersion).contains(version) else {
            throw bad("format version \(fields[magic] ?? "?"), this lyapsim reads 2 to \(formatVersion)")
        }
        func field(_ key: String) throws -> String {
            guard let value = fields[key] else { throw bad("no \(key) line") }
            return value
        }
        guard let arguments = try? JSONSerialization.jsonObject(with: Data(field("arguments").utf8)) as? [String]
        else { throw bad("arguments is not a JSON list of strings") }
        guard let samples = Int(try field("samples")), samples >= 1 else { throw bad("bad samples line") }
        let bounds = try field("range").components(separatedBy: "..<").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 0, bounds[0] <= bounds[1], bounds[1] <= samples else {
            throw bad("bad range line")
        }
        guard let completed = Int(try field("completed")), completed >= 0, completed <= bounds[1] - bounds[0] else {
            throw bad("bad completed line")
        }
        var columns: [SampleBlock.Column] = []
        for item in try field("columns").components(separatedBy: ", ") {
            let parts = item.split(separator: " ")
            guard parts.count == 2, let width = Int(parts[1]), width >= 1 else { throw bad("bad columns line") }
            columns.append(.init(String(parts[0]), width: width))
        }
        let stride = columns.reduce(0) { $0 + $1.width }
        let payload = data[end.upperBound...]
        guard payload.count == completed * stride * 8 else {
            throw bad("\(payload.count) data bytes, the header promises \(completed * stride * 8): truncated or damaged")
        }
        // Bit patterns back, little-endian whatever the host: exact by construction.
        var offset = payload.startIndex
        var groups: [[Double]] = []
        for column in columns {
            let n = completed * column.width
            var values = [Double](repeating: 0, count: n)
            payload[offset..<(offset + n * 8)].withUnsafeBytes { raw in
                #if _endian(little)
                values.withUnsafeMutableBytes { $0.copyMemory(from: raw) }
                #else
                for i in 0..<n {
                    values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
                }
                #endif
            }
            groups.append(values)
            offset += n * 8
        }
        let stored = version < 3 ? nil : try field("checksum")
        guard stored.map({ $0 == hex(checksum(groups)) }) ?? true else {
            throw bad("the data do not match the header's checksum: damaged or edited")
        }
        let run = try field("run")
        guard run.count == 16, run.allSatisfy(\.isHexDigit) else { throw bad("bad run line") }
        return PartialResult(lyapsimVersion: try field("lyapsim-version"), command: try field("command"),
                             run: RunIdentity(digest: run), arguments: arguments, samples: samples, range: bounds[0]..<bounds[1],
                             block: SampleBlock(columns: columns, first: bounds[0], groups: groups))
    }

    /// A 64-bit FNV-1a-style hash over the values' bit patterns, one 64-bit
    /// word at a time (with a final avalanche): not cryptographic, but any
    /// changed, swapped or NaN-replaced value changes it.
    static func checksum(_ groups: [[Double]]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for group in groups {
            for v in group { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01b3 }
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func read(path: String) throws -> PartialResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Malformed(path: path, reason: "cannot be read")
        }
        return try decode(data, path: path)
    }

    /// Writes atomically (see `AtomicFile`): a checkpoint is never half saved.
    public func write(path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }
}
