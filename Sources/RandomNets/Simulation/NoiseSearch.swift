import Foundation

/// The noise scale of the diagonal-plus-noise ensemble W = I + Z, Z iid
/// N(0, noise^2/N), that keeps a network's signal dispersed to a target
/// layer L (Lee, Choi and Kim, "Signal Preserving Weight Initialization for Odd-Sigmoid Activations", arXiv 2509.23085, choose the noise
/// so activations neither saturate nor collapse up to a target depth; this
/// is lyapsim's criterion for that, stated exactly):
///
///   find noise >= 0 with  E q_L(noise) = q_0 = 1,
///
/// q_L = ||h_L||^2 / N the pre-activation length at the target layer, by
/// Monte Carlo (`ActivationProfile`, B inputs with q_0 = 1). With noise = 0,
/// W = I and an odd sigmoid with phi(t)/t < 1 shrinks every coordinate at
/// every layer (q_L -> 0: collapse); a larger noise adds energy (E||W x||^2 =
/// (1 + noise^2)||x||^2) until units saturate. The target q_L = q_0 is the
/// point between, where the signal reaching layer L is as large as the input.
///
/// Common random numbers: every evaluation uses the same seed, and the
/// ensemble draws the same Gaussian matrices G whatever the noise (W = I +
/// noise G / sqrt(N)), so q_L(noise) is one continuous function of noise for
/// the fixed draws and bisection on [0, maxNoise] finds its crossing of 1 to
/// `tolerance`. If q_L(maxNoise) < 1 the target is not reached.
public struct NoiseSearch: Sendable {
    /// The upper end of the bisection interval [0, 8].
    public static let maxNoise = 8.0
    /// The default width of the final bisection interval.
    public static let tolerance = 1e-6

    /// The activation searched for.
    public let activation: any Activation
    /// The width N.
    public let width: Int
    /// The layer L at which E q_L should equal q_0 = 1.
    public let targetDepth: Int
    /// nil when E q_L < 1 even at maxNoise.
    public let noise: Double?
    /// The profile at the found noise (or at maxNoise).
    public let profile: ActivationProfile
    /// How many profiles the bisection evaluated.
    public let evaluations: Int

    /// Bisects on the noise of `W = I + Z` until E q_L = 1 within `tolerance`, with `inputs` Gaussian inputs per network and the same random numbers at every evaluation.
    /// - Throws: ``InvalidParameter`` for an invalid width, depth or run size.
    public init(activation: any Activation, width n: Int, targetDepth: Int, inputs: Int,
                config: SimulationConfig, tolerance: Double = NoiseSearch.tolerance) throws {
        func qAt(_ noise: Double) throws -> (Double, ActivationProfile) {
            let ensemble = try DiagonalNoiseEnsemble(sigma: 1, parameters: EnsembleParameters(["noise": noise]))
            let spec = try NetworkSpec(width: n, depth: targetDepth, activation: activation, ensemble: ensemble)
            // A large noise can carry an unbounded activation past a double's range: q = inf is still above the target.
            let p = try ActivationProfile(spec: spec, inputs: .gaussian(count: inputs), config: config, keepingOutOfRange: true)
            return (p.layers[targetDepth - 1].q.mean, p)
        }
        self.activation = activation
        self.width = n
        self.targetDepth = targetDepth
        var evaluations = 1
        let (qHigh, highProfile) = try qAt(Self.maxNoise)
        guard qHigh >= 1 else {
            noise = nil
            profile = highProfile
            self.evaluations = evaluations
            return
        }
        var lo = 0.0, hi = Self.maxNoise
        var best = highProfile
        while hi - lo > tolerance {
            let mid = 0.5 * (lo + hi)
            let (q, p) = try qAt(mid)
            evaluations += 1
            if q >= 1 { hi = mid; best = p } else { lo = mid }
        }
        noise = hi
        profile = best
        self.evaluations = evaluations
    }
}
