/// How one layer's pre-activation W x is drawn.
public enum SamplingMethod: String, CaseIterable, Sendable {
    /// A fresh full weight matrix every layer (N^2 entries, or a Haar
    /// orthogonal matrix as N - 1 Householder reflections). Makes no use of
    /// any invariance: right for every ensemble.
    case full
    /// Only the N-vector W x, exact in law for rotation-invariant ensembles
    /// (gaussian: W x ~ N(0, sigma^2/N I); orthogonal: sigma times a uniform
    /// point on the sphere). N normals per layer instead of N^2. Offered only
    /// for ensembles conforming to `RotationInvariantEnsemble`.
    case reduced
}
