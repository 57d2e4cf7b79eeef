import Foundation

/// The Lyapunov exponent and CLT variance of deep random Leaky ReLU networks
/// in closed form (Kogler, Schwarz and Kittle, "Optimal Initialization in
/// Depth", arXiv 2602.10949).
///
/// Both ensembles are rotation invariant, so the per-layer ratios
/// r = ||x_l|| / ||x_{l-1}|| are iid and lambda = E log r, s^2 = Var log r.
/// With T ~ chi^2_N and V as in `BetaDecomposition` (m = E log V, v = Var log V):
///   gaussian:   r^2 = (sigma^2 / N) T V,
///               lambda = (1/2) [log(sigma^2/N) + psi(N/2) + log 2 + m],
///               s^2 = (1/4) [psi'(N/2) + v];
///   orthogonal: r^2 = sigma^2 V,  lambda = log sigma + m/2,  s^2 = v/4.
/// Valid for every finite slope: `BetaDecomposition` uses the exact slope
/// symmetries (only |a| matters; lambda(a) = log|a| + lambda(1/|a|) and
/// s^2(a) = s^2(1/|a|)), so sigma_crit = exp(-lambda(1)) carries the 1/|a| for
/// |a| > 1, and tiny slopes whose square underflows stay Leaky ReLU; only
/// a = 0 exactly is ReLU.
public enum LyapunovTheory {
    /// lambda, s^2, sigma_crit and the death probability for a Leaky ReLU network of width `n` and slope `a` at scale `sigma`.
    /// - Throws: ``InvalidParameter`` for an invalid width, slope or sigma; ``GSLError`` if a quadrature fails.
    public static func predict(ensemble: Ensemble, width n: Int, slope a: Double,
                               sigma: Double) throws -> TheoryPrediction {
        try Validate.width(n)
        // Any finite slope: the closed forms hold for every real a, and the
        // quadratures see only min(|a|, 1/|a|) (see BetaDecomposition). The
        // shared `Validate.slope` range (0, or 1e-300 <= |a| <= 1e300) is what
        // specs and the command line accept.
        guard a.isFinite else {
            throw InvalidParameter(parameter: "slope", "must be a finite real number, got \(a)")
        }
        try Validate.sigma(sigma)
        let beta = try BetaDecomposition(width: n, slope: a)
        let half = Double(n) / 2
        // lambda at sigma = 1 and s^2 for the surviving networks.
        let lambdaAtOne: Double
        let variance: Double
        switch ensemble {
        case .gaussian:
            // E log chi^2_N = psi(N/2) + log 2, Var log chi^2_N = psi'(N/2).
            let chiMean = try Special.digamma(half) + M_LN2
            lambdaAtOne = 0.5 * (chiMean - log(Double(n)) + beta.meanLogV)
            variance = 0.25 * (try Special.trigamma(half) + beta.varianceLogV)
        case .orthogonal:
            lambdaAtOne = 0.5 * beta.meanLogV
            variance = 0.25 * beta.varianceLogV
        }
        // lambda(sigma) = log sigma + lambda(1): scaling W scales every ratio.
        let survivingLambda = log(sigma) + lambdaAtOne
        let dies = beta.deathProbability > 0
        return TheoryPrediction(
            ensemble: ensemble.rawValue, width: n, slope: a, sigma: sigma,
            lyapunovExponent: dies ? -.infinity : survivingLambda,
            cltVariance: dies ? .infinity : variance,
            criticalSigma: dies ? nil : exp(-lambdaAtOne),
            deathProbabilityPerLayer: beta.deathProbability,
            survivingLyapunovExponent: survivingLambda,
            survivingCLTVariance: variance)
    }

    /// The scale an initialization rule picks for (ensemble, N, a).
    public static func sigma(for initialization: Initialization, ensemble: Ensemble,
                             width n: Int, slope a: Double) throws -> Double {
        let he = LeakyReLU(slope: a).heGain
        switch initialization {
        case .he:
            return he
        case .lyapunov:
            let p = try predict(ensemble: ensemble, width: n, slope: a, sigma: 1)
            guard let crit = p.criticalSigma else {
                throw InvalidParameter(
                    parameter: "init",
                    "lyapunov needs a nonzero --slope: with ReLU (slope 0) lambda = -infinity at every sigma")
            }
            return crit
        }
    }
}
