import Foundation
import LyapsimReports
import RandomNets
import Testing

/// Tables built as separate processes (`tables --only ID --save`, what
/// scripts/regenerate-parallel.sh runs on GNU parallel) and assembled with
/// `--tables-from` give the bytes of a table built in one process; a record
/// of another seed, profile or table is refused with one line.
@Suite("CLI: table records (tables built apart, assembled byte for byte)")
struct TableRecordTests {
    @Test("a saved T2 and T6 render exactly as built in place; records of another run are refused")
    func recordsRoundTrip() throws {
        let dir = try ShellRunner.scratch()
        let records = dir.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        for id in ["T2", "T6"] {
            let saved = try CLIRunner.run(["tables", "--only", id, "--save", records.appendingPathComponent("\(id).table").path])
            #expect(saved.status == 0, "\(saved.stderr)")
            let fromRecord = dir.appendingPathComponent("from-\(id)").path, direct = dir.appendingPathComponent("direct-\(id)").path
            #expect(try CLIRunner.run(["tables", "--only", id, "--out", fromRecord, "--tables-from", records.path]).status == 0)
            #expect(try CLIRunner.run(["tables", "--only", id, "--out", direct]).status == 0)
            let names = try FileManager.default.contentsOfDirectory(atPath: direct).sorted()
            #expect(names.count == 2)
            for name in names {
                let a = try Data(contentsOf: URL(fileURLWithPath: fromRecord).appendingPathComponent(name))
                let b = try Data(contentsOf: URL(fileURLWithPath: direct).appendingPathComponent(name))
                #expect(a == b, "\(name)")
            }
        }
        // Another seed's run refuses the records, naming --tables-from and the difference.
        let other = try CLIRunner.run(["tables", "--only", "T6", "--seed", "2", "--out", dir.appendingPathComponent("x").path,
                                       "--tables-from", records.path])
        #expect(other.status == 64 && other.stderr.hasPrefix("lyapsim: --tables-from") && other.stderr.contains("seed 1")
                && other.stderr.split(separator: "\n").count == 1, "\(other.stderr)")
        // A folder that does not exist, or a record file given in its place, is refused before anything
        // is built, not read as "no records".
        let absentOut = dir.appendingPathComponent("z").path
        for notFolder in [dir.appendingPathComponent("no-such-folder").path, records.appendingPathComponent("T6.table").path] {
            let absent = try CLIRunner.run(["tables", "--only", "T6", "--out", absentOut, "--tables-from", notFolder])
            #expect(absent.status == 64 && absent.stderr.hasPrefix("lyapsim: --tables-from: ") && absent.stderr.contains("is not a folder")
                    && absent.stderr.split(separator: "\n").count == 1, "\(absent.stderr)")
            #expect(!FileManager.default.fileExists(atPath: absentOut))
        }
        // A record under another table's name is refused too.
        try FileManager.default.copyItem(at: records.appendingPathComponent("T2.table"), to: records.appendingPathComponent("T3.table"))
        let misplaced = try CLIRunner.run(["tables", "--only", "T3", "--out", dir.appendingPathComponent("y").path,
                                           "--tables-from", records.path])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("is id T2"), "\(misplaced.stderr)")
        // Power: a changed number in a record changes the rendered table.
        let path = records.appendingPathComponent("T6.table")
        var text = try String(contentsOf: path, encoding: .utf8)
        // A formatted cell of the rows (indented six spaces in the record), not the version line.
        let row = try #require(text.range(of: "\n      \"0.")).upperBound
        text.replaceSubrange(row..<text.index(after: row), with: text[row] == "9" ? "8" : "9")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let changed = dir.appendingPathComponent("changed").path
        #expect(try CLIRunner.run(["tables", "--only", "T6", "--out", changed, "--tables-from", records.path]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: changed).appendingPathComponent("T6-relu-death.md"))
                != Data(contentsOf: URL(fileURLWithPath: dir.appendingPathComponent("direct-T6").path).appendingPathComponent("T6-relu-death.md")))
    }

    @Test("the full profile refuses to start T16 (core-hours) in one process unless asked, and writes nothing")
    func fullProfileGuard() throws {
        let dir = try ShellRunner.scratch()
        let results = dir.appendingPathComponent("r").path, notebooks = dir.appendingPathComponent("n").path
        for args in [["regenerate", "--profile", "full", "--results", results, "--notebooks", notebooks],
                     ["tables", "--profile", "full", "--only", "T16", "--out", results]] {
            let outcome = try CLIRunner.run(args)
            #expect(outcome.status == 64 && outcome.stderr.hasPrefix("lyapsim: --profile: full would build T16 (about ")
                    && outcome.stderr.contains("--accept-cost") && outcome.stderr.split(separator: "\n").count == 1,
                    "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: results) && !FileManager.default.fileExists(atPath: notebooks))
        }
        // Power: a cheap full-profile table starts at once.
        #expect(try CLIRunner.run(["tables", "--profile", "full", "--only", "T2", "--out", results]).status == 0)
    }

    @Test("tables --list prints every table id in order, one per line")
    func list() throws {
        let out = try CLIRunner.run(["tables", "--list"])
        #expect(out.status == 0 && out.stdout == (1...17).map { "T\($0)\n" }.joined())
    }

    /// Splits a Markdown table row into its cells.
    static func cells(_ line: Substring) -> [String] {
        line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("T16 in parts: two settings saved as parts render their rows as in the whole table; missing, misplaced and out-of-range parts are refused with one line")
    func tableInParts() throws {
        let dir = try ShellRunner.scratch()
        let parts = dir.appendingPathComponent("parts")
        // Parts 4 and 5 of the quick profile: the ReLU settings (the cheapest).
        for k in [4, 5] {
            let saved = try CLIRunner.run(["tables", "--only", "T16", "--part", String(k), "--save",
                                           parts.appendingPathComponent("T16.part-\(k).record").path])
            #expect(saved.status == 0 && saved.stdout.contains("part \(k) (relu N = 8 L = "), "\(saved.stderr)")
        }
        // Without --partial the six missing parts are an error, naming how to build them.
        let out = dir.appendingPathComponent("out").path
        let missing = try CLIRunner.run(["tables", "--only", "T16", "--tables-from", parts.path, "--out", out])
        #expect(missing.status == 64 && missing.stderr.contains("holds 2 of the 8 parts of T16")
                && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("missing: 0, 1, 2, 3, 6, 7") && missing.stderr.contains("--profile quick --seed 1 --part K"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // Another seed's run refuses the parts, naming the difference.
        let seed2 = try CLIRunner.run(["tables", "--only", "T16", "--seed", "2", "--tables-from", parts.path, "--partial",
                                       "--out", dir.appendingPathComponent("s2").path])
        #expect(seed2.status == 64 && seed2.stderr.contains("is seed 1, this run needs 2") && seed2.stderr.split(separator: "\n").count == 1,
                "\(seed2.stderr)")
        // The parts are listed with what they are.
        let list = try CLIRunner.run(["tables", "--list", "--only", "T16"])
        #expect(list.status == 0 && list.stdout.split(separator: "\n").count == 8 && list.stdout.hasPrefix("0\tleaky-relu N = 8 L = 3 K = 1000\n"))
        #expect(try CLIRunner.run(["tables", "--list", "--only", "T3"]).stdout.isEmpty)
        let rendered = try CLIRunner.run(["tables", "--only", "T16", "--tables-from", parts.path, "--partial", "--out", out])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let md = try String(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("T16-fashion-mnist.md"), encoding: .utf8)
        #expect(md.contains("Computed so far: 2 of the profile's 8 settings (parts 4-5 of"))
        // Every row's cells up to the paired columns (Holm's family differs) are the committed whole table's.
        let committed = try String(contentsOf: ShellRunner.repository.appendingPathComponent("results/T16-fashion-mnist.md"), encoding: .utf8)
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| relu |") }.map { Array(Self.cells($0).prefix(13)) }
        let whole = committed.split(separator: "\n").filter { $0.hasPrefix("| relu |") }.map { Array(Self.cells($0).prefix(13)) }
        #expect(rows.count == 12 && rows == whole)
        #expect(md.split(separator: "\n").filter { $0.hasPrefix("| leaky-relu |") || $0.hasPrefix("| tanh |") }.isEmpty)
        // A part under another index is refused, as are parts out of range and tables that are one unit.
        try FileManager.default.moveItem(at: parts.appendingPathComponent("T16.part-5.record"),
                                         to: parts.appendingPathComponent("T16.part-6.record"))
        let misplaced = try CLIRunner.run(["tables", "--only", "T16", "--tables-from", parts.path, "--partial",
                                           "--out", dir.appendingPathComponent("x").path])
        #expect(misplaced.status == 64 && misplaced.stderr.contains("is part 5, this run needs 6"), "\(misplaced.stderr)")
        for (args, message) in [(["--only", "T16", "--part", "8"], "--part: T16 has parts 0 to 7 under --profile quick"),
                                (["--only", "T16", "--part", "-1"], "--part: T16 has parts 0 to 7 under --profile quick"),
                                (["--only", "T3", "--part", "0"], "--part: T3 is one unit of work"),
                                (["--only", "T16", "--part", "0", "--profile", "full", "--partial"], "--partial: renders saved parts")] {
            let refused = try CLIRunner.run(["tables"] + args + ["--save", dir.appendingPathComponent("p.record").path])
            #expect(refused.status == 64 && refused.stderr.contains(message) && refused.stderr.split(separator: "\n").count == 1,
                    "\(refused.stderr)")
        }
    }

    @Test("every committed full-profile record (T14.table, T16.part-K.record) reads back and encodes to its exact bytes")
    func committedRecordsRoundTrip() throws {
        let folder = ShellRunner.repository.appendingPathComponent("results/full")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".table") || $0.hasSuffix(".record") }
        #expect(names.contains("T14.table") && names.filter { $0.hasPrefix("T16.part-") }.count >= 60, "\(names.count) records")
        for name in names.sorted() {
            let path = folder.appendingPathComponent(name).path
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let header = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            let context = TableContext(profile: try #require(TableProfile(rawValue: header["profile"] as? String ?? "")),
                                       seed: try #require(UInt64(header["seed"] as? String ?? "")), threads: 1,
                                       generator: try RandomGenerator(name: header["rng"] as? String ?? ""))
            let version = header["lyapsim_version"] as? String ?? ""
            let id = header["id"] as? String ?? ""
            let encoded: Data
            if let part = header["part"] as? Int {
                encoded = try TablePartRecord.read(path: path, id: id, part: part, context: context, lyapsimVersion: version).encoded()
            } else {
                encoded = try TableRecord.read(path: path, id: id, context: context, lyapsimVersion: version).encoded()
            }
            #expect(encoded == bytes, "\(name) re-encodes to other bytes")
            // Power: a record of another seed is refused, so the identity read above was checked.
            let other = TableContext(profile: context.profile, seed: context.seed &+ 1, threads: 1, generator: context.generator)
            #expect(throws: TableRecord.Refusal.self) {
                if let part = header["part"] as? Int {
                    _ = try TablePartRecord.read(path: path, id: id, part: part, context: other, lyapsimVersion: version)
                } else {
                    _ = try TableRecord.read(path: path, id: id, context: other, lyapsimVersion: version)
                }
            }
        }
    }
}
