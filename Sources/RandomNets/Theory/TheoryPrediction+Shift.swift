extension TheoryPrediction {
    /// The same prediction with lambda moved by `delta` (surviving lambda
    /// too): a nearby wrong prediction, for showing that a check has power.
    public func shiftingLyapunovExponent(by delta: Double) -> TheoryPrediction {
        TheoryPrediction(
            ensemble: ensemble, width: width, slope: slope, sigma: sigma,
            lyapunovExponent: lyapunovExponent + delta, cltVariance: cltVariance, criticalSigma: criticalSigma,
            deathProbabilityPerLayer: deathProbabilityPerLayer,
            survivingLyapunovExponent: survivingLyapunovExponent + delta, survivingCLTVariance: survivingCLTVariance)
    }
}
