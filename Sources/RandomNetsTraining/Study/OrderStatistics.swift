import Foundation
import RandomNets

/// Order statistics of losses that may be +infinity (diverged runs sort
/// last): quantiles and a distribution-free interval for the median.
public enum OrderStatistics {
    /// The type-7 quantile (linear interpolation between order statistics,
    /// R's default) of sorted values; an interpolation that touches an infinity with
    /// positive weight is that infinity (never inf * 0 = NaN).
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty)
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
        let w = h - Double(lo)
        if w == 0 || x[lo] == x[hi] { return x[lo] }
        if !x[lo].isFinite { return x[lo] }  // -inf below, or +inf on both sides
        if !x[hi].isFinite { return x[hi] }
        return x[lo] + w * (x[hi] - x[lo])
    }

    /// The distribution-free confidence interval for the median (Thompson
    /// 1936): [x_(l), x_(n+1-l)] covers the median with probability
    /// P(l <= B <= n - l), B ~ Binomial(n, 1/2), whatever the law of the
    /// losses. Returns the narrowest such interval with coverage >= `level`
    /// and its exact coverage; below n = 6 no interval reaches 95%, and the
    /// full range is returned with its (lower) coverage.
    public static func medianInterval(sorted x: [Double], level: Double = 0.95) -> (interval: ClosedRange<Double>, coverage: Double) {
        let n = x.count
        precondition(n >= 1)
        // P(B = i) for B ~ Binomial(n, 1/2), in log space (n up to 1e6).
        func pmf(_ i: Int) -> Double { exp(((try? Special.logChoose(n, i)) ?? -.infinity) - Double(n) * log(2.0)) }
        var l = 1
        var coverage = 1 - 2 * exp(-Double(n) * log(2.0))  // l = 1: all but B = 0 and B = n
        while l + 1 <= n + 1 - (l + 1) {
            // Moving to l + 1 drops B = l and B = n - l.
            let next = coverage - 2 * pmf(l)
            if next < level { break }
            coverage = next
            l += 1
        }
        return (x[l - 1]...x[n - l], coverage)
    }
}
