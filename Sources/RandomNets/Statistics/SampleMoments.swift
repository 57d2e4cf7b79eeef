/// Mean and unbiased variance of a sample, by two passes (the second pass
/// centers first, so the variance of values near 1e6 * lambda keeps its digits).
public struct SampleMoments: Sendable, Equatable {
    /// The number of values.
    public let count: Int
    /// Their mean.
    public let mean: Double
    /// The variance of the values divided by `scale`: the moments of values
    /// beyond 1e150, or all below 1e-150, are taken on values / scale, where
    /// their squares fit.
    let scaledVariance: Double
    /// A power of two (exact to divide by): 1 unless some |value| exceeds 1e150
    /// (or sqrt(max / 4n), below it beyond about 4.5e7 values) or every
    /// nonzero |value| is below 1e-150.
    let scale: Double

    /// Values up to this size are summed and squared as they are; above it,
    /// d * d could overflow while the standard deviation is a fine double.
    static let largeValue = 1e150
    /// Values all below this size square to less than the smallest normal
    /// double (a standard error of 0 for values near 1e-160); they are scaled up.
    static let smallValue = 1e-150

    /// Mean and variance of `values`; NaN for an empty collection. A mean of
    /// infinite values is that infinity (or NaN for both signs), their variance NaN.
    public init<C: Collection>(_ values: C) where C.Element == Double {
        count = values.count
        let largest = values.reduce(0.0) { Swift.max($0, abs($1)) }
        // Dividing by a power of two is exact for normal numbers, and rounding
        // commutes with it: for values from 1e-150 to 1e150 the arithmetic is unchanged.
        // n values of size v square and sum to n v^2: scale before that nears the largest double.
        let safe = Swift.min(Self.largeValue, (Double.greatestFiniteMagnitude / Double(Swift.max(1, count)) / 4).squareRoot())
        let outside = (largest > safe && largest.isFinite) || (largest > 0 && largest < Self.smallValue)
        scale = outside ? Double(sign: .plus, exponent: largest.exponent, significand: 1) : 1
        guard count > 0 else { mean = .nan; scaledVariance = .nan; return }
        var sum = 0.0
        for v in values { sum += v / scale }
        let m = sum / Double(count)
        guard m.isFinite else { mean = m * scale; scaledVariance = .nan; return }
        var ss = 0.0, s = 0.0
        for v in values { let d = v / scale - m; ss += d * d; s += d }
        // Corrected two-pass formula (Chan, Golub and LeVeque 1983). The
        // correction s/n also repairs the mean: a plain sum of M values drifts
        // by up to M eps relative (1000 copies of log 2 averaged to 30 ulps
        // off), which an exact prediction, S_L = L log sigma, would see.
        mean = (m + s / Double(count)) * scale
        // Never below 0: for values equal to rounding, ss - s^2/n can round to -1e-45.
        scaledVariance = count > 1 ? Swift.max(0, ss - s * s / Double(count)) / Double(count - 1) : .nan
    }

    /// Their unbiased variance (divisor n - 1); infinite when it exceeds the
    /// largest double though the standard deviation does not.
    public var variance: Double { scaledVariance * scale * scale }
    /// The square root of the variance.
    public var standardDeviation: Double { scaledVariance.squareRoot() * scale }
    /// The standard error of the mean, sqrt(variance/count).
    public var standardError: Double { (scaledVariance / Double(count)).squareRoot() * scale }
}
