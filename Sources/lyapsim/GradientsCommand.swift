import ArgumentParser
import LyapsimReports
import RandomNets

struct GradientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradients",
        abstract: "Backpropagation at initialization: per-layer weight-gradient norms and the backward growth rate of ||J^T g||.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        try network.requireSquare("gradients")
        try CLIError.usage {
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try Backpropagation.checkRun(spec, simulation.config())
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let report = try GradientReport(resolved: resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, config: config)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(([report.csvHeader] + report.csvRows()).joined(separator: "\n"))
        }
    }
}
