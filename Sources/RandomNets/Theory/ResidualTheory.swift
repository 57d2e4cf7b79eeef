import Foundation

/// The exact law of one residual layer with a linear branch,
/// x_l = x_{l-1} + beta W_l x_{l-1}, W_l with entries N(0, sigma^2/N).
///
/// For every unit u, (I + beta W) u has the law of u + c z with
/// c = beta sigma / sqrt(N) and z ~ N(0, I_N), so the log-gains are iid:
///   g = (1/2) log ||u + c z||^2 = (1/2) log[(1 + c z_1)^2 + c^2 chi^2_{N-1}].
/// ||u + c z||^2 / c^2 is a noncentral chi-square with N degrees of freedom
/// and noncentrality 1/c^2, i.e. a chi^2_{N + 2J} with J ~ Poisson(1/(2 c^2)).
/// Given J, log chi^2_k has mean psi(k/2) + log 2 and variance psi'(k/2), so
///   E g   = (1/2) [log(2 c^2) + E psi(N/2 + J)],
///   Var g = (1/4) [E psi'(N/2 + J) + Var psi(N/2 + J)],
/// Poisson mixtures summed over J within 12 sd (plus 20 terms) of its mean,
/// where the weights below are under 1e-30. (With a nonlinear branch
/// u . phi(W u) depends on the direction of u: a Markov chain, Monte Carlo only.)
public enum ResidualTheory {
    /// E g and Var g of one linear residual layer.
    /// - Throws: ``InvalidParameter`` for a width, beta or sigma out of range.
    public static func linearLayer(width n: Int, beta: Double, sigma: Double) throws
        -> (mean: Double, variance: Double)
    {
        try Validate.width(n)
        try Validate.sigma(sigma)
        guard beta.isFinite, beta != 0, abs(beta) <= 1e6 else {
            throw InvalidParameter(parameter: "residual", "beta must be nonzero and at most 1e6 in size, got \(beta)")
        }
        let c2 = beta * beta * sigma * sigma / Double(n)
        let mu = 1 / (2 * c2)
        guard mu <= 1e12 else {
            throw InvalidParameter(parameter: "residual", "beta sigma / sqrt(N) = \(c2.squareRoot()) is below 1e-6: the branch is negligible (g ~ c z_1)")
        }
        let spread = 12 * mu.squareRoot() + 20
        let lo = Int(max(0, (mu - spread).rounded(.down))), hi = Int((mu + spread).rounded(.up))
        var weight = 0.0, m1 = 0.0, m2 = 0.0, v = 0.0
        for j in lo...hi {
            // log Poisson(j; mu) = -mu + j log mu - log j!
            let logW = -mu + Double(j) * log(mu) - lgamma(Double(j) + 1)
            let w = exp(logW)
            if w == 0 { continue }
            let p = try Special.digamma(Double(n) / 2 + Double(j))
            weight += w
            m1 += w * p
            m2 += w * p * p
            v += w * (try Special.trigamma(Double(n) / 2 + Double(j)))
        }
        m1 /= weight
        m2 /= weight
        v /= weight
        return (0.5 * (log(2 * c2) + m1), 0.25 * (v + max(0, m2 - m1 * m1)))
    }
}
