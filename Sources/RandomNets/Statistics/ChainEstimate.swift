/// Lyapunov exponent and CLT variance when the per-layer increments are not
/// iid. Without rotation invariance the direction x_l/||x_l|| is a Markov
/// chain and the increments l_t are a function of it (docs/theory.md, "General
/// ensembles"), so:
/// - lambda-hat = mean over samples of (S_L - S_B)/(L - B): the burn-in B
///   removes most of the start-up bias C(x_0)/L;
/// - s^2 is the long-run variance Var(l) + 2 sum_k Cov(l_1, l_{1+k}),
///   estimated two ways: across samples, Var(S_L - S_B)/(L - B), and by
///   batch means within each trajectory, b Var(batch means) averaged over
///   samples (bias O(1/b));
/// - the lag-1 autocorrelation of the increments, pooled over samples
///   (exactly 0 for gaussian and orthogonal weights, whose increments are iid).
public struct ChainEstimate: Sendable {
    /// The burn-in B.
    public let burnIn: Int
    /// Layers after the burn-in, L - B.
    public let layers: Int
    /// Samples whose network did not die.
    public let survivors: Int
    /// lambda-hat = mean over survivors of (S_L - S_B)/(L - B).
    public let lyapunovExponent: Double
    /// Its standard error.
    public let standardError: Double
    /// Var(S_L - S_B) / (L - B) across samples.
    public let cltVarianceAcrossSamples: Double
    /// b Var(batch means), averaged over samples; nil with fewer than 2 batches of 2 layers.
    public let cltVarianceBatchMeans: Double?
    /// The number of batches per trajectory.
    public let batches: Int
    /// Layers per batch.
    public let batchSize: Int
    /// Standard error of the batch-means s^2 across samples.
    public let batchMeansStandardError: Double?
    /// Pooled lag-1 autocorrelation of the increments; nil with fewer than 3 layers.
    public let lagOneAutocorrelation: Double?

    /// The estimate from a recorder's increments and the final log-norms of the same run.
    public init(_ recorder: IncrementRecorder, finalLogNorms: [Double]) {
        self.init(recorder.table, finalLogNorms: finalLogNorms)
    }

    /// From rows in sample order (one run, or shards and chunks joined in
    /// index order): the same values in the same order give the same bits.
    public init(_ recorder: IncrementTable, finalLogNorms: [Double]) {
        precondition(recorder.samples == finalLogNorms.count)
        let alive = finalLogNorms.map { $0.isFinite }
        let v = recorder.values
        let rows = recorder.aliveOffsets(alive)
        let t = Double(recorder.depth - recorder.burnIn)
        burnIn = recorder.burnIn
        layers = recorder.depth - recorder.burnIn
        survivors = rows.count
        batches = recorder.batches
        batchSize = recorder.batchSize
        let growth = SampleMoments(rows.map { v[$0 + 2] })
        lyapunovExponent = growth.mean / t
        standardError = growth.standardError / t
        cltVarianceAcrossSamples = growth.variance / t
        if recorder.batchSize >= 2, recorder.batches >= 2, !rows.isEmpty {
            let b = Double(recorder.batchSize)
            let perSample = rows.map { row -> Double in
                let means = (0..<recorder.batches).map { v[row + 7 + $0] / b }
                return b * SampleMoments(means).variance
            }
            let m = SampleMoments(perSample)
            cltVarianceBatchMeans = m.mean
            batchMeansStandardError = rows.count >= 2 ? m.standardError : nil
        } else {
            cltVarianceBatchMeans = nil
            batchMeansStandardError = nil
        }
        if layers >= 3, !rows.isEmpty {
            // Centered at the pooled mean m: sum (l_t - m)(l_{t+1} - m) expands
            // into the recorded sums without a second pass.
            let total = rows.reduce(0) { $0 + v[$1 + 2] }
            let count = Double(rows.count) * t
            let mean = total / count
            var numerator = 0.0, denominator = 0.0, magnitude = 0.0
            for row in rows {
                let sum = v[row + 2], sumSq = v[row + 3], lag = v[row + 4], first = v[row + 5], last = v[row + 6]
                numerator += lag - mean * ((sum - last) + (sum - first)) + (t - 1) * mean * mean
                denominator += sumSq - 2 * mean * sum + t * mean * mean
                magnitude += sumSq + t * mean * mean
            }
            // The expansion cancels: when the increments are constant to
            // rounding (orthogonal weights, |a| = 1) what is left of the
            // denominator is rounding, and the ratio is noise (it read -3.8,
            // and 0.998 at depth 5000). The sums hold t terms each, so their
            // rounding grows like t eps.
            let resolvable = denominator > (t + 64) * Double.ulpOfOne * magnitude
            lagOneAutocorrelation = resolvable ? numerator / denominator : nil
        } else {
            lagOneAutocorrelation = nil
        }
    }
}
