import CGSL
import Foundation

/// Confidence intervals for a variance from a sample.
///
/// `chiSquare` is exact for normal data only: it takes Var(s^2) = 2 sigma^4/(n-1),
/// while in general Var(s^2) = sigma^4 (kappa - (n-3)/(n-1)) / n with kappa the
/// kurtosis E(x - mu)^4 / sigma^4. S_L has kappa > 3 at small depth (one layer's
/// log-ratio is skewed and heavy-tailed; kappa - 3 falls like 1/L). `bonett`
/// estimates kappa from the sample and stays valid. Measured coverage of s^2 by
/// the "95%" intervals, gaussian N = 16, a = 0.01, M = 1000 samples, 2000
/// replications (binomial sd 0.5%):
///
///     depth L   sample kappa   chiSquare   bonett
///        1         6.0           79.2%      94.6%
///       10         3.3           93.7%      95.3%
///      200         3.0           94.6%      94.6%
///
/// and at the 4-sigma level (nominal misses 0.13 in 2000) at L = 1: 39 misses
/// for chiSquare, none for bonett. With M = 200, bonett covers 93.1% at L = 1
/// (kappa-hat is biased low in small samples).
public enum VarianceInterval {
    /// The two-sided interval for a normal variance from the sample variance:
    /// (n-1) s^2 / chi^2_{n-1} quantiles (GSL's gsl_cdf_chisq_Pinv).
    public static func chiSquare(sampleVariance s2: Double, count n: Int,
                                 level: Double = 0.95) -> ClosedRange<Double> {
        GSLRuntime.ensureErrorHandlerOff()
        let dof = Double(n - 1)
        let tail = (1 - level) / 2
        let upperQuantile = gsl_cdf_chisq_Pinv(1 - tail, dof)
        let lowerQuantile = gsl_cdf_chisq_Pinv(tail, dof)
        return (dof * s2 / upperQuantile)...(dof * s2 / lowerQuantile)
    }

    /// Bonett's interval for a variance of any law with a finite fourth moment
    /// (D. G. Bonett, "Approximate confidence interval for standard deviation of
    /// nonnormal distributions", Comput. Stat. Data Anal. 50 (2006) 775-782):
    ///   exp( log(c s^2) -+ z c sqrt((kappa-hat - (n-3)/n) / (n-1)) ),
    ///   kappa-hat = n sum (x_i - m)^4 / (sum (x_i - xbar)^2)^2,
    /// with m the mean trimmed by 1/(2 sqrt(n-4)) in each tail, z the normal
    /// quantile of the level and c = n/(n - z) Bonett's small-sample factor.
    /// The log scale makes the delta method accurate for the skewed law of s^2;
    /// the trimmed centre lowers the downward bias of kappa-hat for heavy tails.
    /// Fewer than 10 values carry no usable kurtosis estimate (and c needs
    /// n > z): the interval is then (0, infinity).
    public static func bonett(_ values: [Double], level: Double = 0.95) -> ClosedRange<Double> {
        let n = values.count
        let z = -normalQuantile((1 - level) / 2)
        let nn = Double(n)
        guard n >= 10, nn > 2 * z else { return 0...Double.infinity }
        let moments = SampleMoments(values)
        let s2 = moments.variance
        guard s2.isFinite else { return 0...Double.infinity }
        guard s2 > 0 else { return 0...0 }
        let m = trimmedMean(values, proportion: 1 / (2 * (nn - 4).squareRoot()))
        var fourth = 0.0
        for v in values { let d = v - m; fourth += d * d * d * d }
        let squares = (nn - 1) * s2
        let kappa = nn * fourth / (squares * squares)
        let c = nn / (nn - z)
        let se = c * (max(0, kappa - (nn - 3) / nn) / (nn - 1)).squareRoot()
        let centre = log(c * s2)
        return exp(centre - z * se)...exp(centre + z * se)
    }

    /// Mean of the values left after dropping floor(n p) from each end.
    static func trimmedMean(_ values: [Double], proportion p: Double) -> Double {
        let sorted = values.sorted()
        let cut = Int((Double(sorted.count) * p).rounded(.down))
        let kept = sorted[cut..<(sorted.count - cut)]
        return kept.reduce(0, +) / Double(kept.count)
    }

    /// Phi^{-1}(p) (gsl_cdf_ugaussian_Pinv).
    static func normalQuantile(_ p: Double) -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        return gsl_cdf_ugaussian_Pinv(p)
    }
}
