/// A report in lyapsim's three output formats: the one seam through which
/// every command prints (`--format text|json|csv`), so a new report is one
/// conformance and a new command prints by calling one function.
public protocol FormattedReport {
    /// The human-readable report.
    func renderText() -> String
    /// The same content as JSON (stable keys; numbers with every digit).
    func json() -> JSONValue
    /// The same content as CSV: a header line, then the rows.
    func renderCSV() -> String
}

extension SpectrumReport: FormattedReport {
    public func renderCSV() -> String { ([csvHeader] + csvRows()).joined(separator: "\n") }
}

extension GradientReport: FormattedReport {
    public func renderCSV() -> String { ([csvHeader] + csvRows()).joined(separator: "\n") }
}

extension AngleReport: FormattedReport {
    public func renderCSV() -> String { ([csvHeader] + csvRows()).joined(separator: "\n") }
}

extension ProfileReport: FormattedReport {
    public func renderCSV() -> String { ([Self.csvHeader] + csvRows()).joined(separator: "\n") }
}

extension EstimateReport: FormattedReport {
    public func renderCSV() -> String { Self.csvHeader + "\n" + csvRow() }
}

extension MeanFieldReport: FormattedReport {
    public func renderCSV() -> String { Self.csvHeader + "\n" + csvRow() }
}

extension TheoryReport: FormattedReport {
    public func renderCSV() -> String { Self.csvHeader + "\n" + csvRow() }
}

extension TrainReport: FormattedReport {
    public func renderCSV() -> String { csvHeaderLine + "\n" + csvRows() }
}

extension BiasedSpectrumReport: FormattedReport {
    public func renderCSV() -> String { csv() }
}

extension CalibrateReport: FormattedReport {
    public func renderCSV() -> String { csv() }
}

extension InitReport: FormattedReport {
    public func renderCSV() -> String { csv() }
}

extension LayerInitReport: FormattedReport {
    public func renderCSV() -> String { csv() }
}

extension NoiseSearchReport: FormattedReport {
    public func renderCSV() -> String { csv() }
}

/// The per-layer report of a network of any width profile, titled with the
/// command that printed it (`theory` or `estimate`).
public struct TitledArchitectureReport: FormattedReport {
    public let report: ArchitectureReport
    public let command: String
    public init(_ report: ArchitectureReport, command: String) {
        self.report = report
        self.command = command
    }
    public func renderText() -> String { report.renderText(command: command) }
    public func json() -> JSONValue { report.json() }
    public func renderCSV() -> String { report.csv() }
}
