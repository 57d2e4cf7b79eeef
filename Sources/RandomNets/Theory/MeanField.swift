import Foundation

/// Infinite-width (mean-field) signal propagation for x_l = phi(W_l x_{l-1})
/// with E W_ij^2 = sigma^2/N and no biases (Poole, Lahiri, Raghu,
/// Sohl-Dickstein, Ganguli 2016, "Exponential expressivity in deep neural
/// networks through transient chaos"; Schoenholz, Gilmer, Ganguli,
/// Sohl-Dickstein 2017, "Deep information propagation").
///
/// q_l = ||h_l||^2 / N is the length of the pre-activation h_l = W_l x_{l-1}.
/// As N -> infinity each coordinate of h_l is N(0, q_l) and
///   variance map     q_{l+1} = V(q_l) = sigma^2 E[phi(sqrt(q_l) z)^2],
///   fixed point      q* = V(q*) (the attracting one, below),
///   chi_1            = sigma^2 E[phi'(sqrt(q*) z)^2]  (< 1 ordered, > 1 chaotic),
///   correlation map  C(c) = sigma^2 E[phi(u1) phi(u2)] / q*, (u1, u2) ~ N(0, q* [[1, c], [c, 1]]),
///   chi_c            = C'(c*) = sigma^2 E[phi'(u1) phi'(u2)] at the attracting fixed point c*
///                      (Gaussian integration by parts; at c* = 1 it is chi_1),
///   depth scale      xi_c = -1 / log(chi_c): |c_l - c*| ~ exp(-l / xi_c), infinite when chi_c = 1.
/// Which fixed points are attracting, without biases:
/// - phi(0) = 0, phi(t)/t decreasing in |t| (tanh, erf, hard-tanh, softsign,
///   scaled-tanh): q* > 0 exactly when sigma phi'(0) > 1 (then q = 0 repels);
///   otherwise q* = 0, where the network is linear and the formulas above
///   hold with q* = 0 (chi_1 = sigma^2 phi'(0)^2, and xi_c is then the decay
///   length of q_l itself). In the ordered case c* = 1; in the chaotic case
///   c = 1 repels and, phi being odd, c* = 0 (C is odd and C(0) = 0), so
///   chi_c = sigma^2 (E phi'(sqrt(q*) z))^2.
/// - phi(0) != 0 (sigmoid): V(0) > 0, so q* > 0 at every sigma; in the
///   chaotic case c* is the root of C(c) = c in (0, 1), found by bisection
///   with two-dimensional quadrature.
/// - Leaky ReLU (relu is slope 0): exact, no quadrature. V(q) = chi_1 q with
///   chi_1 = sigma^2 (1 + a^2)/2, so there is no attracting q* > 0: q_l =
///   chi_1^l q_0 (He initialization, chi_1 = 1, keeps every q). The
///   normalized correlation map is the arc-cosine map of docs/theory.md ("Two
///   inputs: the angle map"), whose slope at c* = 1 is exactly 1: correlations approach 1
///   polynomially, so the depth scale is infinite for every sigma.
///
/// With biases b_l iid N(0, sigma_b^2) (Poole et al.; Schoenholz et al.,
/// whose phase diagram in (sigma_w^2, sigma_b^2) has the critical line
/// chi_1 = 1): V(q) = sigma^2 E[phi(sqrt(q) z)^2] + sigma_b^2 and
/// C(c) = (sigma^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*. Then V(0) > 0, so
/// q* > 0 whenever it exists; chi_1 keeps its formula (at the new q*), and
/// in the chaotic phase c* is the root of C(c) = c in (0, 1) even for odd
/// phi (C(0) = sigma_b^2 / q* > 0). Leaky ReLU in closed form:
/// E[phi(sqrt(q) z)^2] = q (1 + a^2)/2, so chi_1 = sigma^2 (1 + a^2)/2 whatever
/// sigma_b, and q* = sigma_b^2 / (1 - chi_1) when chi_1 < 1 (ordered, c* = 1,
/// chi_c = chi_1); for chi_1 >= 1 q_l grows without bound, the biases fade
/// relative to the signal and the correlation map tends to the unbiased one.
public struct MeanField: Sendable {
    /// Largest sigma the commands compute mean-field theory at (the
    /// quadrature is checked up to it, `MeanFieldTests`).
    public static let maxSigma = 1e10
    /// ``maxSigma`` as the commands' messages spell it.
    public static var maxSigmaText: String { "1e\(Int(log10(maxSigma).rounded()))" }

    /// Order-to-chaos phase, from chi_1.
    public enum Phase: String, Sendable {
        /// chi_1 < 1: perturbations die out; inputs converge.
        case ordered
        /// chi_1 = 1 (to rounding), as for Leaky ReLU at the He gain.
        case critical
        /// chi_1 > 1: perturbations grow; nearby inputs decorrelate.
        case chaotic
    }

    /// The activation phi.
    public let activation: any Activation
    /// The weight scale: Var W_ij = sigma^2/N.
    public let sigma: Double
    /// sigma_b: biases iid N(0, sigma_b^2) (0: no biases).
    public let biasSigma: Double
    /// nil for the Leaky ReLU family (no attracting q* > 0; see above).
    public let fixedPointQ: Double?
    /// chi_1 = sigma^2 E[phi'(sqrt(q*) z)^2].
    public let chi1: Double
    /// The attracting fixed point of the correlation map.
    public let correlationFixedPoint: Double
    /// chi_c, the slope of the correlation map at its attracting fixed point.
    public let chiC: Double
    /// -1/log(chi_c); nil when infinite (chi_c = 1).
    public let depthScale: Double?

    /// chi_1 within 1e-12 of 1 is critical: the He gain sqrt(2/(1+a^2)),
    /// squared in floating point, gives chi_1 = 1 only to rounding.
    public var phase: Phase { abs(chi1 - 1) <= 1e-12 ? .critical : (chi1 < 1 ? .ordered : .chaotic) }

    /// The exact Leaky ReLU slope, when the activation is in that family.
    public var leakySlope: Double? { ActivationRegistry.leakySlope(of: activation) }

    /// The mean-field quantities for `activation` at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is out of range; ``GSLError`` if a quadrature fails.
    public init(activation: any Activation, sigma: Double, biasSigma: Double = 0) throws {
        try Validate.sigma(sigma)
        guard sigma <= 1e10 else {
            throw InvalidParameter(parameter: "sigma", "mean-field theory is computed for sigma from 1e-300 to 1e10, got \(sigma)")
        }
        try Validate.biasSigma(biasSigma)
        self.activation = activation
        self.sigma = sigma
        self.biasSigma = biasSigma
        if biasSigma > 0 {
            let r = try Self.withBiases(activation, sigma: sigma, biasSigma: biasSigma)
            (fixedPointQ, chi1, correlationFixedPoint, chiC) = (r.q, r.chi1, r.c, r.chiC)
            depthScale = chiC < 1 && chiC > 0 ? -1 / log(chiC) : nil
            return
        }
        if let a = ActivationRegistry.leakySlope(of: activation) {
            fixedPointQ = nil
            chi1 = sigma * sigma * (1 + a * a) / 2
            correlationFixedPoint = 1
            chiC = 1
            depthScale = nil
            return
        }
        let q = try Self.fixedPoint(activation, sigma: sigma)
        fixedPointQ = q
        let s2 = sigma * sigma
        let chi = try Self.meanSquareDerivative(activation, q: q) * s2
        chi1 = chi
        if chi <= 1 || q == 0 {
            correlationFixedPoint = 1
            chiC = chi
        } else if activation.isOdd {
            correlationFixedPoint = 0
            let m = try GaussianExpectation.of(kinks: activation.kinks, scale: q.squareRoot()) {
                activation.derivative(q.squareRoot() * $0)
            }
            chiC = s2 * m * m
        } else {
            let c = try Self.correlationFixedPoint(activation, sigma: sigma, q: q)
            correlationFixedPoint = c
            chiC = s2 * (try GaussianExpectation.pair(q: q, correlation: c, kinks: activation.kinks,
                                                      activation.derivative, activation.derivative))
        }
        depthScale = chiC < 1 && chiC > 0 ? -1 / log(chiC) : nil
    }

    /// V(q) = sigma^2 E[phi(sqrt(q) z)^2] + sigma_b^2.
    public func variance(after q: Double) throws -> Double {
        if let a = leakySlope { return sigma * sigma * q * (1 + a * a) / 2 + biasSigma * biasSigma }
        return sigma * sigma * (try Self.meanSquare(activation, q: q)) + biasSigma * biasSigma
    }


    /// q_1, ..., q_L from the input's q_0 = ||x_0||^2/N: q_1 = sigma^2 q_0
    /// (h_1 = W_1 x_0 is linear in W), then q_{l+1} = V(q_l).
    public func trajectory(inputLength q0: Double, depth: Int) throws -> [Double] {
        var q = sigma * sigma * q0
        var out = [q]
        out.reserveCapacity(depth)
        while out.count < depth {
            q = try variance(after: q)
            out.append(q)
        }
        return out
    }

    /// C(c) = (sigma^2 E[phi(u1) phi(u2)] + sigma_b^2) / q* at the fixed point q*.
    public func correlation(after c: Double) throws -> Double {
        guard let q = fixedPointQ, q > 0 else { return c }
        return (sigma * sigma * (try GaussianExpectation.pair(q: q, correlation: c, kinks: activation.kinks,
                                                              { self.activation($0) }, { self.activation($0) }))
                + biasSigma * biasSigma) / q
    }

    /// chi_1 alone (no correlation map): what locating the order/chaos line
    /// chi_1 = 1 needs, at a fraction of the cost of the whole `MeanField`.
    /// Infinite when the variance map has no fixed point (chaotic Leaky ReLU).
    public static func chi1(_ phi: any Activation, sigma: Double, biasSigma: Double = 0) throws -> Double {
        try Validate.sigma(sigma)
        try Validate.biasSigma(biasSigma)
        let s2 = sigma * sigma
        if let a = ActivationRegistry.leakySlope(of: phi) { return s2 * (1 + a * a) / 2 }
        let q = try fixedPoint(phi, sigma: sigma, biasSigma: biasSigma)
        return s2 * (try meanSquareDerivative(phi, q: q))
    }

    /// q*, chi_1, c* and chi_c with biases (see the type's comment).
    static func withBiases(_ phi: any Activation, sigma: Double, biasSigma: Double) throws
        -> (q: Double?, chi1: Double, c: Double, chiC: Double)
    {
        let s2 = sigma * sigma, b2 = biasSigma * biasSigma
        if let a = ActivationRegistry.leakySlope(of: phi) {
            let chi = s2 * (1 + a * a) / 2
            guard chi < 1 else { return (nil, chi, 1, 1) }
            return (b2 / (1 - chi), chi, 1, chi)
        }
        let q = try fixedPoint(phi, sigma: sigma, biasSigma: biasSigma)
        let chi = s2 * (try meanSquareDerivative(phi, q: q))
        guard chi > 1 else { return (q, chi, 1, chi) }
        let c = try correlationFixedPoint(phi, sigma: sigma, q: q, biasSigma: biasSigma)
        let chiC = s2 * (try GaussianExpectation.pair(q: q, correlation: c, kinks: phi.kinks, phi.derivative, phi.derivative))
        return (q, chi, c, chiC)
    }


    /// E[phi(sqrt(q) z)^2] by quadrature (no exact reduction).
    public static func meanSquare(_ phi: any Activation, q: Double) throws -> Double {
        let r = q.squareRoot()
        return try GaussianExpectation.of(kinks: phi.kinks, scale: r) { z in
            let y = phi(r * z)
            return y * y
        }
    }

    /// E[phi'(sqrt(q) z)^2].
    static func meanSquareDerivative(_ phi: any Activation, q: Double) throws -> Double {
        if q == 0 { return phi.derivative(0) * phi.derivative(0) }
        let r = q.squareRoot()
        return try GaussianExpectation.of(kinks: phi.kinks, scale: r) { z in
            let d = phi.derivative(r * z)
            return d * d
        }
    }

    /// E[(phi(sqrt(q) z) / sqrt(q))^2]: V(q) / (sigma^2 q), finite as q -> 0.
    static func meanSquareRatio(_ phi: any Activation, q: Double) throws -> Double {
        let r = q.squareRoot()
        return try GaussianExpectation.of(kinks: phi.kinks, scale: r) { z in
            let y = phi(r * z) / r
            return y * y
        }
    }

    /// The attracting fixed point of V (see the type's comment), by bisection.
    static func fixedPoint(_ phi: any Activation, sigma: Double, biasSigma: Double = 0) throws -> Double {
        let s2 = sigma * sigma, b2 = biasSigma * biasSigma
        if phi(0) == 0 && b2 == 0 {
            let slope0 = phi.derivative(0)
            // V(q)/q -> sigma^2 phi'(0)^2 as q -> 0 and decreases in q.
            guard s2 * slope0 * slope0 > 1 else { return 0 }
            // Bisection on log q for R(q) = V(q)/q - 1, positive at lo.
            var lo = 1e-200, hi = 1.0
            var grow = 0
            while try s2 * meanSquareRatio(phi, q: hi) >= 1 {
                lo = hi
                hi *= 4
                grow += 1
                if grow > 500 { throw InvalidParameter(parameter: "sigma", "the variance map has no fixed point below 1e300 at sigma \(sigma)") }
            }
            while hi / lo > 2 {
                // Not (lo * hi).squareRoot(): lo * hi underflows to 0 once both
                // are below 1e-162, and V(0)/0 is NaN (hard-tanh at sigma 1.2).
                let mid = lo.squareRoot() * hi.squareRoot()
                if try s2 * meanSquareRatio(phi, q: mid) >= 1 { lo = mid } else { hi = mid }
            }
            for _ in 0..<80 {
                let mid = 0.5 * (lo + hi)
                if mid <= lo || mid >= hi { break }
                if try s2 * meanSquareRatio(phi, q: mid) >= 1 { lo = mid } else { hi = mid }
            }
            return 0.5 * (lo + hi)
        }
        // phi(0) != 0: g(q) = V(q) - q has g(0) = sigma^2 phi(0)^2 > 0.
        var lo = 0.0, hi = max(1.0, s2, 2 * b2)
        var grow = 0
        while try s2 * meanSquare(phi, q: hi) + b2 - hi >= 0 {
            lo = hi
            hi *= 4
            grow += 1
            if grow > 500 { throw InvalidParameter(parameter: "sigma", "the variance map has no fixed point below 1e300 at sigma \(sigma)") }
        }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if try s2 * meanSquare(phi, q: mid) + b2 - mid >= 0 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The root of C(c) = c in (0, 1) when c = 1 repels and phi is not odd:
    /// C(0) = sigma^2 (E phi)^2 / q* > 0 and C(c) < c just below 1.
    static func correlationFixedPoint(_ phi: any Activation, sigma: Double, q: Double,
                                      biasSigma: Double = 0) throws -> Double {
        let s2 = sigma * sigma, b2 = biasSigma * biasSigma
        let f: (Double) throws -> Double = { c in
            (s2 * (try GaussianExpectation.pair(q: q, correlation: c, kinks: phi.kinks,
                                                { phi($0) }, { phi($0) })) + b2) / q - c
        }
        var lo = 0.0, hi = 1 - 1e-9
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if try f(mid) >= 0 { lo = mid } else { hi = mid }
            if hi - lo < 1e-14 { break }
        }
        return 0.5 * (lo + hi)
    }
}
