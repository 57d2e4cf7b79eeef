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
    /// The c^4 coefficient of Var g in its small-c expansion, Var g = c^2 + K c^4 + O(c^6).
    static func varianceC4(_ n: Double) -> Double { 4 - 1.5 * n }

    /// E g and Var g of one linear residual layer.
    /// - Throws: ``InvalidParameter`` for a width, beta or sigma out of range.
    public static func linearLayer(width n: Int, beta: Double, sigma: Double) throws
        -> (mean: Double, variance: Double)
    {
        try Validate.width(n)
        try Validate.sigma(sigma)
        // beta = 0 is the identity layer: the small-c expansion below gives
        // its exact law, g = 0 (mean 0, variance 0), as the simulation does.
        guard beta.isFinite, abs(beta) <= DenseLayer.maxResidual else {
            throw InvalidParameter(parameter: "residual", "beta must be \(DenseLayer.residualRule), got \(beta)")
        }
        let c2 = beta * beta * sigma * sigma / Double(n)
        let nn = Double(n)
        if c2 < 1e-6 {
            // c below 1e-3: the expansion of (1/2) log(1 + 2 c z_1 + c^2 ||z||^2)
            // to order c^4 (its error is O(c^6), below 1e-12 relative); the
            // Poisson mixture would cancel log(2 c^2) against E psi there.
            return (c2 * (nn - 2) / 2 + c2 * c2 * (-nn * nn / 4 + 3 * nn / 2 - 2),
                    c2 + c2 * c2 * Self.varianceC4(nn))
        }
        let mu = 1 / (2 * c2)
        let spread = 12 * mu.squareRoot() + 20
        let lo = Int(max(0, (mu - spread).rounded(.down))), hi = Int((mu + spread).rounded(.up))
        // Log-weights relative to the mode by the recurrence
        // log w(j+1) - log w(j) = log(mu / (j+1)): no large lgamma to round.
        let mode = min(max(Int(mu.rounded(.down)), lo), hi)
        var logW = [Double](repeating: 0, count: hi - lo + 1)
        if mode < hi { for j in mode..<hi { logW[j + 1 - lo] = logW[j - lo] + log(mu / Double(j + 1)) } }
        if mode > lo { for j in stride(from: mode, to: lo, by: -1) { logW[j - 1 - lo] = logW[j - lo] - log(mu / Double(j)) } }
        // psi(N/2 + J) - log mu, small near the mode: E g = (1/2) E[this] since 2 c^2 mu = 1.
        var weight = 0.0, m1 = 0.0, v = 0.0
        var terms: [(w: Double, p: Double)] = []
        terms.reserveCapacity(logW.count)
        for j in lo...hi {
            let w = exp(logW[j - lo])
            if w == 0 { continue }
            let p = try Special.digamma(nn / 2 + Double(j)) - log(mu)
            weight += w
            m1 += w * p
            v += w * (try Special.trigamma(nn / 2 + Double(j)))
            terms.append((w, p))
        }
        m1 /= weight
        v /= weight
        // Var psi in a second, centred pass (no m2 - m1^2 cancellation).
        var centred = 0.0
        for t in terms { centred += t.w * (t.p - m1) * (t.p - m1) }
        return (0.5 * m1, 0.25 * (v + centred / weight))
    }
}
