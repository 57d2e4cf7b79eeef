/// Mean and unbiased variance of a sample, by two passes (the second pass
/// centers first, so the variance of values near 1e6 * lambda keeps its digits).
public struct SampleMoments: Sendable, Equatable {
    /// The number of values.
    public let count: Int
    /// Their mean.
    public let mean: Double
    /// Their unbiased variance (divisor n - 1).
    public let variance: Double

    /// Mean and variance of `values`; NaN for an empty collection.
    public init<C: Collection>(_ values: C) where C.Element == Double {
        count = values.count
        guard count > 0 else { mean = .nan; variance = .nan; return }
        var sum = 0.0
        for v in values { sum += v }
        let m = sum / Double(count)
        var ss = 0.0, s = 0.0
        for v in values { let d = v - m; ss += d * d; s += d }
        // Corrected two-pass formula (Chan, Golub and LeVeque 1983).
        mean = m
        variance = count > 1 ? (ss - s * s / Double(count)) / Double(count - 1) : .nan
    }

    /// The square root of the variance.
    public var standardDeviation: Double { variance.squareRoot() }
    /// The standard error of the mean, sqrt(variance/count).
    public var standardError: Double { (variance / Double(count)).squareRoot() }
}
