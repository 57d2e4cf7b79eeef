import Foundation

/// sigma_crit by Monte Carlo, for ensembles without a closed form.
///
/// lambda(sigma) = log sigma + lambda(1) holds pathwise for every ensemble
/// (scaling W scales every activation), so sigma_crit = exp(-lambda(1)) and
/// an interval for lambda(1) maps to one for sigma_crit through exp (the
/// delta method's first-order interval, made exact in the transform).
public struct CriticalScaleEstimate: Sendable {
    /// lambda-hat at sigma = 1 and its standard error.
    public let lyapunovExponentAtOne: Double
    /// The standard error of lambda-hat(1).
    public let standardError: Double
    /// sigma_crit-hat = exp(-lambda-hat(1)).
    public let criticalSigma: Double
    /// 95% interval: exp(-(lambda-hat(1) +- 1.96 se)).
    public let interval: ClosedRange<Double>
    /// The run it came from.
    public let depth: Int
    /// The number of networks simulated.
    public let samples: Int
    /// The burn-in used.
    public let burnIn: Int
    /// The networks that did not die.
    public let survivors: Int

    /// Simulates `ensemble` at sigma = 1 (M networks of depth L, lambda-hat
    /// after `burnIn` layers). Needs at least two surviving networks.
    public init(ensemble: any WeightEnsemble, width n: Int, activation: any Activation, depth: Int,
                config: SimulationConfig, burnIn: Int) throws {
        let unit = try ensemble.rescaled(to: 1)
        let spec = try NetworkSpec(width: n, depth: depth, activation: activation, ensemble: unit)
        let recorder = try IncrementRecorder(samples: config.samples, depth: depth, burnIn: burnIn)
        let result = try Simulator.run(spec, config, observer: recorder)
        let chain = ChainEstimate(recorder, finalLogNorms: result.finalLogNorms)
        guard chain.survivors >= 2, chain.lyapunovExponent.isFinite else {
            // Death comes from slope 0 (ReLU) or from the weight law (a sparse
            // law whose rows are all zero): name the one the user can change.
            let cause = ActivationRegistry.leakySlope(of: activation) == 0 ? "slope" : "ensemble"
            throw InvalidParameter(parameter: cause, "sigma_crit cannot be estimated: fewer than two of \(config.samples) networks of \(unit.name) weights survived (every sigma kills the signal)")
        }
        lyapunovExponentAtOne = chain.lyapunovExponent
        standardError = chain.standardError
        criticalSigma = exp(-chain.lyapunovExponent)
        let z = 1.959963984540054
        interval = exp(-(chain.lyapunovExponent + z * chain.standardError))...exp(-(chain.lyapunovExponent - z * chain.standardError))
        self.depth = depth
        samples = config.samples
        self.burnIn = burnIn
        survivors = chain.survivors
    }

    /// The default burn-in: none for rotation-invariant ensembles (their
    /// increments are iid from the first layer), else a tenth of the depth,
    /// at most 20 layers (the direction chain forgets x_0 = (1,...,1)/sqrt(N)
    /// within a few layers at the widths studied here).
    public static func defaultBurnIn(for ensemble: any WeightEnsemble, depth: Int) -> Int {
        ensemble.isRotationInvariant ? 0 : min(20, depth / 10)
    }
}

extension CriticalScaleEstimate {
    /// sigma_crit from a run at any scale sigma: by the pathwise scale
    /// identity lambda(1) = lambda(sigma) - log sigma, so the run itself
    /// estimates sigma_crit = sigma exp(-lambda-hat(sigma)).
    public init?(chain: ChainEstimate, sigma: Double, depth: Int, samples: Int) {
        guard chain.survivors >= 2, chain.lyapunovExponent.isFinite else { return nil }
        let atOne = chain.lyapunovExponent - log(sigma)
        lyapunovExponentAtOne = atOne
        standardError = chain.standardError
        criticalSigma = exp(-atOne)
        let z = 1.959963984540054
        interval = exp(-(atOne + z * chain.standardError))...exp(-(atOne - z * chain.standardError))
        self.depth = depth
        self.samples = samples
        burnIn = chain.burnIn
        survivors = chain.survivors
    }
}
