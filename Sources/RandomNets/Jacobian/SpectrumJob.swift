import Foundation

/// The Benettin (QR) method for the Lyapunov spectrum of the input-output
/// Jacobian J_L = D_L W_L ... D_1 W_1, D_l = diag(phi'(h_l)), along the
/// trajectory of x_0 = (1, ..., 1)/sqrt(N).
///
/// Vector 0 is the forward activation; vectors 1...K are the tangent frame,
/// started at e_1...e_K. Each layer pushes all of them through the same W_l,
/// multiplies the tangents by D_l (read off the forward pre-activation) and
/// re-orthonormalizes them; lambda_k-hat = (1/L) sum_l log R_kk(l). Doing the
/// QR step every layer makes the result independent of any interval choice:
/// in exact arithmetic, the R of a product of T layers is the product of the
/// per-layer R's, so re-orthonormalizing less often would only lose accuracy.
final class SpectrumJob: SeveralVectorsJob, @unchecked Sendable {
    let exponents: Int
    let width: Int
    let activation: any Activation
    /// The law, for its start direction.
    let ensemble: any WeightEnsemble
    /// Per-sample results: M x K exponents (row-major) and S_L.
    let exponentSlots: UnsafeMutableBufferPointer<Double>
    let forwardSlots: UnsafeMutableBufferPointer<Double>

    init(exponents k: Int, spec: NetworkSpec, samples m: Int) {
        exponents = k
        width = spec.width
        activation = spec.activation
        ensemble = spec.ensemble
        exponentSlots = .allocate(capacity: m * k)
        forwardSlots = .allocate(capacity: m)
    }

    deinit {
        exponentSlots.deallocate()
        forwardSlots.deallocate()
    }

    var vectorCount: Int { exponents + 1 }
    var startNormals: Int { 0 }
    var resultsPerSample: Int { exponents + 1 }

    // Scratch: logR[K], coefficients[K], d[N], then S (forward log-norm) and
    // the number of tangents still independent, then the panel QR's workspace.
    func scratchCount(width n: Int) -> Int { Self.scratchCount(exponents: exponents, width: n) }

    static func scratchCount(exponents k: Int, width n: Int) -> Int {
        2 * k + n + 2 + TangentFrame.panelScratchCount(count: k, width: n)
    }

    func start(sample: Int, vectors: UnsafeMutablePointer<Double>, normals: UnsafePointer<Double>,
               scratch: UnsafeMutablePointer<Double>) {
        let n = width, k = exponents
        ensemble.startDirection(width: n, into: vectors)
        TangentFrame.setStandardBasis(vectors + n, count: k, width: n)
        scratch.update(repeating: 0, count: 2 * k + n)
        scratch[2 * k + n] = 0
        scratch[2 * k + n + 1] = Double(k)
    }

    func layer(_ layer: Int, sample: Int, images: UnsafeMutablePointer<Double>,
               vectors: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Bool {
        let n = width, k = exponents
        let logR = scratch, d = scratch + 2 * k
        for i in 0..<n { d[i] = activation.derivative(images[i]) }
        guard let step = ForwardStep.advance(images, into: vectors, width: n, activation: activation) else {
            scratch[2 * k + n] = -.infinity
            return false
        }
        scratch[2 * k + n] += step
        let alive = Int(scratch[2 * k + n + 1])
        for j in 0..<alive {
            let image = images + (j + 1) * n, tangent = vectors + (j + 1) * n
            for i in 0..<n { tangent[i] = d[i] * image[i] }
        }
        let independent = TangentFrame.orthonormalizeInPanels(vectors + n, count: alive, width: n, logR: logR,
                                                              scratch: scratch + 2 * k + n + 2)
        if independent < alive {
            // The frame lost dimension: exponents beyond it are -infinity.
            (vectors + (independent + 1) * n).update(repeating: 0, count: (k - independent) * n)
            scratch[2 * k + n + 1] = Double(independent)
        }
        return true
    }

    func finish(sample: Int, layersDone: Int, scratch: UnsafeMutablePointer<Double>) {
        let n = width, k = exponents
        let forward = scratch[2 * k + n]
        forwardSlots[sample] = forward
        let alive = forward.isFinite ? Int(scratch[2 * k + n + 1]) : 0
        let depth = Double(layersDone)
        for j in 0..<k {
            exponentSlots[sample * k + j] = j < alive ? scratch[j] / depth : -.infinity
        }
    }
}

/// What a spectrum run measured, per sample.
public struct SpectrumSamples: Sendable {
    /// The network family that was simulated.
    public let spec: NetworkSpec
    /// The run's configuration.
    public let config: SimulationConfig
    /// K: exponents per sample.
    public let exponentCount: Int
    /// lambda_k-hat of sample i at [i K + k], in decreasing order of k's
    /// expected value (the QR method orders the frame: k = 0 is the top).
    public let exponents: [Double]
    /// S_L = log||x_L|| of the forward vector, per sample.
    public let forwardLogNorms: [Double]

    /// lambda_(k+1)-hat of sample `i` (k = 0 is the top exponent).
    public func exponent(_ k: Int, sample i: Int) -> Double { exponents[i * exponentCount + k] }

    /// Rebuilds a run's samples from its records (merged shards, a resumed
    /// checkpoint): `config` is the whole run's.
    public init(spec: NetworkSpec, config: SimulationConfig, exponentCount: Int, exponents: [Double],
                forwardLogNorms: [Double]) {
        precondition(exponents.count == forwardLogNorms.count * exponentCount)
        self.spec = spec
        self.config = config
        self.exponentCount = exponentCount
        self.exponents = exponents
        self.forwardLogNorms = forwardLogNorms
    }
}

/// The Lyapunov spectrum of the network's input-output Jacobian by Monte Carlo.
public enum JacobianSpectrum {
    /// Runs the QR method with K = `exponents` tangent vectors on M =
    /// config.samples independent networks.
    public static func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, exponents k: Int) throws
        -> SpectrumSamples
    {
        try checkRun(spec, config, exponents: k)
        let job = SpectrumJob(exponents: k, spec: spec, samples: config.samples)
        try spec.ensemble.runSeveralVectors(job, spec, config)
        return SpectrumSamples(spec: spec, config: config, exponentCount: k, exponents: Array(job.exponentSlots),
                               forwardLogNorms: Array(job.forwardSlots))
    }

    /// Every check `simulate` makes, without running: parameters, method,
    /// memory and the random-number budget.
    public static func checkRun(_ spec: NetworkSpec, _ config: SimulationConfig, exponents k: Int) throws {
        try Validate.exponentCount(k, width: spec.width)
        try Validate.jacobianActivation(spec.activation)
        try SeveralVectorsRunner.checkResources(vectors: k + 1, scratch: SpectrumJob.scratchCount(exponents: k, width: spec.width),
                                                resultsPerSample: k + 1, spec, config)
    }
}
