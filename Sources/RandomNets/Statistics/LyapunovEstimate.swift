/// What a Monte Carlo run says about the limit theorems, from the surviving
/// samples' S_L (dead ReLU samples are counted, not averaged).
///
///   lambda-hat = mean(S_L) / L, standard error sd(S_L) / (L sqrt(M));
///   s^2-hat    = Var(S_L) / L with its 95% interval (Bonett's, valid without normality);
///   normality: Anderson-Darling on the standardized S_L (CLT).
/// Because the per-layer ratios are iid for both ensembles, E S_L = L lambda
/// and Var S_L = L s^2 hold exactly at every depth, not only in the limit.
public struct LyapunovEstimate: Sendable {
    /// The depth L.
    public let depth: Int
    /// The number M of networks simulated.
    public let samples: Int
    /// The networks that did not die (S_L finite).
    public let survivors: Int
    /// lambda-hat = mean(S_L)/L over the survivors.
    public let lyapunovExponent: Double
    /// Its standard error, sd(S_L)/(L sqrt(M)).
    public let standardError: Double
    /// s^2-hat = Var(S_L)/L over the survivors.
    public let cltVariance: Double
    /// Bonett's 95% interval for s^2; nil with fewer than 2 survivors.
    public let cltVarianceInterval: ClosedRange<Double>?
    /// Anderson-Darling on S_L; nil with fewer than 8 survivors.
    public let normality: AndersonDarling?

    /// The number of networks that died (ReLU only).
    public var deadCount: Int { samples - survivors }
    /// S_L of the surviving networks (what every statistic here is computed from).
    public let survivingLogNorms: [Double]

    /// The s^2 interval at another confidence level (the verdict uses 4
    /// sigma), by the same method as `cltVarianceInterval` (Bonett's, valid
    /// without normality).
    public func cltVarianceInterval(level: Double) -> ClosedRange<Double>? {
        guard survivors >= 2 else { return nil }
        let ci = VarianceInterval.bonett(survivingLogNorms, level: level)
        return (ci.lowerBound / Double(depth))...(ci.upperBound / Double(depth))
    }

    /// The estimate from a simulation's final log-norms.
    public init(_ result: SimulationResult) {
        self.init(finalLogNorms: result.finalLogNorms, depth: result.spec.depth)
    }

    /// The estimate from the log-norms S_L of M networks of depth `depth` (-infinity for a dead network).
    public init(finalLogNorms: [Double], depth: Int) {
        let alive = finalLogNorms.filter { $0.isFinite }
        let l = Double(depth)
        self.depth = depth
        samples = finalLogNorms.count
        survivors = alive.count
        survivingLogNorms = alive
        let moments = SampleMoments(alive)
        lyapunovExponent = moments.mean / l
        standardError = moments.standardError / l
        cltVariance = moments.variance / l
        if alive.count >= 2 {
            let ci = VarianceInterval.bonett(alive, level: 0.95)
            cltVarianceInterval = (ci.lowerBound / l)...(ci.upperBound / l)
        } else {
            cltVarianceInterval = nil
        }
        normality = alive.count >= 8 ? AndersonDarling(alive) : nil
    }

    /// (lambda-hat - lambda) / stderr.
    public func zScore(against lambda: Double) -> Double {
        (lyapunovExponent - lambda) / standardError
    }
}
