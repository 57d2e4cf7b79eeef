import Foundation

/// The law of log V, where V = ||phi(z)||^2 / ||z||^2 for z ~ N(0, I_N).
///
/// With K = #{z_i > 0} ~ Binomial(N, 1/2), the split S = sum phi(z_i)^2 =
/// T * V has T = ||z||^2 ~ chi^2_N independent of V = a^2 + (1 - a^2) U and
/// U | K ~ Beta(K/2, (N - K)/2) (U = 0 if K = 0, U = 1 if K = N): the positive
/// and negative coordinates' shares of a chi^2_N split as a Beta variable,
/// independent of the total. Mean and variance of log V are then mixtures over
/// K of one-dimensional integrals against Beta densities.
struct BetaDecomposition {
    /// m = E[log V] (or, for a = 0, E[log V | K >= 1]).
    let meanLogV: Double
    /// v = Var(log V) (or, for a = 0, Var(log V | K >= 1)).
    let varianceLogV: Double
    /// P(K = 0) = 2^-N when a = 0 (phi kills the whole vector); 0 otherwise.
    let deathProbability: Double

    /// Binomial weights below exp(-50) change m by less than 1e-20 and are skipped.
    private static let logWeightCutoff = -50.0

    init(width n: Int, slope a: Double) throws {
        let a2 = a * a
        let log2 = M_LN2
        let logA2 = log(a2)  // -infinity for a = 0
        var terms: [(weight: Double, mean: Double, variance: Double)] = []
        // K = 0: V = a^2 exactly. K = N: V = 1 exactly.
        let logW0 = -Double(n) * log2
        if a2 > 0 { terms.append((exp(logW0), logA2, 0)) }
        terms.append((exp(logW0), 0, 0))
        if n >= 2 {
            for k in 1..<n {
                let logW = try Special.logChoose(n, k) - Double(n) * log2
                if logW < Self.logWeightCutoff { continue }
                let (mk, vk) = try Self.logVMoments(n: n, k: k, a2: a2)
                terms.append((exp(logW), mk, vk))
            }
        }
        // Law of total variance; weights renormalized so that a = 0 conditions
        // on survival (K >= 1) and truncation does not bias the mixture.
        let total = terms.reduce(0) { $0 + $1.weight }
        var m = 0.0
        for t in terms { m += t.weight * t.mean }
        m /= total
        var v = 0.0
        for t in terms { v += t.weight * (t.variance + (t.mean - m) * (t.mean - m)) }
        v /= total
        meanLogV = m
        varianceLogV = v
        deathProbability = a2 > 0 ? 0 : scalbn(1.0, -n)  // 2^-N, exact
    }

    /// Mean and variance of log(a^2 + (1 - a^2) U), U ~ Beta(k/2, (n-k)/2).
    static func logVMoments(n: Int, k: Int, a2: Double) throws -> (Double, Double) {
        let alpha = Double(k) / 2, beta = Double(n - k) / 2
        if a2 == 0 {
            // E log U = psi(alpha) - psi(alpha + beta), Var log U = psi'(alpha) - psi'(alpha + beta).
            let mean = try Special.digamma(alpha) - Special.digamma(alpha + beta)
            let variance = try Special.trigamma(alpha) - Special.trigamma(alpha + beta)
            return (mean, variance)
        }
        if a2 == 1 { return (0, 0) }
        let logB = try Special.logBeta(alpha, beta)
        let density = { (u: Double) -> Double in
            exp((alpha - 1) * log(u) + (beta - 1) * log1p(-u) - logB)
        }
        // log V, written to keep absolute accuracy when a^2 is near 1.
        let logV: (Double) -> Double = a2 >= 0.5
            ? { u in log(a2) + log1p((1 / a2 - 1) * u) }
            : { u in log(a2 + (1 - a2) * u) }
        // The density is negligible beyond 40 standard deviations from its mean;
        // integrating over that window lets QAGS find the peak at large N.
        let mu = alpha / (alpha + beta)
        let sd = (alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))).squareRoot()
        let lo = max(0, mu - 40 * sd), hi = min(1, mu + 40 * sd)
        let meanIntegrand = { (u: Double) -> Double in
            guard u > 0 && u < 1 else { return 0 }
            return logV(u) * density(u)
        }
        // With both Beta parameters >= 50 the density is a smooth bell whose
        // mass beyond 10 sd is below 1e-13 (Gamma(50) tail bound): 87-point
        // Gauss-Kronrod over +-10 sd is enough and about five times cheaper
        // than adaptive bisection. QNG reports failure rather than a wrong
        // value (its error estimate is checked), and QAGS takes over then.
        let smooth = min(alpha, beta) >= 50
        let slo = max(0, mu - 10 * sd), shi = min(1, mu + 10 * sd)
        let mean = try (smooth ? Quadrature.integrateSmooth(slo, shi, meanIntegrand) : nil)
            ?? Quadrature.integrate(lo, hi, meanIntegrand)
        let varianceIntegrand = { (u: Double) -> Double in
            guard u > 0 && u < 1 else { return 0 }
            let d = logV(u) - mean
            return d * d * density(u)
        }
        let variance = try (smooth ? Quadrature.integrateSmooth(slo, shi, varianceIntegrand) : nil)
            ?? Quadrature.integrate(lo, hi, varianceIntegrand)
        return (mean, variance)
    }
}
