import Foundation

/// Kolmogorov-Smirnov tests, one-sample against a continuous CDF and
/// two-sample. p-values from the Kolmogorov distribution
/// Q(t) = 2 sum_{j>=1} (-1)^{j-1} exp(-2 j^2 t^2) at t = (sqrt(n) + 0.12 +
/// 0.11/sqrt(n)) D (Stephens 1970), accurate to a few percent for n >= 5.
public struct KolmogorovSmirnov: Sendable {
    /// The statistic D (largest distance between distribution functions).
    public let statistic: Double
    /// The p-value (small means the distributions differ).
    public let pValue: Double

    /// One sample against `cdf`.
    public init(_ values: [Double], cdf: (Double) -> Double) {
        let x = values.sorted()
        let n = Double(x.count)
        var d = 0.0
        for (i, v) in x.enumerated() {
            let f = cdf(v)
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        statistic = d
        pValue = Self.kolmogorovQ(d, effectiveSize: n)
    }

    /// Two samples: do they come from one continuous law?
    public init(_ first: [Double], _ second: [Double]) {
        let a = first.sorted(), b = second.sorted()
        var i = 0, j = 0, d = 0.0
        let na = Double(a.count), nb = Double(b.count)
        while i < a.count && j < b.count {
            let v = min(a[i], b[j])
            while i < a.count && a[i] <= v { i += 1 }
            while j < b.count && b[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / na - Double(j) / nb))
        }
        statistic = d
        pValue = Self.kolmogorovQ(d, effectiveSize: na * nb / (na + nb))
    }

    static func kolmogorovQ(_ d: Double, effectiveSize n: Double) -> Double {
        let t = (n.squareRoot() + 0.12 + 0.11 / n.squareRoot()) * d
        if t < 0.2 { return 1 }
        var sum = 0.0
        for j in 1...100 {
            let jj = Double(j)
            let term = exp(-2 * jj * jj * t * t)
            sum += (j % 2 == 1 ? 1 : -1) * term
            if term < 1e-16 { break }
        }
        return min(1, max(0, 2 * sum))
    }
}
