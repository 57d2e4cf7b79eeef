import ArgumentParser
import LyapsimReports
import RandomNets

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Check lyapsim's own statistics: coverage of its intervals over R independent replications.",
        discussion: """
            Each replication is one `estimate` run on its own streams. Honest statistics give |z| <= 1.96 and \
            s^2 inside its 95% interval about 95% of the time, z with mean 0 and SD 1. Needs a closed form \
            (gaussian or orthogonal, or width 1).
            """)

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(parsing: .unconditional, help: "Replications R (2 to 1000000).")
    var replications: Int = 200

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    func validate() throws {
        try CLIError.usage {
            guard (2...1_000_000).contains(replications) else {
                throw InvalidParameter(parameter: "replications", "must be an integer from 2 to 1000000, got \(replications)")
            }
            let spec = try NetworkSpec(width: network.width, depth: simulation.depth, slope: network.slope,
                                       ensemble: network.ensemble, sigma: network.provisionalSigma,
                                       parameters: network.parameters)
            let config = try simulation.config()
            try config.checkResources(for: spec)
            guard config.normalsDrawn(for: spec) * Double(replications) <= SimulationConfig.maxNormals else {
                throw InvalidParameter(parameter: "replications", "replications x samples x depth x (random numbers per layer) exceeds 1e15; lower them")
            }
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        let report = try CalibrateReport(spec: spec, slope: network.slope, config: config, replications: replications)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(report.csv())
        }
    }
}
