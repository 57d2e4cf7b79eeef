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

    @Option(name: .customLong("bias-sigma"), parsing: .unconditional,
            help: "Biases iid N(0, sigma_b^2) in every layer (0, the default: none; else 1e-300 to 1e10): the top exponent then decides order (< 0) or chaos (> 0), beside its infinite-width value (1/2) log chi_1.")
    var biasSigma: Double = 0

    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    var exponentCount: Int { exponents ?? network.width }

    func validate() throws {
        try network.requireSquare("spectrum")
        try CLIError.usage {
            try Validate.exponentCount(exponentCount, width: network.width)
            try Validate.biasSigma(biasSigma)
            let spec = try network.provisionalSpec(depth: simulation.depth)
            try JacobianSpectrum.checkRun(spec, simulation.config(), exponents: exponentCount)
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        if biasSigma > 0 {
            let activation = LeakyReLU(slope: network.slope)
            let samples = try BiasedSpectrum.simulate(width: network.width, depth: simulation.depth, activation: activation,
                                                      ensemble: resolved.ensemble, biasSigma: biasSigma,
                                                      exponents: exponents ?? 1, config: config)
            let report = BiasedSpectrumReport(samples: samples,
                                              meanField: try MeanField(activation: activation, sigma: resolved.ensemble.sigma,
                                                                       biasSigma: biasSigma),
                                              width: network.width, depth: simulation.depth, ensemble: resolved.ensemble.name,
                                              seed: config.seed, generator: config.generator.name)
            switch format {
            case .text: print(report.renderText())
            case .json: print(report.json().rendered())
            case .csv: print(report.csv())
            }
            return
        }
        let report = try SpectrumReport(resolved: resolved, width: network.width, depth: simulation.depth,
                                        slope: network.slope, exponents: exponentCount, config: config)
        switch format {
        case .text: print(report.renderText())
        case .json: print(report.json().rendered())
        case .csv: print(([report.csvHeader] + report.csvRows()).joined(separator: "\n"))
        }
    }
}
