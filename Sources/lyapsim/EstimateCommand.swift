import ArgumentParser
import RandomNets

struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Simulate M networks and compare lambda, s^2 and normality with the closed forms.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth, slope: network.slope,
                                   ensemble: network.ensemble, sigma: network.sigma ?? 1)
        do {
            try simulation.config().checkResources(for: spec)
        } catch let e as InvalidParameter {
            throw e.validationError
        }
    }

    func run() throws {
        let sigma = try network.resolvedSigma(for: network.ensemble)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth, slope: network.slope,
                                   ensemble: network.ensemble, sigma: sigma)
        let config = try simulation.config()
        let theory = try LyapunovTheory.predict(ensemble: spec.ensemble, width: spec.width,
                                                slope: spec.slope, sigma: sigma)
        let result = try Simulator.run(spec, config)
        let report = EstimateReport(spec: spec, initialization: network.initializationLabel, config: config,
                                    theory: theory, estimate: LyapunovEstimate(result))
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(EstimateReport.csvHeader + "\n" + report.csvRow())
        }
    }
}
