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
        // Corrected two-pass formula (Chan, Golub and LeVeque 1983). The
        // correction s/n also repairs the mean: a plain sum of M values drifts
        // by up to M eps relative (1000 copies of log 2 averaged to 30 ulps
        // off), which an exact prediction, S_L = L log sigma, would see.
        mean = m + s / Double(count)
        // Never below 0: for values equal to rounding, ss - s^2/n can round to -1e-45.
        variance = count > 1 ? max(0, ss - s * s / Double(count)) / Double(count - 1) : .nan
    }

    /// The square root of the variance.
    public var standardDeviation: Double { variance.squareRoot() }
    /// The standard error of the mean, sqrt(variance/count).
    public var standardError: Double { (variance / Double(count)).squareRoot() }
}
