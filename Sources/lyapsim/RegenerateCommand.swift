import ArgumentParser
import Foundation
import LyapsimReports
import RandomNets

struct RegenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regenerate",
        abstract: "Regenerate every table (results/) and every notebook and figure (notebooks-md/).")

    @OptionGroup var tables: TableOptions

    @Option(help: "Folder for the tables.")
    var results: String = "results"

    @Option(help: "Folder for the notebooks and their figures/.")
    var notebooks: String = "notebooks-md"

    @Option(name: .customLong("full-records"),
            help: ArgumentHelp("Folder of committed full-profile table records (ID.table, and ID.part-K.record for a table built in parts); notebooks draw their figures from them where the quick profile is too small (notebook 09 from T14, notebook 10 from the T16 parts computed so far). Missing records, or records of another seed or version: the quick tables.",
                               valueName: "dir"))
    var fullRecords: String = "results/full"

    func validate() throws {
        try OutputFolder.validate(results, flag: "--results")
        try OutputFolder.validate(notebooks, flag: "--notebooks")
    }

    /// The committed full-profile records in --full-records that belong to
    /// this run (same seed, generator and version), by table id. A record of
    /// another seed or version is not used: its notebook falls back to the
    /// quick table, as when there is no record. With each table, the seconds
    /// its records hold, by part (a whole-table record: part 0, wall seconds;
    /// a table in parts: each part's CPU seconds, every thread).
    func fullTables() throws -> (tables: [String: ResultTable], seconds: [String: [Int: Double]]) {
        let context = TableContext(profile: .full, seed: tables.seed, threads: tables.threads)
        var out: [String: ResultTable] = [:], seconds: [String: [Int: Double]] = [:]
        for id in TableSet.ids {
            let path = URL(fileURLWithPath: fullRecords).appendingPathComponent(id + ".table").path
            guard FileManager.default.fileExists(atPath: path),
                  let record = try? TableRecord.read(path: path, id: id, context: context, lyapsimVersion: Lyapsim.version)
            else { continue }
            (out[id], seconds[id]) = (record.table, [0: record.seconds])
        }
        // A table built in parts: the parts computed so far (unreadable or foreign parts: the quick table).
        for id in TableSet.idsInParts where out[id] == nil {
            guard let parts = try? TablePartRecord.readAll(folder: fullRecords, id: id, context: context,
                                                           lyapsimVersion: Lyapsim.version), !parts.isEmpty,
                  let table = try? TableSet.build(id, context, parts: parts)
            else { continue }
            (out[id], seconds[id]) = (table, parts.mapValues(\.seconds))
        }
        return (out, seconds)
    }

    func run() throws {
        try OutputFolder.check(results, flag: "--results")
        try OutputFolder.check(notebooks, flag: "--notebooks")
        let command = "lyapsim regenerate --profile \(tables.profile.rawValue) --seed \(tables.seed)"
        try tables.checkCost(TableSet.ids)
        let progress = Progress(total: TableSet.ids.count + 1)
        let (files, timings) = try ResultsWriter.buildTables(TableSet.ids, ctx: tables.context, command: command,
                                                             version: Lyapsim.version, saved: tables.savedRecord,
                                                             onStart: { progress.update(step: $0, label: $1) })
        progress.update(step: TableSet.ids.count, label: "notebooks and figures")
        let start = Date()
        let full = try fullTables()
        let built = try NotebookBuilder(ctx: tables.context,
                                        tables: Dictionary(uniqueKeysWithValues: timings.map { ($0.0.id, $0.0) }),
                                        fullTables: full.tables, fullSeconds: full.seconds, command: command).build()
        // Tables, notebooks and figures land together or not at all.
        try StagedOutput([.init(url: URL(fileURLWithPath: results), files: files),
                          .init(url: URL(fileURLWithPath: notebooks), files: ResultsWriter.notebookFiles(built))]).commit()
        progress.finish()
        for (table, seconds) in timings {
            print("\(results)/\(TableSet.stem(table)).{md,csv}: \(String(format: "%.1f", seconds)) s")
        }
        print("\(notebooks)/: \(built.count) notebooks, \(built.reduce(0) { $0 + $1.figures.count }) figures, \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }
}
