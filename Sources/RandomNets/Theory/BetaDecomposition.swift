import Foundation

/// The law of log V, where V = ||phi(z)||^2 / ||z||^2 for z ~ N(0, I_N).
///
/// With K = #{z_i > 0} ~ Binomial(N, 1/2), the split S = sum phi(z_i)^2 =
/// T * V has T = ||z||^2 ~ chi^2_N independent of V = a^2 + (1 - a^2) U and
/// U | K ~ Beta(K/2, (N - K)/2) (U = 0 if K = 0, U = 1 if K = N): the positive
/// and negative coordinates' shares of a chi^2_N split as a Beta variable,
/// independent of the total. Mean and variance of log V are then mixtures over
/// K of one-dimensional integrals against Beta densities.
///
/// Extreme slopes (docs/theory.md, "Symmetries"):
/// - only |a| enters, since V depends on a through a^2;
/// - for |a| > 1 put b = 1/|a|: V = a^2 [b^2 + (1 - b^2)(1 - U)], and 1 - U given
///   K has the law of U given N - K, which has the law of K. So log V has the law
///   of 2 log|a| + log V_b: m(a) = 2 log|a| + m(b) and v(a) = v(b). This is the
///   slope inversion lambda(a) = log|a| + lambda(1/|a|), s^2(a) = s^2(1/|a|), read
///   off V. Every quadrature then has a slope in (0, 1] and V >= b^2; without it,
///   V = a^2 - (a^2 - 1) U falls from a^2 to 1 within 1/a^2 of U = 1, a
///   near-singularity that QAGS cannot resolve once |a| >~ 20;
/// - a^2 underflows to 0 below |a| ~ 1.5e-162, so log V is never formed as
///   log(a^2 + ...) there: the K = 0 term is exactly log a^2 = 2 log|a|, and the
///   Beta integrals use log V = logaddexp(2 log b, log(1 - b^2) + log u).
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
        let magnitude = abs(a)
        let inverted = magnitude > 1
        let b = inverted ? 1 / magnitude : magnitude  // in [0, 1]
        let log2 = M_LN2
        var terms: [(weight: Double, mean: Double, variance: Double)] = []
        // K = 0: V = b^2 exactly. K = N: V = 1 exactly.
        let logW0 = -Double(n) * log2
        if b > 0 { terms.append((exp(logW0), 2 * log(b), 0)) }
        terms.append((exp(logW0), 0, 0))
        if n >= 2 {
            for k in 1..<n {
                let logW = try Special.logChoose(n, k) - Double(n) * log2
                if logW < Self.logWeightCutoff { continue }
                let (mk, vk) = try Self.logVMoments(n: n, k: k, slope: b)
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
        meanLogV = inverted ? 2 * log(magnitude) + m : m
        varianceLogV = v
        deathProbability = b > 0 ? 0 : scalbn(1.0, -n)  // 2^-N, exact
    }

    /// Mean and variance of log(b^2 + (1 - b^2) U), U ~ Beta(k/2, (n-k)/2), for 0 <= b <= 1.
    static func logVMoments(n: Int, k: Int, slope b: Double) throws -> (Double, Double) {
        precondition(b >= 0 && b <= 1, "invert slopes above 1 first")
        let alpha = Double(k) / 2, beta = Double(n - k) / 2
        if b == 0 {
            // E log U = psi(alpha) - psi(alpha + beta), Var log U = psi'(alpha) - psi'(alpha + beta).
            let mean = try Special.digamma(alpha) - Special.digamma(alpha + beta)
            let variance = try Special.trigamma(alpha) - Special.trigamma(alpha + beta)
            return (mean, variance)
        }
        if b == 1 { return (0, 0) }
        let logB = try Special.logBeta(alpha, beta)
        let logV = LogV(slope: b)
        // The density is negligible beyond 40 standard deviations from its mean;
        // integrating over that window lets QAGS find the peak at large N.
        let mu = alpha / (alpha + beta)
        let sd = (alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))).squareRoot()
        let lo = max(0, mu - 40 * sd), hi = min(1, mu + 40 * sd)
        // With both Beta parameters >= 50 the density is a smooth bell whose
        // mass beyond 10 sd is below 1e-13 (Gamma(50) tail bound): 87-point
        // Gauss-Kronrod over +-10 sd is enough and about five times cheaper
        // than adaptive bisection. QNG reports failure rather than a wrong
        // value (its error estimate is checked), and QAGS takes over then.
        let smooth = min(alpha, beta) >= 50
        let slo = max(0, mu - 10 * sd), shi = min(1, mu + 10 * sd)
        if smooth, let mean = Quadrature.integrateSmooth(slo, shi, { u in Self.weighted(u, logV, nil, alpha, beta, logB) }),
           let variance = Quadrature.integrateSmooth(slo, shi, { u in Self.weighted(u, logV, mean, alpha, beta, logB) }) {
            return (mean, variance)
        }
        if logV.nearSingularAtZero && lo == 0 {
            // The density reaches u = 0 and log V turns from log u to log b^2
            // near u = b^2 (1e-18 at b = 1e-9): a kink that QAGS, integrating
            // in u, takes for a singularity and fails on ("roundoff error"
            // for 1e-9 < b < 1e-4). In y = log u the kink is a smooth bend of
            // width 1 and the density e^(alpha y) (1 - e^y)^(beta - 1) decays
            // exponentially, so QAGIL integrates it on (-infinity, log hi].
            let top = log(hi)
            let mean = try Quadrature.integrateFromMinusInfinity(to: top) { y in
                Self.weightedInLogU(y, logV, nil, alpha, beta, logB)
            }
            let variance = try Quadrature.integrateFromMinusInfinity(to: top) { y in
                Self.weightedInLogU(y, logV, mean, alpha, beta, logB)
            }
            return (mean, variance)
        }
        let mean = try Quadrature.integrate(lo, hi) { u in Self.weighted(u, logV, nil, alpha, beta, logB) }
        let variance = try Quadrature.integrate(lo, hi) { u in Self.weighted(u, logV, mean, alpha, beta, logB) }
        return (mean, variance)
    }

    /// log V (mean pass, centre nil) or (log V - centre)^2 (variance pass)
    /// times the Beta(alpha, beta) density at u.
    private static func weighted(_ u: Double, _ logV: LogV, _ centre: Double?,
                                 _ alpha: Double, _ beta: Double, _ logB: Double) -> Double {
        guard u > 0 && u < 1 else { return 0 }
        let density = exp((alpha - 1) * log(u) + (beta - 1) * log1p(-u) - logB)
        let value = logV(u: u)
        guard let centre else { return value * density }
        return (value - centre) * (value - centre) * density
    }

    /// The same in y = log u (du = e^y dy).
    private static func weightedInLogU(_ y: Double, _ logV: LogV, _ centre: Double?,
                                       _ alpha: Double, _ beta: Double, _ logB: Double) -> Double {
        guard y < 0 else { return 0 }
        let density = exp(alpha * y + (beta - 1) * log(-expm1(y)) - logB)
        if density == 0 { return 0 }
        let value = logV(logU: y)
        guard let centre else { return value * density }
        return (value - centre) * (value - centre) * density
    }
}

/// log V = log(b^2 + (1 - b^2) u) for 0 < b < 1, in forms that keep absolute
/// accuracy: with b^2 near 1 (V >= 1/2) as log b^2 + log1p((1/b^2 - 1) u);
/// otherwise as logaddexp(2 log b, log(1 - b^2) + log u), which never forms
/// b^2 and so stays exact when b^2 underflows.
struct LogV {
    let b2: Double
    let logB2: Double
    let log1mB2: Double

    init(slope b: Double) {
        b2 = b * b
        logB2 = 2 * log(b)
        log1mB2 = log1p(-b2)
    }

    /// log V has a near-singularity at u ~ b^2 only when b^2 is small.
    var nearSingularAtZero: Bool { b2 < 0.5 }

    func callAsFunction(u: Double) -> Double {
        if b2 >= 0.5 { return logB2 + log1p((1 / b2 - 1) * u) }
        return callAsFunction(logU: log(u))
    }

    func callAsFunction(logU y: Double) -> Double {
        let p = logB2, q = log1mB2 + y
        return max(p, q) + log1p(exp(-abs(p - q)))
    }
}
