import Foundation

/// Exact death laws for ReLU layers whose weight rows have a rotation-
/// invariant law (gaussian: iid N(0, sigma^2/N) rows; orthogonal: each row
/// uniform on a sphere). Only the signs of w . y matter, and they have the
/// same law as for w ~ N(0, I).
public enum DeadUnitLaw {
    /// The probability that one unit, h = w . y_b, is inactive (h <= 0) on
    /// every one of the given vectors y_1..y_B, B <= 3: the Gaussian orthant
    /// probability of (w . y_b) with correlations r_ab = cos(y_a, y_b)
    /// (Sheppard 1899 for B = 2; for B = 3 the orthant formula
    /// 1/8 + (asin r12 + asin r13 + asin r23) / (4 pi)). A zero vector gives
    /// h = 0, inactive for sure, so it is dropped. nil for B > 3 (no closed form).
    public static func allInactiveProbability(_ vectors: [[Double]]) -> Double? {
        let live = vectors.filter { v in v.contains { $0 != 0 } }
        guard live.count <= 3 else { return nil }
        func r(_ a: [Double], _ b: [Double]) -> Double {
            var ab = 0.0, aa = 0.0, bb = 0.0
            for i in a.indices { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i] }
            return max(-1, min(1, ab / (aa.squareRoot() * bb.squareRoot())))
        }
        switch live.count {
        case 0: return 1
        case 1: return 0.5
        case 2: return 0.25 + asin(r(live[0], live[1])) / (2 * Double.pi)
        default:
            let s = asin(r(live[0], live[1])) + asin(r(live[0], live[2])) + asin(r(live[1], live[2]))
            return 0.125 + s / (4 * Double.pi)
        }
    }

    /// P(a ReLU network of width N has sent one input to 0 by layer l) =
    /// 1 - (1 - 2^{-N})^l (docs/theory.md, "Special and limiting cases").
    public static func deadNetworkProbability(width n: Int, layer l: Int) -> Double {
        -expm1(Double(l) * log1p(-exp2(-Double(n))))
    }
}
