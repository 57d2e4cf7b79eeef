import Foundation

/// The infinite-width correlation map of Leaky ReLU: Cho and Saul's
/// arc-cosine kernel of degree 1, generalised to slope a (docs/theory.md, "Two
/// inputs: the angle map"). Writing phi(t) = a t + (1 - a) relu(t) and (u, v) standard
/// bivariate normal with correlation rho,
///   E[u relu(v)] = rho / 2,
///   E[relu(u) relu(v)] = [sqrt(1 - rho^2) + (pi - arccos rho) rho] / (2 pi),
/// so E[phi(u) phi(v)] = a rho + (1 - a)^2 [sqrt(1 - rho^2) + (pi - arccos rho) rho] / (2 pi),
/// and with E[phi(u)^2] = (1 + a^2)/2 the next layer's cosine is
///   c(rho) = 2 E[phi(u) phi(v)] / (1 + a^2),
/// whatever sigma (the scale cancels in a cosine). As N -> infinity the
/// pre-activations of two inputs become jointly Gaussian with correlation
/// cos theta_{l-1}, which is why the map holds there and only there.
public struct AngleKernel: Sendable {
    /// The slope the map uses: a itself for |a| <= 1, else 1/a. The map is the
    /// same for a and 1/a (phi_a(t) = -a phi_{1/a}(-t), and (-u, -v) has the
    /// correlation of (u, v)), and 1/a keeps a^2 from overflowing.
    public let reducedSlope: Double

    /// The map for slope `a`.
    /// - Throws: ``InvalidParameter`` if the slope is not finite.
    public init(slope a: Double) throws {
        guard a.isFinite else {
            throw InvalidParameter(parameter: "slope", "must be a finite real number, got \(a)")
        }
        reducedSlope = abs(a) <= 1 ? a : 1 / a
    }

    /// cos theta_{l+1} from cos theta_l.
    public func next(_ rho: Double) -> Double {
        let r = min(1, max(-1, rho))
        let a = reducedSlope
        let relu = ((1 - r * r).squareRoot() + (Double.pi - acos(r)) * r) / (2 * Double.pi)
        let mixed = a * r + (1 - a) * (1 - a) * relu
        return min(1, max(-1, 2 * mixed / (1 + a * a)))
    }

    /// cos theta_l for l = 1...depth, from cos theta_0.
    public func iterate(from rho: Double, depth: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(depth)
        var c = rho
        for _ in 0..<depth {
            c = next(c)
            out.append(c)
        }
        return out
    }
}
