import Foundation
import RandomNets
import Testing

/// Mean-field theory (RandomNets/Theory/MeanField.swift; docs/theory.md, "Mean field
/// for other activations") against 30-digit values and exact identities.
@Suite("Mean-field theory")
struct MeanFieldTests {
    /// Values produced by `python3 tools/reference_meanfield.py` (mpmath,
    /// 30 digits, findroot; MeanFieldReferenceValues.swift).
    @Test("q*, chi_1, chi_c and xi_c match the 30-digit mpmath values to 1e-10 (relative for q* and xi_c)")
    func reference() throws {
        for c in MeanFieldReferenceValues.cases {
            let phi = try ActivationRegistry.make(c.activation, beta: c.beta)
            let t = try MeanField(activation: phi, sigma: c.sigma)
            let q = try #require(t.fixedPointQ)
            let label = "\(c.activation) beta \(String(describing: c.beta)) sigma \(c.sigma)"
            #expect(abs(q - c.fixedPointQ) <= 1e-10 * max(1, c.fixedPointQ), "\(label): q* \(q) vs \(c.fixedPointQ)")
            #expect(abs(t.chi1 - c.chi1) <= 1e-10, "\(label): chi_1 \(t.chi1) vs \(c.chi1)")
            #expect(abs(t.chiC - c.chiC) <= 1e-10, "\(label): chi_c \(t.chiC) vs \(c.chiC)")
            let xi = try #require(t.depthScale)
            #expect(abs(xi - c.depthScale) <= 1e-10 * max(1, c.depthScale), "\(label): xi_c \(xi) vs \(c.depthScale)")
        }
        // Power: the same tolerance rejects q* rounded to 0.79.
        let t = try MeanField(activation: Tanh(), sigma: 1.5)
        #expect(abs(try #require(t.fixedPointQ) - 0.79) > 1e-10)
    }

    /// Williams (1997): for phi(t) = erf(c t), c^2 = pi/4,
    /// E[phi(sqrt(q) z)^2] = (2/pi) arcsin(2 c^2 q / (1 + 2 c^2 q)) and
    /// E[phi'(sqrt(q) z)^2] = 1/sqrt(1 + pi q): a closed-form oracle for the
    /// quadrature at every q, not only at the fixed point.
    /// The fixed-point search bisects on log q from 1e-200: a geometric mean
    /// taken as sqrt(lo * hi) underflowed to q = 0 just above sigma phi'(0) = 1
    /// (hard-tanh at sigma 1.05 to 1.2 failed in GSL with a NaN integrand).
    @Test("every activation's mean field is finite over the whole sigma range, 1e-300 to 1e10, at every beta end")
    func wholeSigmaRange() throws {
        let sigmas = [1e-300, 1e-100, 1e-10, 0.1, 0.5, 0.9, 0.99, 1, 1.0001, 1.01, 1.05, 1.1, 1.2, 1.5, 2, 5, 10, 100,
                      1e4, 1e10]
        for name in ActivationRegistry.names {
            let betas: [Double?] = name == "scaled-tanh" ? [1e-6, 1, 1e6] : [nil]
            for beta in betas {
                let phi = try ActivationRegistry.make(name, slope: ["leaky-relu"].contains(name) ? 0.1 : nil, beta: beta)
                for sigma in sigmas {
                    let t = try MeanField(activation: phi, sigma: sigma)
                    let values = [t.fixedPointQ ?? 0, t.chi1, t.chiC, t.correlationFixedPoint, t.depthScale ?? 0]
                    #expect(values.allSatisfy { $0.isFinite }, "\(name) beta \(String(describing: beta)) sigma \(sigma)")
                    #expect(t.chi1 >= 0 && (t.fixedPointQ ?? 0) >= 0)
                }
            }
        }
    }

    /// At large sigma, q* ~ sigma^2 and phi'(sqrt(q*) z)^2 is a peak of width
    /// 1/sigma in z. Williams' closed form is the oracle for erf at every
    /// sigma; for the other saturating activations the peak's area gives the
    /// limit chi_1 / sqrt(q*) -> sigma^2 phi_N(0) integral phi'(u)^2 du / q*
    /// (tanh: 4/3, softsign: 2/3, sigmoid: 1/6). Before the quadrature was
    /// split on the peak's scale, chi_1 came out 0 for tanh at sigma = 5000
    /// and for erf at 1e4, and softsign's failed in GSL from 2e4 to 5e5.
    @Test("saturating activations at large sigma: chi_1 equals erf's closed form (1e-9) and the peak-area limit of tanh, softsign and sigmoid (1e-3), sigma 5e3 to 1e10, and q* <= sigma^2 (|phi| <= 1)")
    func largeSigma() throws {
        let density0 = 1 / (2 * Double.pi).squareRoot()
        let areas: [(any Activation, Double)] = [(Tanh(), 4.0 / 3), (Softsign(), 2.0 / 3), (Sigmoid(), 1.0 / 6)]
        for sigma in [5e3, 2e4, 1e5, 5e5, 1e7, 1e10] {
            let erf = try MeanField(activation: Erf(), sigma: sigma)
            let qErf = try #require(erf.fixedPointQ)
            let exact = sigma * sigma / (1 + Double.pi * qErf).squareRoot()
            #expect(abs(erf.chi1 / exact - 1) <= 1e-9, "erf sigma \(sigma): \(erf.chi1) vs \(exact)")
            #expect(qErf <= sigma * sigma)
            for (phi, area) in areas {
                let t = try MeanField(activation: phi, sigma: sigma)
                let q = try #require(t.fixedPointQ)
                let limit = sigma * sigma * density0 * area / q.squareRoot()
                #expect(abs(t.chi1 / limit - 1) <= 1e-3, "\(phi) sigma \(sigma): \(t.chi1) vs \(limit)")
                #expect(q <= sigma * sigma, "\(phi) sigma \(sigma): q* \(q)")
                // Power: the collapse to 0 (or a factor 2 on the area) is far outside.
                #expect(abs(t.chi1 / (2 * limit) - 1) > 0.1)
            }
        }
    }

    @Test("erf: the variance map and E[phi'^2] equal Williams' closed forms to 1e-12, q from 1e-6 to 1e4")
    func erfClosedForm() throws {
        let sigma = 1.3
        let t = try MeanField(activation: Erf(), sigma: sigma)
        for q in [1e-6, 0.01, 0.3, 1, 2.5, 10, 100, 1e4] {
            let exact = sigma * sigma * (2 / Double.pi) * asin((Double.pi / 2 * q) / (1 + Double.pi / 2 * q))
            #expect(abs(try t.variance(after: q) - exact) <= 1e-12 * max(1, exact), "q \(q)")
        }
        // chi_1 at q*: the derivative closed form.
        let q = try #require(t.fixedPointQ)
        #expect(abs(t.chi1 - sigma * sigma / (1 + Double.pi * q).squareRoot()) <= 1e-12)
        // Power: a 1% error in the scale c would be seen.
        let wrong = sigma * sigma * (2 / Double.pi) * asin((1.01 * Double.pi / 2) / (1 + 1.01 * Double.pi / 2))
        #expect(abs(try t.variance(after: 1) - wrong) > 1e-6)
    }

    /// Williams (1997) again, for two correlated inputs: with (u1, u2) of
    /// variance q and correlation c, E[erf(a u1) erf(a u2)] = (2/pi)
    /// arcsin(2 a^2 q c / (1 + 2 a^2 q)), a = sqrt(pi)/2. So the correlation
    /// map C(c) = sigma^2 E[phi(u1) phi(u2)] / q* is known in closed form: an
    /// oracle for the two-dimensional quadrature (`GaussianExpectation.pair`)
    /// that the sigmoid's correlation fixed point relies on. C(1) = 1, and C
    /// is odd for an odd phi.
    @Test("erf: the correlation map equals Williams' arcsine closed form to 1e-10 for c in [-0.99, 0.99]")
    func erfCorrelationMap() throws {
        let sigma = 2.0
        let t = try MeanField(activation: Erf(), sigma: sigma)
        let q = try #require(t.fixedPointQ)
        let k = Double.pi / 2 * q
        for c in [-0.99, -0.5, 0, 0.1, 0.5, 0.9, 0.99] {
            let exact = sigma * sigma * (2 / Double.pi) * asin(k * c / (1 + k)) / q
            #expect(abs(try t.correlation(after: c) - exact) <= 1e-10, "c \(c)")
        }
        // Power: the independence value C(c) = c (a linear network) is rejected at c = 0.5.
        #expect(abs(try t.correlation(after: 0.5) - 0.5) > 1e-3)
        // At the fixed point q*, C(1) = V(q*)/q* = 1.
        let exactAtOne = sigma * sigma * (2 / Double.pi) * asin(k / (1 + k)) / q
        #expect(abs(exactAtOne - 1) <= 1e-10)
    }

    /// x -> tanh(c x) has a fixed point x > 0 exactly when c > 1: for c <= 1,
    /// tanh(c x) < c x <= x for every x > 0; for c > 1, tanh(c x) - x has
    /// slope c - 1 > 0 at 0 and is negative at x = 1, so it crosses 0. The
    /// mean-field analogue: q* > 0 exactly when sigma > 1 (sigma phi'(0) > 1),
    /// with q* = (1 - 1/sigma^2)/2 + O((sigma - 1)^2) from tanh(t)^2 = t^2 -
    /// (2/3) t^4 + ... and E z^4 = 3.
    @Test("tanh: x -> tanh(c x) has a nonzero fixed point iff c > 1; q* > 0 iff sigma > 1, with the small-q* asymptotics")
    func tanhFixedPointStructure() throws {
        func positiveFixedPoint(_ c: Double) -> Double? {
            // tanh(c x) - x on a fine grid: a sign change brackets a root.
            var previous = 1e-9
            for k in 1...20_000 {
                let x = Double(k) * 1e-4
                if tanh(c * previous) - previous > 0 && tanh(c * x) - x <= 0 { return x }
                previous = x
            }
            return nil
        }
        for c in [0.5, 0.9, 0.999, 1.0] { #expect(positiveFixedPoint(c) == nil, "c \(c)") }
        for c in [1.01, 1.1, 2, 5] {
            let x = try #require(positiveFixedPoint(c), "c \(c)")
            #expect(abs(tanh(c * x) - x) <= 2e-4 * c, "c \(c)")
        }
        for sigma in [0.5, 0.9, 0.999, 1.0] {
            #expect(try MeanField(activation: Tanh(), sigma: sigma).fixedPointQ == 0, "sigma \(sigma)")
        }
        for sigma in [1.001, 1.002] {
            let q = try #require(try MeanField(activation: Tanh(), sigma: sigma).fixedPointQ)
            let leading = (1 - 1 / (sigma * sigma)) / 2
            // The next term is O(leading^2) relative: 1% at sigma = 1.002.
            #expect(abs(q / leading - 1) < 0.01, "sigma \(sigma): q* \(q), leading \(leading)")
            // Power: 5% off the leading order fails the same check.
            #expect(abs(q / (1.05 * leading) - 1) >= 0.01)
        }
        // Below sigma = 1 the map contracts every q: V(q) < q.
        let ordered = try MeanField(activation: Tanh(), sigma: 0.99)
        for q in [1e-4, 0.1, 1, 10] { #expect(try ordered.variance(after: q) < q) }
    }

    /// Leaky ReLU: E[phi(sqrt(q) z)^2] = q (1 + a^2)/2 exactly, so the
    /// quadrature (forced by wrapping phi in a non-registry type) must agree
    /// with the exact reduction.
    @Test("Leaky ReLU: the exact reduction V(q) = sigma^2 q (1+a^2)/2 equals the quadrature; chi_1 = sigma^2 (1+a^2)/2")
    func leakyExact() throws {
        struct Wrapped: Activation {
            let inner = LeakyReLU(slope: 0.3)
            func callAsFunction(_ t: Double) -> Double { inner(t) }
            func derivative(_ t: Double) -> Double { inner.derivative(t) }
            var isPositivelyHomogeneous: Bool { true }
            var kinks: [Double] { [0] }
            var description: String { "wrapped" }
        }
        let sigma = 1.2
        let exact = try MeanField(activation: LeakyReLU(slope: 0.3), sigma: sigma)
        #expect(exact.fixedPointQ == nil)
        #expect(abs(exact.chi1 - sigma * sigma * 1.09 / 2) <= 1e-15)
        #expect(exact.depthScale == nil)
        for q in [0.1, 1, 7] {
            let viaQuadrature = sigma * sigma * (try MeanField.meanSquare(Wrapped(), q: q))
            #expect(abs(try exact.variance(after: q) - viaQuadrature) <= 1e-12 * q)
        }
        let he = try MeanField(activation: ReLU(), sigma: 2.0.squareRoot())
        #expect(abs(he.chi1 - 1) <= 1e-15)
    }
}
