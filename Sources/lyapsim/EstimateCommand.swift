import ArgumentParser
import LyapsimReports
import RandomNets

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Simulate M networks; compare lambda, s^2 and normality with the closed forms where they exist.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        try CLIError.usage {
            let spec = try NetworkSpec(width: network.width, depth: simulation.depth, slope: network.slope,
                                       ensemble: network.ensemble, sigma: network.provisionalSigma,
                                       parameters: network.parameters)
            try simulation.config().checkResources(for: spec)
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let report = try EstimateReport(resolved: resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, config: config, burnIn: simulation.burnIn)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(EstimateReport.csvHeader + "\n" + report.csvRow())
        }
    }
}
