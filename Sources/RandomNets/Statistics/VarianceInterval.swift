import CGSL

/// The two-sided confidence interval for a normal variance from the sample
/// variance: (n-1) s^2 / chi^2_{n-1} quantiles (GSL's gsl_cdf_chisq_Pinv).
public enum VarianceInterval {
    public static func chiSquare(sampleVariance s2: Double, count n: Int,
                                 level: Double = 0.95) -> ClosedRange<Double> {
        GSLRuntime.ensureErrorHandlerOff()
        let dof = Double(n - 1)
        let tail = (1 - level) / 2
        let upperQuantile = gsl_cdf_chisq_Pinv(1 - tail, dof)
        let lowerQuantile = gsl_cdf_chisq_Pinv(tail, dof)
        return (dof * s2 / upperQuantile)...(dof * s2 / lowerQuantile)
    }
}
