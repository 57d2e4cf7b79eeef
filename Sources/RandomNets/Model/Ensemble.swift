/// The law of the weight matrices W_1, ..., W_L.
public enum Ensemble: String, CaseIterable, Sendable, Codable {
    /// Entries iid N(0, sigma^2 / N).
    case gaussian
    /// W = sigma * O with O Haar-distributed on the orthogonal group O(N).
    case orthogonal
}
