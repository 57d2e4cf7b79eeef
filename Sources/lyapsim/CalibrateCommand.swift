import ArgumentParser
import LyapsimReports
import LyapsimRuns
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

    @Flag(help: "No progress line on the terminal.")
    var quiet = false

    func validate() throws {
        try network.requireSquare("calibrate")
        try CLIError.usage {
            guard (2...1_000_000).contains(replications) else {
                throw InvalidParameter(parameter: "replications", "must be an integer from 2 to 1000000, got \(replications)")
            }
            let spec = try network.provisionalSpec(depth: simulation.depth)
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
        // Shown only when stderr is a terminal; erased before the report.
        let progress = ProgressReporter(label: "calibrate", total: replications, unit: "replications", quiet: quiet)
        progress.begin(alreadyDone: 0)
        progress.update(done: 0)
        let report: CalibrateReport
        do {
            defer { progress.finish() }
            report = try CalibrateReport(spec: spec, slope: network.slope, config: config, replications: replications,
                                         progress: progress.isActive ? { progress.update(done: $0) } : nil)
        }
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(report.csv())
        }
    }
}
