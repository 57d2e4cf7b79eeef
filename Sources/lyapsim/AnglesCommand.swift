import ArgumentParser
import LyapsimReports
import RandomNets

struct AnglesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "angles",
        abstract: "Two inputs at angle theta_0 through the same network: cos theta_l per layer beside the infinite-width kernel map.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(parsing: .unconditional, help: "Angle theta_0 between the two unit inputs, in radians (0 to pi).")
    var angle: Double = 1.0

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        try network.requireSquare("angles")
        try CLIError.usage {
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try InputAngles.checkRun(spec, simulation.config(), angle: angle)
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let report = try AngleReport(resolved: resolved, width: network.width, depth: simulation.depth,
                                     slope: network.slope, angle: angle, config: config)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(([report.csvHeader] + report.csvRows()).joined(separator: "\n"))
        }
    }
}
