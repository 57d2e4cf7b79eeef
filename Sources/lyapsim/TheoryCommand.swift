import ArgumentParser
import LyapsimReports
import RandomNets

struct TheoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theory",
        abstract: "Closed-form lambda, s^2 and sigma_crit, with no simulation (gaussian and orthogonal; uniform, truncated-normal, rademacher and student-t at width 1).")

    @OptionGroup var network: NetworkOptions

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    func run() throws {
        if let architecture = try network.architecture() {
            guard let theory = try LayerTheory.network(architecture) else {
                if let arch = network.arch {
                    throw InvalidParameter(parameter: "arch", "\(arch): a layer has no closed form (theory covers plain gaussian and orthogonal layers, and linear residual branches with gaussian weights); use `lyapsim estimate --arch`")
                }
                throw InvalidParameter(parameter: network.residual != nil ? "residual" : "ensemble", network.residual != nil
                    ? "a residual layer has a closed form only with a linear branch (--slope 1) and gaussian weights; use `lyapsim estimate --residual`"
                    : "no closed form for \(network.ensemble) layers of unequal width (gaussian and orthogonal only); use `lyapsim estimate --widths`")
            }
            let report = ArchitectureReport(architecture: architecture, rule: network.ruleLabel, theory: theory)
            format.emit(TitledArchitectureReport(report, command: "theory"))
            return
        }
        // Only closed forms here: refuse before any Monte Carlo could start.
        let name = try network.preset.map { try InitializerPreset.named($0).ensemble } ?? network.ensemble
        let unit = try EnsembleRegistry.make(name, sigma: 1, parameters: network.parameters)
        guard try EnsembleTheory.predict(unit, width: network.width, slope: network.slope) != nil else {
            throw InvalidParameter(parameter: "ensemble", EnsembleTheory.unavailableReason(unit, width: network.width) + " (use `lyapsim estimate` or `lyapsim init`)")
        }
        let config = try SimulationConfig(samples: 2, threads: 1)
        let resolved = try network.resolve(pilotDepth: 1, pilotConfig: config)
        guard let prediction = try EnsembleTheory.predict(resolved.ensemble, width: network.width, slope: network.slope) else {
            throw InvalidParameter(parameter: "ensemble", EnsembleTheory.unavailableReason(resolved.ensemble, width: network.width) + " (use `lyapsim estimate` or `lyapsim init`)")
        }
        let report = TheoryReport(prediction: prediction, initialization: resolved.choice.label)
        format.emit(report)
    }
}
