import Foundation
import RandomNets

/// results/README.md: the list of tables, what each shows, the command and
/// how long each took on this run.
public enum ResultsIndex {
    public static func markdown(timings: [(ResultTable, Double)], command: String, threads: Int,
                                version: String) -> String {
        var text = """
        # lyapsim results

        Every file here is written by `\(command)` (lyapsim \(version)); nothing is edited by hand. \
        Each table exists as Markdown and as CSV with the same numbers. The quick profile is what is \
        committed and what CI regenerates and compares; `--profile full` spends ten times the samples. \
        Every row (and every notebook run) draws from its own streams, derived from (seed, table, row), \
        so the rows of a table are independent estimates: their errors are not correlated, and a table \
        comes out the same whether it is regenerated alone (`--only`) or with the others.

        | table | shows | rows | seconds (\(threads) thread\(threads == 1 ? "" : "s")) |
        | --- | --- | --- | --- |

        """
        for (table, seconds) in timings {
            let stem = TableSet.stem(table)
            text += "| [\(table.id)](\(stem).md) ([csv](\(stem).csv)) | \(table.title) | \(table.rows.count) | \(String(format: "%.1f", seconds)) |\n"
        }
        text += "\nTimes are wall-clock on the machine that ran the command and vary from run to run; the tables do not. A table read from saved records shows the time its record holds (a table built in parts: its parts' CPU time, every thread).\n"
        return text
    }
}
