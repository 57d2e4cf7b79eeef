import Foundation

/// The closed forms lyapsim knows for an arbitrary ensemble:
/// - gaussian and orthogonal at every width (`LyapunovTheory`);
/// - every entrywise ensemble with known E log|xi| and Var log|xi| at width 1,
///   where a layer multiplies the norm by |w| (and by |a| when the
///   pre-activation is negative, probability 1/2 independently of |w| for a
///   symmetric law): lambda = log sigma + E log|xi| + (1/2) log|a|,
///   s^2 = Var log|xi| + (1/4) (log|a|)^2 (docs/theory.md, "General ensembles").
/// Everything else is the Monte Carlo's to say.
public enum EnsembleTheory {
    /// The prediction, or nil when no closed form exists (see `unavailableReason`).
    public static func predict(_ ensemble: any WeightEnsemble, width n: Int, slope a: Double) throws
        -> TheoryPrediction?
    {
        if let family = ensemble.closedForm {
            return try LyapunovTheory.predict(ensemble: family, width: n, slope: a, sigma: ensemble.sigma)
        }
        guard n == 1, let entrywise = ensemble as? any EntrywiseEnsemble,
              let moments = try entrywise.standardEntryLogMoments() else { return nil }
        try Validate.slope(a)
        let logSlope = a == 0 ? 0 : log(abs(a))
        let atOne = moments.mean + 0.5 * logSlope
        let variance = moments.variance + 0.25 * logSlope * logSlope
        let lambda = log(ensemble.sigma) + atOne
        if a == 0 {
            // ReLU at width 1: the pre-activation is negative with probability 1/2.
            let survivingLambda = log(ensemble.sigma) + moments.mean
            return TheoryPrediction(
                ensemble: ensemble.name, width: 1, slope: a, sigma: ensemble.sigma,
                lyapunovExponent: -.infinity, cltVariance: .infinity, criticalSigma: nil,
                deathProbabilityPerLayer: 0.5, survivingLyapunovExponent: survivingLambda,
                survivingCLTVariance: moments.variance)
        }
        return TheoryPrediction(
            ensemble: ensemble.name, width: 1, slope: a, sigma: ensemble.sigma,
            lyapunovExponent: lambda, cltVariance: variance, criticalSigma: exp(-atOne),
            deathProbabilityPerLayer: 0, survivingLyapunovExponent: lambda, survivingCLTVariance: variance)
    }

    /// Why `predict` returned nil.
    public static func unavailableReason(_ ensemble: any WeightEnsemble, width n: Int) -> String {
        if n == 1 {
            return "no closed form for E log|w| of the \(ensemble.name) entry law; the Monte Carlo estimates lambda"
        }
        return "no closed form for \(ensemble.name) weights at width \(n) (only gaussian and orthogonal, or width 1); the Monte Carlo estimates lambda"
    }
}
