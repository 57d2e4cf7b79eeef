import CGSL
import Foundation

/// The Anderson-Darling test of normality with mean and variance estimated
/// from the sample ("case 3"). The statistic is modified for sample size,
/// A*^2 = A^2 (1 + 0.75/n + 2.25/n^2), and its p-value read from the
/// piecewise fit of D'Agostino and Stephens, "Goodness-of-Fit Techniques"
/// (1986), Table 4.9, which is monotone on each piece but not continuous: at
/// A* = 0.6 it steps up from 0.117 to 0.119. Valid for n >= 8.
public struct AndersonDarling: Sendable {
    /// The modified statistic A*^2.
    public let statistic: Double
    /// The p-value of normality (small means not normal).
    public let pValue: Double

    /// Tests `values` (at least 2; the p-value is meaningful from 8) for normality.
    public init(_ values: [Double]) {
        let n = values.count
        precondition(n >= 2, "Anderson-Darling needs at least two values")
        let moments = SampleMoments(values)
        let sd = moments.standardDeviation
        guard sd > 0, sd.isFinite else {
            // A constant sample is as far from normal as a sample can be.
            statistic = .infinity
            pValue = 0
            return
        }
        let z = values.map { ($0 - moments.mean) / sd }.sorted()
        var sum = 0.0
        for i in 0..<n {
            // log Phi(z_i) and log(1 - Phi(z_{n-1-i})), from the tail that keeps digits.
            let lower = max(gsl_cdf_ugaussian_P(z[i]), Double.leastNormalMagnitude)
            let upper = max(gsl_cdf_ugaussian_Q(z[n - 1 - i]), Double.leastNormalMagnitude)
            sum += Double(2 * i + 1) * (log(lower) + log(upper))
        }
        let a2 = -Double(n) - sum / Double(n)
        let nn = Double(n)
        let star = a2 * (1 + 0.75 / nn + 2.25 / (nn * nn))
        statistic = star
        pValue = AndersonDarling.pValue(modifiedStatistic: star)
    }

    /// Largest A*^2 at which the fitted tail is used. The fit matches the
    /// tabulated upper percentage points (15% to 1%: A* = 0.561 to 1.035);
    /// beyond a few units its exponent 1.2937 - 5.709 A + 0.0186 A^2 is an
    /// extrapolation, and a wrong one far out: its quadratic term turns it
    /// upward at A* = 5.709 / 0.0372 = 153.5, and p would pass 1 again at 307
    /// (so a grossly non-normal sample with A* = 401 used to get p = 1). At
    /// A* = 10 the fit gives p = 3.8e-24, far below any level lyapsim tests at.
    static let fittedTailEnd = 10.0

    /// p-value of the modified statistic A*^2: D'Agostino and Stephens's four
    /// pieces up to `fittedTailEnd`; beyond it, the exponent continues along
    /// its tangent there (slope -5.337), so p keeps falling to 0 as A* grows,
    /// as the exponential upper tail of A^2's law does (a weighted sum of
    /// chi^2_1 variables, Anderson and Darling 1952), instead of rising again.
    public static func pValue(modifiedStatistic a: Double) -> Double {
        guard !a.isNaN else { return .nan }
        let p: Double
        if a >= fittedTailEnd {
            let t = fittedTailEnd
            let exponent = 1.2937 - 5.709 * t + 0.0186 * t * t
            let slope = -5.709 + 2 * 0.0186 * t
            p = exp(exponent + slope * (a - t))
        } else if a >= 0.6 {
            p = exp(1.2937 - 5.709 * a + 0.0186 * a * a)
        } else if a >= 0.34 {
            p = exp(0.9177 - 4.279 * a - 1.38 * a * a)
        } else if a >= 0.2 {
            p = 1 - exp(-8.318 + 42.796 * a - 59.938 * a * a)
        } else {
            p = 1 - exp(-13.436 + 101.14 * a - 223.73 * a * a)
        }
        return min(1, max(0, p))
    }
}
