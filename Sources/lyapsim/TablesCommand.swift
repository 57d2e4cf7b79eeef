import ArgumentParser
import Foundation
import LyapsimReports
import RandomNets

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Regenerate the results tables (Markdown and CSV) and results/README.md.")

    @Option(help: "Output folder.")
    var out: String = "results"

    @OptionGroup var tables: TableOptions

    @Option(help: "Only this table (\(TableSet.ids.first!) ... \(TableSet.ids.last!)).")
    var only: String?

    @Option(help: ArgumentHelp("With --only: build the table and save it whole to FILE (a table record, every bit) instead of writing --out; `--tables-from` of tables or regenerate reads it.",
                               valueName: "file"))
    var save: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --only and --save: build only part K of a table built in parts (\(TableSet.idsInParts.joined(separator: ", ")): one setting) and save it to FILE; `--tables-from` reads the parts (as ID.part-K.record).",
                               valueName: "k"))
    var part: Int?

    @Option(help: ArgumentHelp("With --part: keep the part's finished units (T16: the methods of its setting) in FILE as they finish and, when FILE exists, go on from it (it must be this very part and run), so a part of hours that stops loses at most the unit under way; the file is removed once --save is written.",
                               valueName: "file"))
    var checkpoint: String?

    @Flag(help: "Print the table ids, one per line, and build nothing (for scripts that build tables as separate processes); with --only ID, the parts of a table built in parts under --profile, as 'K<tab>what it is' (nothing for a table of one part).")
    var list = false

    func validate() throws {
        if let only, !TableSet.ids.contains(only) {
            throw ValidationError("--only: unknown table \(EscapedValue.quote(only)); one of \(TableSet.ids.joined(separator: ", "))")
        }
        if save != nil, only == nil { throw ValidationError("--save: saves one table; give --only TABLE") }
        if let part {
            guard let only, save != nil else { throw ValidationError("--part: builds one part of one table; give --only TABLE and --save FILE") }
            guard let count = TableSet.partCount(only, tables.profile) else {
                throw ValidationError("--part: \(only) is one unit of work; tables built in parts: \(TableSet.idsInParts.joined(separator: ", "))")
            }
            guard (0..<count).contains(part) else {
                throw ValidationError("--part: \(only) has parts 0 to \(count - 1) under --profile \(tables.profile.rawValue)")
            }
        }
        if checkpoint != nil, part == nil {
            throw ValidationError("--checkpoint: keeps one part's finished units; give --only TABLE --part K --save FILE")
        }
        try OutputFile.checkDistinct([("--save", save), ("--checkpoint", checkpoint)])
        try OutputFile.validate(save, flag: "--save")
        try OutputFile.validate(checkpoint, flag: "--checkpoint")
        try OutputFolder.validate(out, flag: "--out")
    }

    func run() throws {
        if list, let only {
            for k in 0..<(TableSet.partCount(only, tables.profile) ?? 0) {
                print("\(k)\t\(TableSet.partLabel(only, tables.profile, k))")
            }
            return
        }
        if list { return print(TableSet.ids.joined(separator: "\n")) }
        if let save, let only, let part {
            try OutputFile.check(save, flag: "--save")
            try OutputFile.check(checkpoint, flag: "--checkpoint")
            let record: TablePartRecord
            do {
                record = try TablePartRecord.compute(id: only, part: part, context: tables.context, lyapsimVersion: Lyapsim.version,
                                                     checkpoint: checkpoint) { state, resumed in
                    // One line per unit on stderr: a part of hours shows where it is.
                    let seconds = String(format: "%.1f", state.seconds)
                    let line = resumed
                        ? "\(only) part \(part): resuming from \(EscapedValue.path(checkpoint ?? "")), \(state.done.count) of \(state.units.count) done (\(state.units.prefix(state.done.count).joined(separator: ", "))), \(seconds) s"
                        : "\(only) part \(part): \(state.units[state.done.count - 1]) done (\(state.done.count) of \(state.units.count)), \(seconds) s"
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
            } catch let refusal as TableRecord.Refusal {
                throw ValidationError("--checkpoint: \(refusal)")
            }
            try record.write(path: save)
            // The record holds everything the checkpoint did; a checkpoint that
            // could not be removed is harmless (run again, it resumes with every
            // method done and writes the same record).
            if let checkpoint { try? FileManager.default.removeItem(atPath: checkpoint) }
            return print("\(save): \(only) part \(part) (\(record.label)), \(String(format: "%.1f", record.seconds)) s")
        }
        if let save, let only {
            try OutputFile.check(save, flag: "--save")
            if let record = try tables.savedRecord(only) {
                try record.write(path: save)
                return print("\(save): \(only) from --tables-from, not built again (\(record.table.rows.count) rows)")
            }
            try tables.checkCost([only])
            let start = Date()
            let table = try TableSet.build(only, tables.context)
            try TableRecord(table: table, seconds: Date().timeIntervalSince(start), context: tables.context,
                            lyapsimVersion: Lyapsim.version).write(path: save)
            return print("\(save): \(only), \(table.rows.count) rows, \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        }
        try OutputFolder.check(out, flag: "--out")
        var command = "lyapsim tables --profile \(tables.profile.rawValue)"
        if let only { command += " --only \(only)" }
        command += " --seed \(tables.seed)"
        let ids = only.map { [$0] } ?? TableSet.ids
        try tables.checkCost(ids)
        let progress = Progress(total: ids.count)
        let (files, timings) = try ResultsWriter.buildTables(ids, ctx: tables.context, command: command,
                                                             version: Lyapsim.version, saved: tables.savedRecord,
                                                             onStart: { progress.update(step: $0, label: $1) })
        progress.finish()
        try StagedOutput([.init(url: URL(fileURLWithPath: out), files: files)]).commit()
        for (table, seconds) in timings {
            print("\(out)/\(TableSet.stem(table)).{md,csv}: \(table.rows.count) rows, \(String(format: "%.1f", seconds)) s")
        }
    }
}

/// Options shared by `tables` and `regenerate`.
struct TableOptions: ParsableArguments {
    @Option(help: "quick (about a minute, committed and checked in CI) or full (ten times the samples).")
    var profile: TableProfile = .quick

    @Option(parsing: .unconditional, help: "Seed of every Monte Carlo cell.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads (never changes the output).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("tables-from"),
            help: ArgumentHelp("Folder of table records (ID.table, from `tables --only ID --save`): use each one there instead of building it, after checking it is this profile, seed and version.",
                               valueName: "dir"))
    var tablesFrom: String?

    @Flag(help: "With --tables-from: render a table built in parts from the parts saved there even when some are missing (the table names what it holds); without it, missing parts are an error.")
    var partial = false

    @Flag(name: .customLong("accept-cost"),
          help: "Build tables that take core-hours (the full profile's T16) in this process anyway; without it such a build is refused with its cost.")
    var acceptCost = false

    func validate() throws {
        try CLIError.usage { try Validate.threads(threads) }
        if partial, tablesFrom == nil { throw ValidationError("--partial: renders saved parts; give --tables-from DIR") }
        if let tablesFrom {
            // A mistyped folder would otherwise mean "no saved records": every
            // table built again, silently, where the user meant to read them.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: tablesFrom, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--tables-from: \(EscapedValue.path(tablesFrom)) is not a folder (give the folder holding the ID.table and ID.part-K.record files)")
            }
        }
    }

    /// Refuses to start a build of core-hours in one process unless asked:
    /// such a table is built apart (scripts/regenerate-parallel.sh, or
    /// `tables --only ID --save`) and read with --tables-from.
    func checkCost(_ ids: [String]) throws {
        guard !acceptCost else { return }
        let long = try TableSet.long(ids, profile: profile).filter { try savedRecord($0.id) == nil }
        guard !long.isEmpty else { return }
        let list = long.map { "\($0.id) (about \(Int($0.coreHours.rounded())) core-hours)" }.joined(separator: ", ")
        throw ValidationError("--profile: \(profile.rawValue) would build \(list), one process each (a table is one unit of work); add --accept-cost to start, or give a saved record with --tables-from")
    }

    var context: TableContext { TableContext(profile: profile, seed: seed, threads: threads) }

    /// The saved record of table `id` in --tables-from, if there is one:
    /// ID.table, or for a table built in parts, the table rendered from its
    /// saved parts (all of them, or those present with --partial).
    func savedRecord(_ id: String) throws -> TableRecord? {
        guard let tablesFrom else { return nil }
        let path = URL(fileURLWithPath: tablesFrom).appendingPathComponent(id + ".table").path
        do {
            if FileManager.default.fileExists(atPath: path) {
                return try TableRecord.read(path: path, id: id, context: context, lyapsimVersion: Lyapsim.version)
            }
            guard let count = TableSet.partCount(id, profile) else { return nil }
            let parts = try TablePartRecord.readAll(folder: tablesFrom, id: id, context: context, lyapsimVersion: Lyapsim.version)
            guard !parts.isEmpty else { return nil }
            guard parts.count == count || partial else {
                let missing = (0..<count).filter { parts[$0] == nil }
                throw ValidationError("--tables-from: \(tablesFrom) holds \(parts.count) of the \(count) parts of \(id) (missing: \(missing.prefix(12).map(String.init).joined(separator: ", "))\(missing.count > 12 ? ", ..." : "")); build them (`lyapsim tables --only \(id) --profile \(profile.rawValue) --seed \(seed) --part K --save \(tablesFrom)/\(id).part-K.record`) or add --partial")
            }
            let table = try TableSet.build(id, context, parts: parts)
            return TableRecord(table: table, seconds: parts.keys.sorted().map { parts[$0]!.seconds }.reduce(0, +), context: context,
                               lyapsimVersion: Lyapsim.version)
        } catch let refusal as TableRecord.Refusal {
            throw ValidationError("--tables-from: \(refusal)")
        }
    }
}

extension TableProfile: ExpressibleByArgument {}

/// A one-line progress display on stderr, only when stderr is a terminal.
struct Progress {
    let total: Int
    let enabled = isatty(2) != 0

    func update(step: Int, label: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(step + 1)/\(total)] \(label) ...".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
