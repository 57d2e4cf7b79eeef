import Foundation

/// The top Lyapunov exponents of the input-output Jacobian of a network
/// with biases, x_l = phi(W_l x_{l-1} + b_l), b_l iid N(0, sigma_b^2 I), by
/// the QR (Benettin) method.
///
/// With biases ||x_L|| no longer shrinks to 0 (it settles where the variance
/// map has its fixed point, q* per coordinate in the mean-field limit), so
/// whether a deep network keeps its gradients is decided by the Jacobian's
/// top exponent lambda_1: perturbations grow (chaos) when lambda_1 > 0 and
/// die (order) when lambda_1 < 0. As N -> infinity, lambda_1 -> (1/2) log
/// chi_1 (Poole et al. 2016; Schoenholz et al. 2017, "Deep information
/// propagation"); finite width lowers it, as it lowers lambda without biases.
///
/// The forward vector is NOT renormalized (phi(W x + b) is not homogeneous
/// in x); it starts at x_0 = (1, ..., 1), i.e. q_0 = 1 per coordinate. A run
/// whose forward signal leaves the doubles (Leaky ReLU deep in the chaotic
/// phase grows like chi_1^(l/2)) is refused rather than reported.
public enum BiasedSpectrum {
    /// Per-sample results.
    public struct Samples: Sendable {
        /// K exponents per sample.
        public let exponentCount: Int
        /// lambda_(k+1)-hat of sample i at [i K + k].
        public let exponents: [Double]
        /// log of the final forward norm per coordinate, (1/2) log(||x_L||^2 / N).
        public let finalLogLength: [Double]

        /// Rebuilds a run's samples from its records.
        public init(exponentCount: Int, exponents: [Double], finalLogLength: [Double]) {
            precondition(exponents.count == finalLogLength.count * exponentCount)
            self.exponentCount = exponentCount
            self.exponents = exponents
            self.finalLogLength = finalLogLength
        }
    }

    /// Runs the QR method with K = `exponents` tangents on config.samples
    /// networks of width N and the given depth, gaussian or any other
    /// square ensemble, biases N(0, sigma_b^2).
    /// - Throws: ``InvalidParameter`` for a bad size, or when the forward
    ///   signal overflows (say which parameter to lower).
    public static func simulate(width n: Int, depth: Int, activation: any Activation,
                                ensemble: any WeightEnsemble, biasSigma: Double, exponents k: Int,
                                config: SimulationConfig) throws -> Samples {
        try checkRun(width: n, depth: depth, ensemble: ensemble, biasSigma: biasSigma, exponents: k, config: config)
        let work = Work(n: n, depth: depth, k: k, activation: activation, ensemble: ensemble, biasSigma: biasSigma,
                        samples: config.samples)
        defer { work.deallocate() }
        PerSampleRun.run(work, config)
        let lengths = Array(work.lengths)
        if let bad = lengths.firstIndex(where: { $0.isNaN || $0 == .infinity }) {
            throw InvalidParameter(parameter: "depth", "the forward signal overflowed in sample \(config.firstSample + bad) (with biases it is not renormalized, and in the chaotic phase it grows like chi_1^(l/2)); lower --depth or --sigma")
        }
        return Samples(exponentCount: k, exponents: Array(work.exponents), finalLogLength: lengths)
    }

    /// Every check `simulate` makes, without running: sizes and the random
    /// numbers of `config.samples` networks (weights and biases). A long run
    /// checks its whole share once; `simulate` sees one chunk at a time.
    public static func checkRun(width n: Int, depth: Int, ensemble: any WeightEnsemble, biasSigma: Double,
                                exponents k: Int, config: SimulationConfig) throws {
        try Validate.width(n)
        try Validate.depth(depth)
        try Validate.exponentCount(k, width: n)
        try Validate.biasSigma(biasSigma)
        let draws = Double(config.samples) * Double(depth) * Double(ensemble.drawsPerLayer(width: n) + n)
        guard draws <= SimulationConfig.maxNormals else {
            throw InvalidParameter(parameter: "samples", "this run would draw \(draws) random numbers, more than \(SimulationConfig.maxNormals); lower --samples or --depth")
        }
    }

    final class Work: PerSampleWork, @unchecked Sendable {
        let n: Int, depth: Int, k: Int
        let activation: any Activation
        let ensemble: any WeightEnsemble
        let biasSigma: Double
        let exponents: UnsafeMutableBufferPointer<Double>
        let lengths: UnsafeMutableBufferPointer<Double>

        init(n: Int, depth: Int, k: Int, activation: any Activation, ensemble: any WeightEnsemble,
             biasSigma: Double, samples m: Int) {
            (self.n, self.depth, self.k, self.activation, self.ensemble, self.biasSigma) =
                (n, depth, k, activation, ensemble, biasSigma)
            exponents = .allocate(capacity: m * k)
            lengths = .allocate(capacity: m)
        }

        func deallocate() {
            exponents.deallocate()
            lengths.deallocate()
        }

        struct Buffers {
            let vectors: UnsafeMutablePointer<Double>, images: UnsafeMutablePointer<Double>
            let scratch: UnsafeMutablePointer<Double>, bias: UnsafeMutablePointer<Double>
            let d: UnsafeMutablePointer<Double>, logR: UnsafeMutablePointer<Double>
            let coefficients: UnsafeMutablePointer<Double>
        }

        func makeWorkspace() -> Buffers {
            Buffers(vectors: .allocate(capacity: n * (k + 1)), images: .allocate(capacity: n * (k + 1)),
                    scratch: .allocate(capacity: max(1, ensemble.scratchCount(width: n))),
                    bias: .allocate(capacity: n), d: .allocate(capacity: n), logR: .allocate(capacity: k),
                    coefficients: .allocate(capacity: k))
        }

        func release(_ b: Buffers) {
            for p in [b.vectors, b.images, b.scratch, b.bias, b.d, b.logR, b.coefficients] { p.deallocate() }
        }

        func sample<Bits: RandomNumberGenerator>(_ index: Int, stream: inout RandomStream<Bits>, workspace b: Buffers) {
            // x_0 with q_0 = 1 in the ensemble's start direction: u / u_default,
            // which is exactly (1, ..., 1) for the default u = (1, ..., 1)/sqrt(n).
            ensemble.startDirection(width: n, into: b.vectors)
            let unit = 1 / Double(n).squareRoot()
            for i in 0..<n { b.vectors[i] /= unit }
            TangentFrame.setStandardBasis(b.vectors + n, count: k, width: n)
            b.logR.update(repeating: 0, count: k)
            var alive = k
            for _ in 0..<depth {
                // One W for the forward vector and the tangents; then b_l.
                ensemble.applyFresh(to: b.vectors, vectors: k + 1, width: n, into: b.images, scratch: b.scratch,
                                    stream: &stream)
                stream.fillStandardNormals(b.bias, count: n)
                for i in 0..<n {
                    let h = b.images[i] + biasSigma * b.bias[i]
                    b.d[i] = activation.derivative(h)
                    b.vectors[i] = activation(h)
                }
                for j in 0..<alive {
                    let image = b.images + (j + 1) * n, tangent = b.vectors + (j + 1) * n
                    for i in 0..<n { tangent[i] = b.d[i] * image[i] }
                }
                let independent = TangentFrame.orthonormalize(b.vectors + n, count: alive, width: n, logR: b.logR,
                                                              coefficients: b.coefficients)
                if independent < alive {
                    (b.vectors + (independent + 1) * n).update(repeating: 0, count: (k - independent) * n)
                    for j in independent..<alive { b.logR[j] = -.infinity }
                    alive = independent
                }
            }
            var ss = 0.0
            for i in 0..<n { ss += b.vectors[i] * b.vectors[i] }
            lengths[index] = 0.5 * log(ss / Double(n))
            for j in 0..<k { exponents[index * k + j] = b.logR[j] / Double(depth) }
        }
    }
}
