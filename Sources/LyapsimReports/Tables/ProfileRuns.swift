import Foundation
import RandomNets

/// Finite-width profiles (`ActivationProfile`) for the tables and notebook on
/// activations beyond Leaky ReLU (T11-T13, notebook 08).
extension TableContext {
    func profile(_ activation: any Activation, _ ensemble: any WeightEnsemble, width: Int, depth: Int,
                 samples: Int, inputs: Int, seed: UInt64) throws -> ActivationProfile {
        let spec = try NetworkSpec(width: width, depth: depth, activation: activation, ensemble: ensemble)
        let config = try SimulationConfig(samples: samples, seed: seed, generator: generator, threads: threads)
        return try ActivationProfile(spec: spec, inputs: .gaussian(count: inputs), config: config)
    }
}

extension Cell {
    /// "mean +- stderr" with `digits` significant digits for the mean.
    static func estimate(_ e: ActivationProfile.Estimate?, _ digits: Int = 3) -> String {
        guard let e, e.mean.isFinite else { return "n/a" }
        return "\(sig(e.mean, digits)) +- \(sig(e.stderr, 2))"
    }
}
