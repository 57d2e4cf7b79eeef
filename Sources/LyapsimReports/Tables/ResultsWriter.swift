import Foundation
import RandomNets

/// Builds tables and writes each as Markdown and CSV, then the index; and
/// writes notebooks with their figures. Files are written atomically, so an
/// interrupted run leaves no half-written file.
public enum ResultsWriter {
    /// Builds and writes `ids`; `onStart` is called before each table (progress).
    public static func writeTables(_ ids: [String], ctx: TableContext, folder: URL, command: String,
                                   version: String, onStart: (Int, String) -> Void = { _, _ in })
        throws -> [(ResultTable, Double)]
    {
        var timings: [(ResultTable, Double)] = []
        let provenance = "made by `\(command)` (lyapsim \(version))"
        for (k, id) in ids.enumerated() {
            onStart(k, id)
            let start = Date()
            let table = try TableSet.build(id, ctx)
            let stem = TableSet.stem(table)
            try AtomicFile.write(table.markdown(provenance: provenance), to: folder.appendingPathComponent(stem + ".md"))
            try AtomicFile.write(table.csv(provenance: provenance), to: folder.appendingPathComponent(stem + ".csv"))
            timings.append((table, Date().timeIntervalSince(start)))
        }
        if ids == TableSet.ids {
            try AtomicFile.write(ResultsIndex.markdown(timings: timings, command: command, threads: ctx.threads,
                                                       version: version),
                                 to: folder.appendingPathComponent("README.md"))
        }
        return timings
    }

    public static func writeNotebooks(_ notebooks: [Notebook], folder: URL) throws {
        for notebook in notebooks {
            try AtomicFile.write(notebook.markdown, to: folder.appendingPathComponent(notebook.fileName))
            for (name, svg) in notebook.figures {
                try AtomicFile.write(svg, to: folder.appendingPathComponent("figures").appendingPathComponent(name))
            }
        }
    }
}
