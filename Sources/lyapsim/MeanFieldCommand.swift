import ArgumentParser
import LyapsimReports
import RandomNets

struct MeanFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meanfield",
        abstract: "Infinite-width signal propagation: variance fixed point q*, chi_1 and the correlation depth scale.",
        discussion: """
            Poole et al. 2016 and Schoenholz et al. 2017: V(q) = sigma^2 E[phi(sqrt(q) z)^2] + sigma_b^2, \
            chi_1 = sigma^2 E[phi'(sqrt(q*) z)^2], xi_c = -1/log(chi_c) at the attracting correlation fixed point. \
            GSL quadrature; exact for the Leaky ReLU family.
            """)

    @OptionGroup var phi: ActivationOptions

    @Option(parsing: .unconditional, help: "Weight scale sigma (1e-300 to 1e10): E W_ij^2 = sigma^2/N.")
    var sigma: Double

    @Option(name: .customLong("bias-sigma"), parsing: .unconditional,
            help: "Biases iid N(0, sigma_b^2) (0, the default: none; else 1e-300 to 1e10).")
    var biasSigma: Double = 0

    @OptionGroup var output: OutputOptions
    var format: OutputFormat { output.format }

    func validate() throws {
        try CLIError.usage {
            try Validate.sigma(sigma)
            try Validate.biasSigma(biasSigma)
            if sigma > MeanField.maxSigma {
                throw InvalidParameter(parameter: "sigma", "mean-field theory is computed for sigma from 1e-300 to \(MeanField.maxSigmaText), got \(sigma)")
            }
        }
    }

    func run() throws {
        let report = MeanFieldReport(theory: try MeanField(activation: try phi.make(), sigma: sigma, biasSigma: biasSigma))
        format.emit(report)
    }
}
