/// How one layer's pre-activation W x is drawn.
public enum SamplingMethod: String, CaseIterable, Sendable {
    /// A fresh full weight matrix every layer: N^2 Gaussian entries, or a Haar
    /// orthogonal matrix as N - 1 Householder reflections (N^2/2 normals).
    /// Makes no use of the rotation invariance the theory relies on.
    case full
    /// Only the N-vector W x, exact in law by rotation invariance: for unit x,
    /// Gaussian W x ~ N(0, sigma^2/N I) and Haar W x = sigma * uniform point on
    /// the sphere. N normals per layer instead of N^2.
    case reduced

    /// Standard normals one layer draws under this method.
    public func normalsPerLayer(_ ensemble: Ensemble, width n: Int) -> Int {
        switch (ensemble, self) {
        case (.gaussian, .full): return n * n
        case (.orthogonal, .full): return HaarOrthogonal.normalsPerMatrix(width: n)
        case (_, .reduced): return n
        }
    }
}
