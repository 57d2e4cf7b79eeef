/// Mean and unbiased variance of a sample, by two passes (the second pass
/// centers first, so the variance of values near 1e6 * lambda keeps its digits).
public struct SampleMoments: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let variance: Double

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

    public var standardDeviation: Double { variance.squareRoot() }
    public var standardError: Double { (variance / Double(count)).squareRoot() }
}
