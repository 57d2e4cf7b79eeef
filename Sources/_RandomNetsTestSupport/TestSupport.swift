import RandomNets
import Testing

/// Shared helpers for the theorem checks.
public enum TestSupport {
    /// Runs M networks and summarizes them.
    public static func estimate(_ ensemble: Ensemble, width: Int, slope: Double, sigma: Double? = nil,
                         depth: Int, samples: Int, seed: UInt64, method: SamplingMethod = .full,
                         generator: RandomGenerator = .default, threads: Int = 2) throws
        -> (theory: TheoryPrediction, estimate: LyapunovEstimate, result: SimulationResult)
    {
        let s = sigma ?? LeakyReLU(slope: slope).heGain
        let spec = try NetworkSpec(width: width, depth: depth, slope: slope, ensemble: ensemble, sigma: s)
        _ = spec.leakySlope
        let config = try SimulationConfig(samples: samples, seed: seed, generator: generator,
                                          threads: threads, method: method)
        let result = try Simulator.run(spec, config)
        let theory = try LyapunovTheory.predict(ensemble: ensemble, width: width, slope: slope, sigma: s)
        return (theory, LyapunovEstimate(result), result)
    }

    /// Allowance for rounding in S_L: about L * 1e-15 per sample.
    public static func roundingAllowance(depth: Int) -> Double { 1e-13 * Double(max(1, depth)).squareRoot() }

    /// The checks every normal generator must pass: mean and variance within
    /// 4 standard errors of 0 and 1, Kolmogorov-Smirnov against N(0,1) not
    /// rejected, and (power) the same test rejecting N(0, wrongScale^2).
    public static func expectStandardNormal(_ z: [Double], wrongScale: Double,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        let moments = SampleMoments(z)
        let m = Double(z.count)
        #expect(abs(moments.mean) < 4 / m.squareRoot(), sourceLocation: sourceLocation)
        #expect(abs(moments.variance - 1) < 4 * (2 / m).squareRoot(), sourceLocation: sourceLocation)
        let ks = KolmogorovSmirnov(z) { Special.normalCDF($0) }
        #expect(ks.pValue > 0.001, "KS D = \(ks.statistic)", sourceLocation: sourceLocation)
        let wrong = KolmogorovSmirnov(z) { Special.normalCDF($0 / wrongScale) }
        #expect(wrong.pValue < 0.001, "scale \(wrongScale) not rejected", sourceLocation: sourceLocation)
    }

    /// The interval for s^2 = Var(S_L)/L that theorem checks assert on: Bonett's
    /// (valid without normality) at the 4-sigma level 1 - 2 Phi(-4), so that a
    /// correct theory fails a fixed-seed check with probability 6e-5 whenever the
    /// draws change, not 5% as with a 95% interval.
    public static func strictVarianceInterval(_ result: SimulationResult) -> ClosedRange<Double> {
        let alive = result.finalLogNorms.filter { $0.isFinite }
        let l = Double(result.spec.depth)
        let ci = VarianceInterval.bonett(alive, level: TheoryComparison.verdictLevel)
        return (ci.lowerBound / l)...(ci.upperBound / l)
    }
}
