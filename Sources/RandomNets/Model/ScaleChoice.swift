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
    public let ensemble: any WeightEnsemble
    public let choice: ScaleChoice
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
            ensemble = try EnsembleRegistry.make(name, sigma: LeakyReLU(slope: a).heGain, parameters: parameters)
            pilot = nil
        case .preset(let preset):
            ensemble = try EnsembleRegistry.make(preset.ensemble, sigma: preset.sigma(a), parameters: parameters)
            pilot = nil
        case .lyapunov:
            let unit = try EnsembleRegistry.make(name, sigma: 1, parameters: parameters)
            if let theory = try EnsembleTheory.predict(unit, width: n, slope: a) {
                guard let crit = theory.criticalSigma else {
                    throw InvalidParameter(parameter: "init", "lyapunov needs a nonzero slope: with ReLU (slope 0) lambda = -infinity at every sigma")
                }
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
                ensemble = try unit.rescaled(to: estimate.criticalSigma)
                pilot = estimate
            }
        }
    }
}
