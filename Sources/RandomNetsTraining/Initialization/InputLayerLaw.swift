import Foundation
import RandomNets

/// The law of the input layer d_in -> N of a trained network.
///
/// Conventions (the engine's, `LayerTheory`): a Gaussian layer has entries
/// N(0, sigma^2 / d_in); an orthogonal layer is sigma Q with Q Haar
/// distributed with orthonormal rows when N <= d_in (orthonormal columns
/// when N > d_in), as `torch.nn.init.orthogonal_` draws it (its entries
/// have mean square sigma^2 / d_in when N <= d_in).
///
/// Two laws occur. The common input layer, shared by every method (and the
/// only one of the synthetic tasks): Gaussian at He's gain sqrt(2/(1+a^2))
/// for Leaky ReLU and ReLU, 1 otherwise. And the per-layer Lyapunov input
/// layer of the Lyapunov methods on tasks whose input layer follows the
/// method (`TrainingTask.inputLayerFollowsMethod`): the method's family at
/// the layer's own sigma_crit, the scale at which the layer's mean log-gain
/// E log(||phi(W x)|| / ||x||) is exactly 0 (`LayerTheory.Layer.criticalSigma`).
public struct InputLayerLaw: Sendable, Equatable {
    /// Gaussian or orthogonal.
    public let family: Ensemble
    /// The scale sigma of the conventions above.
    public let sigma: Double
    /// Whether this is the method's own layer (true) or the common one.
    public let followsMethod: Bool

    /// A law of `family` at `sigma`; `followsMethod` says whether it is a method's own.
    public init(family: Ensemble, sigma: Double, followsMethod: Bool) {
        self.family = family
        self.sigma = sigma
        self.followsMethod = followsMethod
    }

    /// The common input layer: Gaussian at `gain`.
    public static func common(gain: Double) -> InputLayerLaw {
        InputLayerLaw(family: .gaussian, sigma: gain, followsMethod: false)
    }

    /// The per-layer Lyapunov input layer fanIn -> fanOut of `family` for Leaky ReLU slope `slope`: its exact sigma_crit.
    /// - Throws: `InvalidParameter` for ReLU (slope 0: no scale makes the mean log-gain 0) or invalid widths.
    public static func lyapunov(_ family: Ensemble, fanIn: Int, fanOut: Int, slope: Double) throws -> InputLayerLaw {
        let layer = try LayerTheory.layer(family, fanIn: fanIn, fanOut: fanOut, slope: slope, sigma: 1)
        guard let crit = layer.criticalSigma else {
            throw InvalidParameter(parameter: "init", "the input layer's sigma_crit needs a nonzero Leaky ReLU slope")
        }
        try Validate.sigma(crit)
        return InputLayerLaw(family: family, sigma: crit, followsMethod: true)
    }

    /// One line for reports.
    public var summary: String {
        followsMethod ? "\(family.rawValue) at its own sigma_crit = \(NumberText.short(sigma)) (per-layer Lyapunov)"
            : "Gaussian at \(NumberText.short(sigma)) / sqrt(fan_in), the same for every method"
    }
}

extension WeightDrawing {
    /// Overwrites the n x m row-major block `w` (n rows of length m), holding
    /// iid standard normals, with sigma Q: Q the Gram-Schmidt orthonormalization
    /// of its rows when n <= m, of its columns when n > m. Gram-Schmidt of iid
    /// Gaussian vectors is the Q of a QR factorization with positive diagonal,
    /// which is Haar distributed on the Stiefel manifold; each vector is
    /// orthogonalized twice against the previous ones, for accuracy.
    static func orthonormalize(_ w: UnsafeMutablePointer<Double>, rows n: Int, columns m: Int, sigma: Double) {
        let byRows = n <= m
        let count = byRows ? n : m, length = byRows ? m : n
        // Vector v's element e: rows are contiguous, columns strided.
        func at(_ v: Int, _ e: Int) -> Int { byRows ? v * m + e : e * m + v }
        for v in 0..<count {
            for _ in 0..<2 {
                for u in 0..<v {
                    var dot = 0.0
                    for e in 0..<length { dot += w[at(u, e)] * w[at(v, e)] }
                    for e in 0..<length { w[at(v, e)] -= dot * w[at(u, e)] }
                }
            }
            var norm = 0.0
            for e in 0..<length { norm += w[at(v, e)] * w[at(v, e)] }
            let scale = 1 / norm.squareRoot()
            for e in 0..<length { w[at(v, e)] *= scale }
        }
        for e in 0..<(n * m) { w[e] *= sigma }
    }
}
