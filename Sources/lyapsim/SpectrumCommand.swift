import ArgumentParser
import LyapsimReports
import RandomNets

struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "The Lyapunov spectrum of the network's input-output Jacobian (QR method), beside Newman's exact spectrum and the exact exponent sum.")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(parsing: .unconditional, help: "Number K of exponents, from the top (1 to the width; default: all N).")
    var exponents: Int?

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    var exponentCount: Int { exponents ?? network.width }

    func validate() throws {
        try network.requireSquare("spectrum")
        try CLIError.usage {
            try Validate.exponentCount(exponentCount, width: network.width)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try JacobianSpectrum.checkRun(spec, simulation.config(), exponents: exponentCount)
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let report = try SpectrumReport(resolved: resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, exponents: exponentCount, config: config)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(([report.csvHeader] + report.csvRows()).joined(separator: "\n"))
        }
    }
}
