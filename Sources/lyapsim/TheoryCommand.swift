import ArgumentParser
import RandomNets

struct TheoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: "Closed-form lambda, s^2 and sigma_crit, with no simulation.")

    @OptionGroup var network: NetworkOptions

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func run() throws {
        let sigma = try network.resolvedSigma(for: network.ensemble)
        let prediction = try LyapunovTheory.predict(ensemble: network.ensemble, width: network.width,
                                                    slope: network.slope, sigma: sigma)
        let report = TheoryReport(prediction: prediction, initialization: network.initializationLabel)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(TheoryReport.csvHeader + "\n" + report.csvRow())
        }
    }
}
