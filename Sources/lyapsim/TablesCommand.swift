import ArgumentParser
import Foundation
import RandomNets

struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Regenerate the results tables (Markdown and CSV) and results/README.md.")

    @Option(help: "Output folder.")
    var out: String = "results"

    @Option(help: "quick (about a minute, checked in CI) or full (published precision, under 30 minutes).")
    var profile: TableProfile = .quick

    @Option(help: "Only this table (T1 ... T7).")
    var only: String?

    @Option(help: "Seed of every Monte Carlo cell.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (never changes the output).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let only, !TableSet.ids.contains(only) {
            throw ValidationError("--only: unknown table '\(only)'; one of \(TableSet.ids.joined(separator: ", "))")
        }
        do { try Validate.threads(threads) } catch let e as InvalidParameter { throw e.validationError }
    }

    /// The command as a user would retype it, for each file's first line.
    var commandLine: String {
        var parts = ["lyapsim tables --profile \(profile.rawValue)"]
        if let only { parts.append("--only \(only)") }
        parts.append("--seed \(seed)")
        return parts.joined(separator: " ")
    }

    func run() throws {
        let ctx = TableContext(profile: profile, seed: seed, threads: threads)
        let ids = only.map { [$0] } ?? TableSet.ids
        let progress = Progress(total: ids.count)
        var timings: [(ResultTable, Double)] = []
        let folder = URL(fileURLWithPath: out)
        for (k, id) in ids.enumerated() {
            progress.update(step: k, label: id)
            let start = Date()
            let table = try TableSet.build(id, ctx)
            let provenance = "made by `\(commandLine)` (lyapsim \(Lyapsim.version))"
            let stem = TableSet.stem(table)
            try AtomicFile.write(table.markdown(provenance: provenance), to: folder.appendingPathComponent(stem + ".md"))
            try AtomicFile.write(table.csv(provenance: provenance), to: folder.appendingPathComponent(stem + ".csv"))
            timings.append((table, Date().timeIntervalSince(start)))
        }
        progress.finish()
        if only == nil {
            try AtomicFile.write(ResultsIndex.markdown(timings: timings, command: commandLine,
                                                       threads: threads, version: Lyapsim.version),
                                 to: folder.appendingPathComponent("README.md"))
        }
        for (table, seconds) in timings {
            print("\(TableSet.stem(table)): \(table.rows.count) rows, \(String(format: "%.1f", seconds)) s")
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
