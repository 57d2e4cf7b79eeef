import ArgumentParser
import RandomNets

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Lyapunov initialization: sigma_crit beside the He gain, and lambda at He.")

    @Option(help: "Width N of every layer (1 to \(Validate.maxWidth)).")
    var width: Int

    @Option(help: ArgumentHelp("Leaky ReLU slope a.", valueName: "a"))
    var slope: Double

    @Option(help: "gaussian or orthogonal (default: both).")
    var ensemble: Ensemble?

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        do {
            try Validate.width(width)
            try Validate.slope(slope)
        } catch let e as InvalidParameter {
            throw e.validationError
        }
    }

    func run() throws {
        let report = try InitReport(width: width, slope: slope,
                                    ensembles: ensemble.map { [$0] } ?? Ensemble.allCases)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(report.csv())
        }
    }
}
