import Foundation

/// A second, independent route to E[log S], S = sum_i phi(z_i)^2, through
/// Frullani's identity log s = integral_0^inf (e^{-t} - e^{-ts}) / t dt:
///   E log S = integral_0^inf (e^{-t} - M(t)^N) / t dt,
///   M(t) = E e^{-t phi(z)^2} = ((1 + 2t)^{-1/2} + (1 + 2 a^2 t)^{-1/2}) / 2.
/// It shares nothing with the Beta decomposition but the model, so the two
/// check each other (docs/theory.md, "Closed forms for rotation-invariant
/// weights").
///
/// Extreme slopes, where the integrand has a feature near t = 1/a^2:
/// - |a| > 1: substituting t = tau / a^2 and using Frullani once more,
///   integral (e^{-t} - e^{-a^2 t})/t dt = log a^2, turns the integral for a
///   into log a^2 plus the same integral for 1/|a| (M_a(tau/a^2) = M_{1/a}(tau)).
///   For a^2 > ~1e308 there is no other way in double precision.
/// - small b = |a| <= 1: the K = 0 part of M^N (all coordinates negative),
///   2^-N (1 + 2 b^2 t)^{-N/2}, is split off and integrated in closed form,
///   2^-N integral (e^{-t} - (1 + 2 b^2 t)^{-N/2})/t dt = 2^-N E log(b^2 chi^2_N)
///   = 2^-N (2 log b + psi(N/2) + log 2). What remains no longer carries the
///   2^-N log b^2 spread over 1 < t < 1/b^2, and where b^2 underflows its
///   b-dependence (below b < 1e-150) is all that is lost.
/// The references in TheoryReferenceValues (32 digits, 1e-300 <= |a| <= 1e300,
/// N = 1...4096) check it to 1e-9.
public enum LaplaceRoute {
    /// E[log S] for width N and slope a (-infinity for a = 0).
    public static func expectedLogS(width n: Int, slope a: Double) throws -> Double {
        let magnitude = abs(a)
        if magnitude == 0 { return -.infinity }
        if magnitude > 1 {
            return 2 * log(magnitude) + (try expectedLogS(width: n, slope: 1 / magnitude))
        }
        let b = magnitude
        let b2 = b * b
        let nn = Double(n)
        let c = scalbn(1.0, -n)  // 2^-N, the weight of K = 0
        let chiMean = try Special.digamma(nn / 2) + M_LN2
        let allNegative = c * (2 * log(b) + chiMean)
        // The integrand (e^{-t} - M^N)/t, less the K = 0 part, in x = log t
        // (dt/t = dx), written with expm1/log1p since near t = 0 every term is O(t):
        // (1 - c) e^{-t} - (M^N - c B^N) = (1 - c)(e^{-t} - 1) - (M^N - 1) + c (B^N - 1).
        // It decays like e^x as x -> -infinity and like e^{-x/2} as x -> infinity.
        let integrand = { (x: Double) -> Double in
            let t = exp(x)
            let logA = -0.5 * log1p(2 * t), logB = -0.5 * log1p(2 * b2 * t)
            let mMinusOne = 0.5 * (expm1(logA) + expm1(logB))
            return (1 - c) * expm1(-t) - expm1(nn * log1p(mMinusOne)) + c * expm1(nn * logB)
        }
        // In t, the terms with K >= 1 negative coordinates still bend near
        // t = 1/b^2 (1e12 at b = 1e-6), a feature worth about b that QAGIU,
        // mapping (0, infinity) onto (0, 1], steps over. In x it sits at
        // x = -2 log b: integrate (-infinity, 0], [0, knee], [knee, infinity)
        // with the knee past it. Beyond x = 80 it is worth below e^-40.
        let knee = max(10, min(10 - 2 * log(b), 80))
        let tol = (absTol: 1e-13, relTol: 1e-13)
        let rest = try Quadrature.integrateFromMinusInfinity(to: 0, absTol: tol.absTol, relTol: tol.relTol, integrand)
            + Quadrature.integrate(0, knee, absTol: tol.absTol, relTol: tol.relTol, integrand)
            + Quadrature.integrateToInfinity(from: knee, absTol: tol.absTol, relTol: tol.relTol, integrand)
        return allNegative + rest
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
