import Foundation
import RandomNets

/// Theory and Monte Carlo side by side for one spec: what `lyapsim estimate`
/// prints. Every decision comes from the statistics layer (`TheoryComparison`,
/// `ChainEstimate`); this type only gathers and renders. Holds no thread
/// count, so its output is the same for any.
public struct EstimateReport: Sendable {
    public let spec: NetworkSpec
    public let slope: Double
    /// How sigma was chosen: "he", "lyapunov", "custom" or a preset's name.
    public let initialization: String
    public let samples: Int
    public let seed: UInt64
    public let generator: String
    public let method: SamplingMethod
    /// The closed form, where one exists (else `theoryUnavailableReason`).
    public let theory: TheoryPrediction?
    public let theoryUnavailableReason: String?
    public let comparison: TheoryComparison?
    /// S_L over all L layers (the closed forms' statistic).
    public let estimate: LyapunovEstimate
    /// The increments after the burn-in (the Markov-chain statistics).
    public let chain: ChainEstimate
    /// sigma_crit from this run by the scale identity, for ensembles without a closed form.
    public let criticalScale: CriticalScaleEstimate?
    /// The pilot estimate `--init lyapunov` used, for ensembles without a closed form.
    public let pilot: CriticalScaleEstimate?

    /// Runs the simulation for `ensemble` and gathers everything.
    public init(resolved: ResolvedEnsemble, width: Int, depth: Int, slope: Double, config: SimulationConfig,
                burnIn: Int?) throws {
        let spec = try NetworkSpec(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                                   ensemble: resolved.ensemble)
        try config.checkResources(for: spec)
        let recorder = try IncrementRecorder(samples: config.samples, depth: depth,
                                             burnIn: Self.burnIn(burnIn, resolved: resolved, depth: depth))
        let result = try Simulator.run(spec, config, observer: recorder)
        try self.init(resolved: resolved, width: width, depth: depth, slope: slope, config: config,
                      finalLogNorms: result.finalLogNorms, increments: recorder.table)
    }

    /// The burn-in a run uses: the one given, else the ensemble's default.
    public static func burnIn(_ burnIn: Int?, resolved: ResolvedEnsemble, depth: Int) -> Int {
        burnIn ?? CriticalScaleEstimate.defaultBurnIn(for: resolved.ensemble, depth: depth)
    }

    /// Gathers everything from per-sample results already computed, in
    /// sample order 0..<M (one run, or shards and checkpointed chunks joined):
    /// the same values in the same order give the same report, bit for bit.
    public init(resolved: ResolvedEnsemble, width: Int, depth: Int, slope: Double, config: SimulationConfig,
                finalLogNorms: [Double], increments: IncrementTable) throws {
        precondition(finalLogNorms.count == config.samples && increments.samples == config.samples)
        let spec = try NetworkSpec(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                                   ensemble: resolved.ensemble)
        let theory = try EnsembleTheory.predict(resolved.ensemble, width: width, slope: slope)
        self.spec = spec
        self.slope = slope
        initialization = resolved.choice.label
        samples = config.samples
        seed = config.seed
        generator = config.generator.name
        method = config.method
        self.theory = theory
        theoryUnavailableReason = theory == nil ? EnsembleTheory.unavailableReason(resolved.ensemble, width: width) : nil
        let estimate = LyapunovEstimate(finalLogNorms: finalLogNorms, depth: depth)
        self.estimate = estimate
        comparison = theory.map { TheoryComparison(theory: $0, estimate: estimate) }
        chain = ChainEstimate(increments, finalLogNorms: finalLogNorms)
        criticalScale = theory == nil
            ? CriticalScaleEstimate(chain: chain, sigma: spec.sigma, depth: depth, samples: config.samples) : nil
        pilot = resolved.pilot
    }

    /// Whether the ensemble meets the hypotheses of the limit theorems.
    public var meetsAssumptions: Bool { spec.ensemble.meetsLimitTheoremAssumptions }

    public var agrees: Bool? { comparison?.agrees }

    public var verdict: String {
        guard let agrees else { return "no closed form to compare with: Monte Carlo only" }
        return agrees ? "simulation agrees with theory" : "simulation DISAGREES with theory"
    }
}
