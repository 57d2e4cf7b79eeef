import ArgumentParser
import RandomNets

/// The network family: width, slope, ensemble and how sigma is chosen.
struct NetworkOptions: ParsableArguments {
    @Option(help: "Width N of every layer (1 to \(Validate.maxWidth)).")
    var width: Int

    @Option(help: ArgumentHelp("Leaky ReLU slope a: phi(t) = t for t >= 0, a*t for t < 0 (0 is ReLU).",
                               valueName: "a"))
    var slope: Double

    @Option(help: "Weight law: gaussian (iid N(0, sigma^2/N)) or orthogonal (sigma times Haar).")
    var ensemble: Ensemble = .gaussian

    @Option(help: "Weight scale sigma (1e-100 to 1e100); give this or --init, not both.")
    var sigma: Double?

    @Option(help: "Scale rule: he (sqrt(2/(1+a^2)), the default) or lyapunov (sigma_crit, where lambda = 0).")
    var `init`: Initialization?

    func validate() throws {
        do {
            try Validate.width(width)
            try Validate.slope(slope)
            if let sigma { try Validate.sigma(sigma) }
        } catch let e as InvalidParameter {
            throw e.validationError
        }
        if sigma != nil && `init` != nil {
            throw ValidationError("--sigma and --init: give one or the other, not both")
        }
    }

    /// The label reports use for the scale rule.
    var initializationLabel: String { sigma != nil ? "custom" : (`init` ?? .he).rawValue }

    func resolvedSigma(for ensemble: Ensemble) throws -> Double {
        if let sigma { return sigma }
        return try LyapunovTheory.sigma(for: `init` ?? .he, ensemble: ensemble, width: width, slope: slope)
    }
}
