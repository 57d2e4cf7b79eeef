import Foundation

/// Expectations of functions of standard Gaussians by GSL adaptive
/// quadrature, split at the points where the integrand is not smooth (the
/// activation's kinks), which QUADPACK's error estimates assume away.
enum GaussianExpectation {
    /// 1 / sqrt(2 pi).
    static let density0 = 0.398942280401432677939946059934

    /// E[f(z)], z ~ N(0, 1); `breaks` are points in z where f is not smooth.
    static func of(breaks: [Double] = [], _ f: @escaping (Double) -> Double) throws -> Double {
        let g: (Double) -> Double = { z in
            let d = density0 * exp(-0.5 * z * z)
            return d == 0 ? 0 : f(z) * d
        }
        // Breaks beyond |z| = 40 carry no weight (the density is below 1e-347,
        // zero in double precision) but, kept, make one piece enormous, and
        // QAGS on [-1e50, 0] misses the mass near 0 entirely (hard-tanh with
        // q near 0 has its kinks at +-1/sqrt(q)).
        let points = Array(Set(breaks.filter { $0.isFinite && abs($0) < 40 } + [0])).sorted()
        var total = try Quadrature.integrateFromMinusInfinity(to: points[0], absTol: 1e-15, relTol: 1e-13, g)
        for (a, b) in zip(points, points.dropFirst()) where b > a {
            total += try Quadrature.integrate(a, b, absTol: 1e-15, relTol: 1e-13, g)
        }
        total += try Quadrature.integrateToInfinity(from: points[points.count - 1], absTol: 1e-15, relTol: 1e-13, g)
        return total
    }

    /// E[f(z)] where f(z) is a function of u = r z and the activation's
    /// `kinks` are in u: the split points are `splitPoints(kinks:scale:)` / r.
    static func of(kinks: [Double], scale r: Double, _ f: @escaping (Double) -> Double) throws -> Double {
        try of(breaks: splitPoints(kinks: kinks, scale: r).map { $0 / r }, f)
    }

    /// The points in u = r z where to split: the kinks, and, when r = sqrt(q)
    /// is large, u = +-1, +-8, +-64, ... (while |z| < 40). A smooth saturating
    /// activation (tanh, erf, sigmoid, softsign) changes on |u| ~ 1, so phi'(u)^2
    /// is a peak of width 1/r in z; QUADPACK's first 15- and 21-point rules on
    /// (-inf, 0] sample it nowhere, estimate zero with zero error and stop
    /// (tanh's chi_1 at sigma = 5000 came out 0 instead of about 0.53 sigma),
    /// and softsign's polynomial tail made QAGIL report roundoff. Below r = 16
    /// the peak spans enough of the rule's nodes, and the points are left out
    /// so that ordinary q keep their values to the last bit.
    static func splitPoints(kinks: [Double], scale r: Double) -> [Double] {
        guard r > 16, r.isFinite else { return kinks }
        var points = kinks
        var u = 1.0
        while u / r < 40 {
            points += [-u, u]
            u *= 8
        }
        return points
    }

    /// E[f(sqrt(q) z1) g(sqrt(q) (c z1 + sqrt(1 - c^2) z2))] for independent
    /// standard z1, z2: the pair (u1, u2) has variance q each and correlation
    /// c. `kinks` are the activation's (in u), used to split both integrals.
    static func pair(q: Double, correlation c: Double, kinks: [Double],
                     _ f: @escaping (Double) -> Double, _ g: @escaping (Double) -> Double) throws -> Double {
        let r = q.squareRoot()
        let s = ((1 - c) * (1 + c)).squareRoot()
        let kinks = splitPoints(kinks: kinks, scale: r)
        var failure: Error?
        let outer = try of(breaks: kinks.map { $0 / r }) { z1 in
            let fz = f(r * z1)
            if fz == 0 { return 0 }
            do {
                let inner = try of(breaks: kinks.map { ($0 / r - c * z1) / s }) { z2 in g(r * (c * z1 + s * z2)) }
                return fz * inner
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return outer
    }
}
