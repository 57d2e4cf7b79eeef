/// What one of T16's paired tests decided for a challenger row against one
/// baseline: Holm-adjusted Wilcoxon p < 0.05 in the challenger's favour (a
/// negative direction: lower test error) or against it, or no difference
/// detected. The one reading notebook 10's counts and lists share.
enum T16Verdict {
    case favours, against, undetected

    /// Family-wise error level of the table's Holm adjustment.
    static let level = 0.05

    /// The verdict of row values `v` against `baseline`; nil where the row
    /// has no test against it (not a challenger).
    init?(_ v: [String: Double], baseline: String) {
        guard let p = v["holm_p_\(baseline)"], let direction = v["direction_\(baseline)"] else { return nil }
        self = p >= Self.level ? .undetected : direction < 0 ? .favours : direction > 0 ? .against : .undetected
    }
}
