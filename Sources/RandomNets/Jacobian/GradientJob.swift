import Foundation

/// Backpropagation through a random network at initialization.
///
/// The forward pass pushes x and the basis e_1...e_N through each W_l, so the
/// images of the basis are W_l's columns: the same draw serves the forward
/// vector and the stored weights. Then a unit vector g, uniform on the sphere
/// (drawn from the sample's stream before layer 1), is propagated back as the
/// gradient of the loss <g, x_L>:
///   delta_L = g,  dL/dh_l = D_l delta_l,  delta_{l-1} = W_l^T D_l delta_l,
///   dL/dW_l = (D_l delta_l) x_{l-1}^T,  so ||dL/dW_l||_F = ||D_l delta_l|| ||x_{l-1}||,
/// with x the unnormalized activations of the unit input x_0 (||x_{l-1}|| =
/// exp S_{l-1}). Norms are carried as logarithms, so any depth is safe.
/// delta_0 = J_L^T g: its log-norm over L is the backward growth rate.
final class GradientJob: SeveralVectorsJob, @unchecked Sendable {
    let width: Int
    let depth: Int
    let activation: any Activation
    /// The law, for its start direction.
    let ensemble: any WeightEnsemble
    /// log||dL/dW_l||_F of sample i at [i L + l - 1].
    let gradientSlots: UnsafeMutableBufferPointer<Double>
    /// log||J_L^T g|| and S_L per sample.
    let backwardSlots: UnsafeMutableBufferPointer<Double>
    let forwardSlots: UnsafeMutableBufferPointer<Double>

    init(spec: NetworkSpec, samples m: Int) {
        width = spec.width
        depth = spec.depth
        activation = spec.activation
        ensemble = spec.ensemble
        gradientSlots = .allocate(capacity: m * spec.depth)
        backwardSlots = .allocate(capacity: m)
        forwardSlots = .allocate(capacity: m)
    }

    deinit {
        gradientSlots.deallocate()
        backwardSlots.deallocate()
        forwardSlots.deallocate()
    }

    var vectorCount: Int { width + 1 }
    var startNormals: Int { width }
    var resultsPerSample: Int { depth + 2 }

    // Scratch layout: W_l column-major (L N^2), d_l (L N), S_{l-1} (L), g and
    // two backward buffers (3 N).
    func scratchCount(width n: Int) -> Int { depth * n * n + depth * n + depth + 3 * n }

    private func layout(_ s: UnsafeMutablePointer<Double>) -> (w: UnsafeMutablePointer<Double>, d: UnsafeMutablePointer<Double>,
                                                               logNorm: UnsafeMutablePointer<Double>, g: UnsafeMutablePointer<Double>) {
        let n = width, l = depth
        let w = s, d = w + l * n * n, logNorm = d + l * n, g = logNorm + l
        return (w, d, logNorm, g)
    }

    func start(sample: Int, vectors: UnsafeMutablePointer<Double>, normals: UnsafePointer<Double>,
               scratch: UnsafeMutablePointer<Double>) {
        let n = width
        ensemble.startDirection(width: n, into: vectors)
        TangentFrame.setStandardBasis(vectors + n, count: n, width: n)
        let s = layout(scratch)
        let norm = Kernels.norm(normals, n)
        for i in 0..<n { s.g[i] = normals[i] / norm }
        s.logNorm[0] = 0
    }

    func layer(_ layer: Int, sample: Int, images: UnsafeMutablePointer<Double>,
               vectors: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Bool {
        let n = width
        let s = layout(scratch)
        let l = layer - 1
        (s.w + l * n * n).update(from: images + n, count: n * n)
        for i in 0..<n { s.d[l * n + i] = activation.derivative(images[i]) }
        guard let step = ForwardStep.advance(images, into: vectors, width: n, activation: activation) else {
            return false
        }
        if layer < depth { s.logNorm[layer] = s.logNorm[l] + step } else { forwardSlots[sample] = s.logNorm[l] + step }
        TangentFrame.setStandardBasis(vectors + n, count: n, width: n)
        return true
    }

    func finish(sample: Int, layersDone: Int, scratch: UnsafeMutablePointer<Double>) {
        let n = width, l = depth
        guard layersDone == l, forwardSlots[sample].isFinite else {
            // The forward signal died (ReLU): every gradient is exactly 0.
            forwardSlots[sample] = -.infinity
            backwardSlots[sample] = -.infinity
            for j in 0..<l { gradientSlots[sample * l + j] = -.infinity }
            return
        }
        let s = layout(scratch)
        let delta = s.g, u = s.g + n, next = s.g + 2 * n
        var logScale = 0.0  // delta_l (true) = exp(logScale) * delta (stored, unit)
        for layer in stride(from: l, through: 1, by: -1) {
            let j = layer - 1
            let d = s.d + j * n, w = s.w + j * n * n
            for i in 0..<n { u[i] = d[i] * delta[i] }
            let uNorm = Kernels.scaledNorm(u, n)
            gradientSlots[sample * l + j] = uNorm > 0 ? log(uNorm) + logScale + s.logNorm[j] : -.infinity
            // delta_{l-1} = W_l^T u: entry c is column c of W_l dotted with u.
            for c in 0..<n { next[c] = Kernels.dot(w + c * n, u, n) }
            let norm = Kernels.scaledNorm(next, n)
            guard norm > 0, norm.isFinite else {
                backwardSlots[sample] = -.infinity
                for k in 0..<j { gradientSlots[sample * l + k] = -.infinity }
                return
            }
            logScale += log(norm)
            for i in 0..<n { delta[i] = next[i] / norm }
        }
        backwardSlots[sample] = logScale
    }
}

/// What a gradient run measured, per sample.
public struct GradientSamples: Sendable {
    /// The network family that was simulated.
    public let spec: NetworkSpec
    /// The run's configuration.
    public let config: SimulationConfig
    /// log||dL/dW_l||_F of sample i at [i L + l - 1] for L = <g, x_L>.
    public let logGradientNorms: [Double]
    /// log||J_L^T g|| per sample.
    public let backwardLogNorms: [Double]
    /// S_L = log||x_L|| per sample.
    public let forwardLogNorms: [Double]

    /// log||dL/dW_l||_F of sample `i` at layer `l` (1-based).
    public func logGradientNorm(layer l: Int, sample i: Int) -> Double { logGradientNorms[i * spec.depth + l - 1] }

    /// Rebuilds a run's samples from its records: `config` is the whole run's.
    public init(spec: NetworkSpec, config: SimulationConfig, logGradientNorms: [Double], backwardLogNorms: [Double],
                forwardLogNorms: [Double]) {
        precondition(logGradientNorms.count == forwardLogNorms.count * spec.depth
            && backwardLogNorms.count == forwardLogNorms.count)
        self.spec = spec
        self.config = config
        self.logGradientNorms = logGradientNorms
        self.backwardLogNorms = backwardLogNorms
        self.forwardLogNorms = forwardLogNorms
    }
}

/// Gradients at initialization by backpropagation through stored weights.
public enum Backpropagation {
    /// Back-propagates the loss <g, x_L>, g uniform on the unit sphere, through each of `config.samples` networks and records the weight-gradient norms and the backward and forward log-norms.
    /// - Throws: ``InvalidParameter`` if the activation is not positively homogeneous or the run is too large.
    public static func simulate(_ spec: NetworkSpec, _ config: SimulationConfig) throws -> GradientSamples {
        try checkRun(spec, config)
        let job = GradientJob(spec: spec, samples: config.samples)
        try spec.ensemble.runSeveralVectors(job, spec, config)
        return GradientSamples(spec: spec, config: config, logGradientNorms: Array(job.gradientSlots),
                               backwardLogNorms: Array(job.backwardSlots), forwardLogNorms: Array(job.forwardSlots))
    }

    /// Every check `simulate` makes, without running: the stored weights
    /// (L N^2 doubles per thread) must fit in memory.
    public static func checkRun(_ spec: NetworkSpec, _ config: SimulationConfig) throws {
        try Validate.jacobianActivation(spec.activation)
        guard config.method == .full else {
            throw InvalidParameter(parameter: "method", "gradients need every weight matrix: use --method full")
        }
        let n = Double(spec.width), l = Double(spec.depth)
        let scratch = l * n * n + l * n + l + 3 * n
        guard scratch < 1e15 else {
            throw InvalidParameter(parameter: "depth", "depth x width^2 is too large to store the weights")
        }
        try SeveralVectorsRunner.checkResources(vectors: spec.width + 1, scratch: Int(scratch),
                                                resultsPerSample: spec.depth + 2, spec, config)
    }
}
