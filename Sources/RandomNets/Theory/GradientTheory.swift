import Foundation

/// Exact statements about backpropagation at initialization for the two
/// closed-form ensembles (loss <g, x_L>, g uniform on the unit sphere and
/// independent of the weights, unit input x_0).
///
/// - Backward growth: given J = J_L, ||J^T g|| and ||J v|| (v uniform, also
///   independent) have the same law, because (u_k . g)_k and (w_k . v)_k are
///   both uniform on the sphere for the singular vectors u_k, w_k of J. And
///   ||J v|| for any direction independent of the weights grows by increments
///   with the forward law (see `SpectrumTheory`). So log||J_L^T g|| has
///   exactly the law of S_L: mean L lambda and variance L s^2, at every depth.
/// - Last layer: ||dL/dW_L||_F = ||D_L g|| ||x_{L-1}||, and ||D_L g||^2 =
///   a^2 + (1 - a^2) U with U | K ~ Beta(K/2, (N-K)/2), K ~ Bin(N, 1/2) (the
///   V of `BetaDecomposition`), so E log||dL/dW_L|| = (L - 1) lambda + m/2
///   with m = E log V.
public struct GradientTheory: Sendable {
    /// The forward prediction (lambda, s^2).
    public let forward: TheoryPrediction
    /// The depth L.
    public let depth: Int
    /// E log||J_L^T g|| / L = lambda.
    public var backwardRate: Double { forward.lyapunovExponent }
    /// Var(log||J_L^T g||) / L = s^2.
    public var backwardVariancePerLayer: Double { forward.cltVariance }
    /// E log||dL/dW_L||_F.
    public let lastLayerLogGradient: Double
    /// Orthogonal with |a| = 1: J_L is sigma^L times an orthogonal matrix, so
    /// every quantity above is exact in every network, not only in mean.
    public let isExact: Bool

    /// The predictions for a network of depth `depth` with a closed-form ensemble.
    /// - Throws: ``InvalidParameter`` for ReLU (a = 0) or an invalid width, slope, sigma or depth.
    public init(ensemble: Ensemble, width n: Int, slope a: Double, sigma: Double, depth: Int) throws {
        try Validate.depth(depth)
        guard a.isFinite, a != 0 else {
            throw InvalidParameter(parameter: "slope", "the gradient closed forms need a finite nonzero slope, got \(a)")
        }
        forward = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma)
        self.depth = depth
        isExact = ensemble == .orthogonal && abs(a) == 1
        let beta = try BetaDecomposition(width: n, slope: a)
        lastLayerLogGradient = Double(depth - 1) * forward.lyapunovExponent + beta.meanLogV / 2
    }
}
