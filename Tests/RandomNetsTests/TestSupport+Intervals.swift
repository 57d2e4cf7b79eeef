import RandomNets

extension TestSupport {
    /// The interval for s^2 = Var(S_L)/L that theorem checks assert on: Bonett's
    /// (valid without normality) at the 4-sigma level 1 - 2 Phi(-4), so that a
    /// correct theory fails a fixed-seed check with probability 6e-5 whenever the
    /// draws change, not 5% as with a 95% interval.
    static func strictVarianceInterval(_ result: SimulationResult) -> ClosedRange<Double> {
        let alive = result.finalLogNorms.filter { $0.isFinite }
        let l = Double(result.spec.depth)
        let ci = VarianceInterval.bonett(alive, level: EstimateReport.verdictLevel)
        return (ci.lowerBound / l)...(ci.upperBound / l)
    }
}
