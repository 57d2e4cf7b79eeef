import Foundation
import RandomNets

/// One results table: what it shows, its columns and rows of formatted cells.
/// Markdown and CSV are rendered from the same strings, so both files carry
/// exactly the same numbers.
public struct ResultTable: Sendable {
    public let id: String
    public let title: String
    /// One paragraph: what the table shows and how to read it.
    public let summary: String
    public let columns: [String]
    public let rows: [[String]]
    /// Notes printed under the table (sizes, thresholds, methods).
    public let notes: [String]
    /// The numbers behind each row, by name, as computed (not parsed back
    /// from the formatted cells): what notebooks and figures read.
    public let values: [[String: Double]]

    public init(id: String, title: String, summary: String, columns: [String], rows: [[String]], notes: [String],
                values: [[String: Double]] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.values = values
    }

    /// The table alone, as a Markdown pipe table.
    public func markdownBody() -> String {
        // A literal "|" (as in log||x_L||) would end a Markdown cell.
        func row(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        var lines = [row(columns), "|" + columns.map { _ in " --- " }.joined(separator: "|") + "|"]
        lines += rows.map(row)
        return lines.joined(separator: "\n")
    }

    /// The whole file: provenance line, title, summary, table, notes.
    public func markdown(provenance: String) -> String {
        var text = "<!-- \(provenance) -->\n\n# \(id). \(title)\n\n\(summary)\n\n\(markdownBody())\n"
        if !notes.isEmpty { text += "\n" + notes.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        return text
    }

    public func csv(provenance: String) -> String {
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var lines = ["# \(provenance)", columns.map(field).joined(separator: ",")]
        lines += rows.map { $0.map(field).joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }
}
