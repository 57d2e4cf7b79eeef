import Foundation

/// How a run's scale sigma (and, for a preset, its ensemble) is chosen.
public enum ScaleChoice: Sendable {
    /// sigma given.
    case custom(Double)
    /// The He gain sqrt(2/(1+a^2)).
    case he
    /// sigma_crit: exp(-lambda(1)) in closed form where one exists, else the
    /// Monte Carlo estimate from a pilot run on an independent stream.
    case lyapunov
    /// A framework initializer: its ensemble and its sigma.
    case preset(InitializerPreset)

    /// A short name for reports: `custom`, `he`, `lyapunov` or the preset's name.
    public var label: String {
        switch self {
        case .custom: return "custom"
        case .he: return "he"
        case .lyapunov: return "lyapunov"
        case .preset(let p): return p.name
        }
    }
}

/// A resolved network family: the ensemble at its scale, how the scale was
/// chosen, and (for Lyapunov initialization without a closed form) the
/// pilot estimate of sigma_crit it used.
public struct ResolvedEnsemble: Sendable {
    /// The ensemble at the chosen scale.
    public let ensemble: any WeightEnsemble
    /// How the scale was chosen.
    public let choice: ScaleChoice
    /// The pilot estimate of sigma_crit, when Lyapunov initialization needed one (no closed form); nil otherwise.
    public let pilot: CriticalScaleEstimate?

    /// The stream tag of the pilot run, so its samples are independent of the
    /// main run's (same seed, different streams).
    public static let pilotStream: UInt64 = 0x5C_A1E0_F1D0

    /// Resolves `choice` for the named ensemble (a preset names its own).
    /// `pilot` is the simulation setup of the Monte Carlo sigma_crit, used
    /// only for Lyapunov initialization of an ensemble without a closed form.
    public init(ensemble name: String, parameters: EnsembleParameters, choice: ScaleChoice, width n: Int,
                slope a: Double, pilotDepth: Int, pilotConfig: SimulationConfig) throws {
        try Validate.width(n)
        try Validate.slope(a)
        self.choice = choice
        switch choice {
        case .custom(let sigma):
            ensemble = try EnsembleRegistry.make(name, sigma: sigma, parameters: parameters)
            pilot = nil
        case .he:
            let he = LeakyReLU(slope: a).heGain
            try Self.checkDerived(sigma: he, what: "the He gain sqrt(2/(1+a^2))", slope: a)
            ensemble = try EnsembleRegistry.make(name, sigma: he, parameters: parameters)
            pilot = nil
        case .preset(let preset):
            try Self.checkDerived(sigma: preset.sigma(a), what: "\(preset.name)'s scale", slope: a)
            ensemble = try EnsembleRegistry.make(preset.ensemble, sigma: preset.sigma(a), parameters: parameters)
            pilot = nil
        case .lyapunov:
            let unit = try EnsembleRegistry.make(name, sigma: 1, parameters: parameters)
            if let theory = try EnsembleTheory.predict(unit, width: n, slope: a) {
                guard let crit = theory.criticalSigma else {
                    throw InvalidParameter(parameter: "init", "lyapunov needs a nonzero slope: with ReLU (slope 0) lambda = -infinity at every sigma")
                }
                try Self.checkDerived(sigma: crit, what: "sigma_crit", slope: a)
                ensemble = try unit.rescaled(to: crit)
                pilot = nil
            } else {
                guard a != 0 else {
                    throw InvalidParameter(parameter: "init", "lyapunov needs a nonzero slope: with ReLU (slope 0) lambda = -infinity at every sigma")
                }
                var config = pilotConfig
                config.seed = StreamSeed.derive(seed: pilotConfig.seed, stream: Self.pilotStream)
                config.recordTrajectories = false
                let estimate = try CriticalScaleEstimate(
                    ensemble: unit, width: n, activation: LeakyReLU(slope: a), depth: pilotDepth, config: config,
                    burnIn: CriticalScaleEstimate.defaultBurnIn(for: unit, depth: pilotDepth))
                try Self.checkDerived(sigma: estimate.criticalSigma, what: "sigma_crit", slope: a)
                ensemble = try unit.rescaled(to: estimate.criticalSigma)
                pilot = estimate
            }
        }
    }

    /// A scale derived from the slope must lie in sigma's range; when it does
    /// not, the slope is what the user has to change, so the error names it.
    public static func checkDerived(sigma: Double, what: String, slope a: Double) throws {
        do { try Validate.sigma(sigma) } catch {
            throw InvalidParameter(parameter: "slope", "at a = \(a), \(what) is \(sigma), outside sigma's range [1e-300, 1e100]; give --sigma, or another slope")
        }
    }
}
