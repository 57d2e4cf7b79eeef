import ArgumentParser
import LyapsimReports

/// --format, declared once for every command that prints a report.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func emit(_ report: some FormattedReport) { format.emit(report) }
}

extension OutputFormat {
    /// Prints `report` in this format: the one output path of every command.
    func emit(_ report: some FormattedReport) {
        switch self {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(report.renderCSV())
        }
    }
}
