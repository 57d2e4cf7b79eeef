/// Empirical quantiles of a sorted sample.
public enum SampleQuantile {
    /// The p-quantile by linear interpolation between order statistics
    /// (Hyndman and Fan's type 7, NumPy's default); NaN if empty. Equal or
    /// infinite neighbours return the lower one, so -infinity (a dead
    /// network) never turns into NaN.
    public static func of(sorted v: [Double], _ p: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let h = Double(v.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, v.count - 1)
        let a = v[lo], b = v[hi]
        if a == b || !a.isFinite || !b.isFinite { return a }
        return a + (h - Double(lo)) * (b - a)
    }
}
