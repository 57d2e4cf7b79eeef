import Foundation

/// Each exponent's Monte Carlo mean over M networks with its standard error,
/// the exponent sum, the forward lambda-hat, and the paired difference between
/// the top exponent and the forward rate (same networks, so the difference
/// has a much smaller error than either).
public struct SpectrumEstimate: Sendable {
    /// One estimated quantity: mean over the networks and standard error;
    /// `mean` is -infinity (and `standardError` nil) when some network's
    /// frame lost that dimension.
    public struct Value: Sendable {
        /// The mean over the networks.
        public let mean: Double
        /// Its standard error; nil where a network lost the dimension.
        public let standardError: Double?

        /// The mean and standard error of `values`; -infinity if any value is not finite.
        public init<C: Collection>(_ values: C) where C.Element == Double {
            if values.contains(where: { !$0.isFinite }) {
                mean = -.infinity
                standardError = nil
            } else {
                let m = SampleMoments(values)
                mean = m.mean
                standardError = m.standardError
            }
        }

        /// (estimate - value) / stderr; nil where either is not finite.
        public func zScore(against value: Double) -> Double? {
            guard let se = standardError, mean.isFinite, value.isFinite, se > 0 else { return nil }
            return (mean - value) / se
        }
    }

    /// The run it summarizes.
    public let samples: SpectrumSamples
    /// lambda_k-hat, k = 1...K.
    public let exponents: [Value]
    /// sum_k lambda_k-hat per network (only when K = N: the sum of a partial
    /// spectrum has no closed form to meet).
    public let exponentSum: Value?
    /// S_L / L of the forward vector.
    public let forwardLambda: Value
    /// lambda_1-hat - S_L/L, network by network.
    public let topMinusForward: Value

    /// Summarizes a spectrum run.
    public init(_ samples: SpectrumSamples) {
        self.samples = samples
        let k = samples.exponentCount, m = samples.config.samples
        let depth = Double(samples.spec.depth)
        exponents = (0..<k).map { j in Value((0..<m).lazy.map { samples.exponent(j, sample: $0) }) }
        exponentSum = k == samples.spec.width
            ? Value((0..<m).lazy.map { i in (0..<k).reduce(0.0) { $0 + samples.exponent($1, sample: i) } })
            : nil
        forwardLambda = Value(samples.forwardLogNorms.lazy.map { $0 / depth })
        topMinusForward = Value((0..<m).lazy.map { samples.exponent(0, sample: $0) - samples.forwardLogNorms[$0] / depth })
    }
}
