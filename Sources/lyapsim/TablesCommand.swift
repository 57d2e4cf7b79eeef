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

    func validate() throws {
        if let only, !TableSet.ids.contains(only) {
            throw ValidationError("--only: unknown table \(EscapedValue.quote(only)); one of \(TableSet.ids.joined(separator: ", "))")
        }
        try OutputFolder.validate(out, flag: "--out")
    }

    func run() throws {
        try OutputFolder.check(out, flag: "--out")
        var command = "lyapsim tables --profile \(tables.profile.rawValue)"
        if let only { command += " --only \(only)" }
        command += " --seed \(tables.seed)"
        let ids = only.map { [$0] } ?? TableSet.ids
        let progress = Progress(total: ids.count)
        let (files, timings) = try ResultsWriter.buildTables(ids, ctx: tables.context, command: command,
                                                             version: Lyapsim.version,
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

    func validate() throws {
        try CLIError.usage { try Validate.threads(threads) }
    }

    var context: TableContext { TableContext(profile: profile, seed: seed, threads: threads) }
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
