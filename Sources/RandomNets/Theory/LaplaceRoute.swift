import Foundation

/// A second, independent route to E[log S], S = sum_i phi(z_i)^2, through
/// Frullani's identity log s = integral_0^inf (e^{-t} - e^{-ts}) / t dt:
///   E log S = integral_0^inf (e^{-t} - M(t)^N) / t dt,
///   M(t) = E e^{-t phi(z)^2} = ((1 + 2t)^{-1/2} + (1 + 2 a^2 t)^{-1/2}) / 2.
/// It shares nothing with the Beta decomposition but the model, so the two
/// check each other (see ../shared/MATH.md).
public enum LaplaceRoute {
    /// E[log S] for width N and slope a (-infinity for a = 0).
    public static func expectedLogS(width n: Int, slope a: Double) throws -> Double {
        let a2 = a * a
        if a2 == 0 { return -.infinity }
        let nn = Double(n)
        // Written with expm1/log1p: near t = 0 both terms are 1 - O(t).
        let value = try Quadrature.integrateToInfinity(from: 0, absTol: 1e-13, relTol: 1e-13) { t in
            if t == 0 { return -1 + nn * (1 + a2) / 2 }
            let mMinusOne = 0.5 * (expm1(-0.5 * log1p(2 * t)) + expm1(-0.5 * log1p(2 * a2 * t)))
            let diff = expm1(-t) - expm1(nn * log1p(mMinusOne))
            return diff / t
        }
        return value
    }

    /// lambda for the gaussian ensemble by this route: (1/2)(log(sigma^2/N) + E log S).
    public static func gaussianLyapunovExponent(width n: Int, slope a: Double, sigma: Double) throws -> Double {
        0.5 * (log(sigma * sigma / Double(n)) + (try expectedLogS(width: n, slope: a)))
    }

    /// lambda for the orthogonal ensemble: log sigma + (E log S - E log chi^2_N)/2.
    public static func orthogonalLyapunovExponent(width n: Int, slope a: Double, sigma: Double) throws -> Double {
        let chiMean = try Special.digamma(Double(n) / 2) + M_LN2
        return log(sigma) + 0.5 * ((try expectedLogS(width: n, slope: a)) - chiMean)
    }
}
