/// The raw output of a Monte Carlo run: per-sample log-norm growth
/// S_L = log||x_L|| - log||x_0||, indexed by sample.
public struct SimulationResult: Sendable {
    /// The network family that was simulated.
    public let spec: NetworkSpec
    /// The run's configuration.
    public let config: SimulationConfig
    /// S_L for each sample; -infinity for a sample whose signal died (every
    /// coordinate of phi(W x) zero in some layer: ReLU, or sparse weights).
    public let finalLogNorms: [Double]
    /// Row-major M x L: entry (i, l-1) is S_l of sample i (-infinity once dead).
    /// Empty unless `config.recordTrajectories`.
    public let trajectories: [Double]

    /// Number of samples whose signal died.
    public var deadCount: Int { finalLogNorms.lazy.filter { $0 == -.infinity }.count }

    /// S_l of sample i after layer l (1-based l).
    public func trajectory(sample i: Int) -> ArraySlice<Double> {
        let l = spec.depth
        return trajectories[(i * l)..<((i + 1) * l)]
    }
}
