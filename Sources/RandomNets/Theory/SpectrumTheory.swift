import Foundation

/// What is known exactly about the Lyapunov spectrum lambda_1 >= ... >= lambda_N
/// of J_L = D_L W_L ... D_1 W_1 (docs/theory.md, "Jacobian spectrum").
///
/// - |a| = 1, gaussian: D_l is a sign matrix, so J_L is a product of Gaussian
///   matrices, and Newman (1986) gives lambda_k = (1/2)[log(2 sigma^2/N) +
///   psi((N-k+1)/2)]: the QR step of an iid Gaussian matrix applied to any
///   orthonormal frame gives independent R_kk^2 ~ (sigma^2/N) chi^2_{N-k+1}
///   (Bartlett), so each lambda_k-hat is a mean of L iid terms of variance
///   psi'((N-k+1)/2)/4.
/// - |a| = 1, orthogonal: J_L is sigma^L times an orthogonal matrix; every
///   exponent is log sigma, exactly, at every depth.
/// - Any slope, both ensembles: sum_k lambda_k = E log|det W| + (N/2) log|a|,
///   because det(D_l W_l) = det(D_l) det(W_l) and each pre-activation is
///   negative with probability 1/2 independently of |det W_l| (flip the sign
///   of a row of W). Per layer the increments are iid, with variance
///   Var log|det W| + N (log|a|)^2 / 4.
/// - Top exponent, any slope, both ensembles: lambda_1 = lambda, the forward
///   exponent of the closed forms. The first tangent vector v is never
///   orthogonalized, so lambda_1-hat = (1/L) log||J_L e_1||; for a
///   rotation-invariant W, W v and W x are jointly Gaussian-like with W v of
///   the same law as W x, and D's entries depend only on the signs of W x,
///   which (flip a row of W) are independent of |W v|: each log||D W v|| has
///   the law of the forward increment log||phi(W x)||, independently of the
///   past. So lambda_1-hat has mean lambda and variance s^2/L at every depth.
public struct SpectrumTheory: Sendable {
    /// The closed-form ensemble.
    public let ensemble: Ensemble
    /// The width N.
    public let width: Int
    /// The slope a.
    public let slope: Double
    /// The scale sigma.
    public let sigma: Double
    /// lambda_k for k = 1...N where known (nil where not).
    public let exponents: [Double?]
    /// Var of one layer's log R_kk where known: Var(lambda_k-hat) = this / L.
    public let exponentVariancesPerLayer: [Double?]
    /// sum_k lambda_k.
    public let exponentSum: Double
    /// Var of one layer's log|det(D W)|: Var(sum-hat) = this / L.
    public let exponentSumVariancePerLayer: Double
    /// The forward prediction (lambda, s^2) the top exponent equals.
    public let forward: TheoryPrediction
    /// Orthogonal with |a| = 1: every exponent is exactly log sigma.
    public var isExact: Bool { ensemble == .orthogonal && abs(slope) == 1 }

    /// What is known exactly for (ensemble, N, a, sigma).
    /// - Throws: ``InvalidParameter`` for an invalid width, slope or sigma.
    public init(ensemble: Ensemble, width n: Int, slope a: Double, sigma: Double) throws {
        try Validate.width(n)
        try Validate.sigma(sigma)
        guard a.isFinite, a != 0 else {
            throw InvalidParameter(parameter: "slope", "the spectrum's closed forms need a finite nonzero slope, got \(a)")
        }
        self.ensemble = ensemble
        self.width = n
        self.slope = a
        self.sigma = sigma
        forward = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma)
        let logSlope = log(abs(a))
        var known = [Double?](repeating: nil, count: n)
        var variances = [Double?](repeating: nil, count: n)
        known[0] = forward.lyapunovExponent
        variances[0] = forward.cltVariance
        switch ensemble {
        case .gaussian:
            if abs(a) == 1 {
                for k in 1...n {
                    let dof = Double(n - k + 1) / 2
                    known[k - 1] = 0.5 * (log(2 * sigma * sigma / Double(n)) + (try Special.digamma(dof)))
                    variances[k - 1] = 0.25 * (try Special.trigamma(dof))
                }
            }
            let logDet = try SpectrumTheory.gaussianLogDeterminant(width: n, sigma: sigma)
            exponentSum = logDet.mean + Double(n) / 2 * logSlope
            exponentSumVariancePerLayer = logDet.variance + Double(n) / 4 * logSlope * logSlope
        case .orthogonal:
            if abs(a) == 1 {
                for k in 0..<n { known[k] = log(sigma); variances[k] = 0 }
            }
            exponentSum = Double(n) * log(sigma) + Double(n) / 2 * logSlope
            exponentSumVariancePerLayer = Double(n) / 4 * logSlope * logSlope
        }
        exponents = known
        exponentVariancesPerLayer = variances
    }

    /// E and Var of log|det W| for W with iid N(0, sigma^2/N) entries: by
    /// Bartlett, det(W)^2 = prod_j (sigma^2/N) chi^2_j, j = 1...N, independent,
    /// so E = N log(sigma/sqrt N) + (1/2) sum_j [psi(j/2) + log 2] and
    /// Var = (1/4) sum_j psi'(j/2).
    public static func gaussianLogDeterminant(width n: Int, sigma: Double) throws -> (mean: Double, variance: Double) {
        var mean = Double(n) * (log(sigma) - 0.5 * log(Double(n)))
        var variance = 0.0
        for j in 1...n {
            mean += 0.5 * (try Special.digamma(Double(j) / 2) + M_LN2)
            variance += 0.25 * (try Special.trigamma(Double(j) / 2))
        }
        return (mean, variance)
    }
}
