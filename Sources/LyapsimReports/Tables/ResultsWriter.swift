import Foundation
import RandomNets

/// Builds tables (Markdown and CSV, plus the index) and lays out notebooks
/// with their figures as files; `StagedOutput` writes them all or nothing.
public enum ResultsWriter {
    /// Builds `ids`; `onStart` is called before each table (progress).
    /// `saved` gives a table already built by another process (a
    /// `TableRecord`) with its build time, or nil to build it here.
    public static func buildTables(_ ids: [String], ctx: TableContext, command: String, version: String,
                                   saved: (String) throws -> TableRecord? = { _ in nil },
                                   onStart: (Int, String) -> Void = { _, _ in })
        throws -> (files: [(path: String, text: String)], timings: [(ResultTable, Double)])
    {
        var timings: [(ResultTable, Double)] = []
        var files: [(path: String, text: String)] = []
        let provenance = "made by `\(command)` (lyapsim \(version))"
        for (k, id) in ids.enumerated() {
            onStart(k, id)
            let start = Date()
            let record = try saved(id)
            let table = try record?.table ?? TableSet.build(id, ctx)
            let stem = TableSet.stem(table)
            files.append((stem + ".md", table.markdown(provenance: provenance)))
            files.append((stem + ".csv", table.csv(provenance: provenance)))
            timings.append((table, record?.seconds ?? Date().timeIntervalSince(start)))
        }
        if ids == TableSet.ids {
            files.append(("README.md", ResultsIndex.markdown(timings: timings, command: command, threads: ctx.threads,
                                                             version: version)))
        }
        return (files, timings)
    }

    /// The notebooks and their figures as files (figures under figures/).
    public static func notebookFiles(_ notebooks: [Notebook]) -> [(path: String, text: String)] {
        notebooks.flatMap { notebook in
            [(notebook.fileName, notebook.markdown)] + notebook.figures.map { ("figures/" + $0.0, $0.1) }
        }
    }
}
