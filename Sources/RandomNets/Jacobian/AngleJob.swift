import Foundation

/// Two unit inputs at angle theta_0 through the same network: records
/// cos theta_l = <x_l, y_l> / (||x_l|| ||y_l||) after every layer.
///
/// The inputs are u, the ensemble's start direction ((1, ..., 1)/sqrt(N), the
/// forward simulator's x_0, unless the law says otherwise), and
/// cos(theta_0) u + sin(theta_0) w with w orthogonal to u (by default
/// (e_1 - e_2)/sqrt 2). For rotation-invariant ensembles the choice does not
/// matter; for entrywise ones it is fixed so runs are comparable.
final class AngleJob: SeveralVectorsJob, @unchecked Sendable {
    let width: Int
    let depth: Int
    let angle: Double
    let activation: any Activation
    /// The law, for its two input directions.
    let ensemble: any WeightEnsemble
    /// cos theta_l of sample i at [i L + l - 1]; NaN from the layer where either
    /// signal died (ReLU only).
    let cosines: UnsafeMutableBufferPointer<Double>

    init(spec: NetworkSpec, angle: Double, samples m: Int) {
        width = spec.width
        depth = spec.depth
        self.angle = angle
        activation = spec.activation
        ensemble = spec.ensemble
        cosines = .allocate(capacity: m * spec.depth)
        cosines.initialize(repeating: .nan)
    }

    deinit { cosines.deallocate() }

    var vectorCount: Int { 2 }
    var startNormals: Int { 0 }
    var resultsPerSample: Int { depth }
    func scratchCount(width n: Int) -> Int { 0 }

    func start(sample: Int, vectors: UnsafeMutablePointer<Double>, normals: UnsafePointer<Double>,
               scratch: UnsafeMutablePointer<Double>) {
        let n = width
        let (c, s) = (cos(angle), sin(angle))
        ensemble.startDirection(width: n, into: vectors)
        _ = ensemble.secondDirection(width: n, into: vectors + n)  // checked by checkRun
        for i in 0..<n { vectors[n + i] = c * vectors[i] + s * vectors[n + i] }
    }

    func layer(_ layer: Int, sample: Int, images: UnsafeMutablePointer<Double>,
               vectors: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Bool {
        let n = width
        guard ForwardStep.advance(images, into: vectors, width: n, activation: activation) != nil,
              ForwardStep.advance(images + n, into: vectors + n, width: n, activation: activation) != nil
        else { return false }
        // Both are unit vectors; rounding can push the dot a hair past 1.
        cosines[sample * depth + layer - 1] = min(1, max(-1, Kernels.dot(vectors, vectors + n, n)))
        return true
    }

    func finish(sample: Int, layersDone: Int, scratch: UnsafeMutablePointer<Double>) {}
}

/// What an angle run measured: cos theta_l per sample and layer.
public struct AngleSamples: Sendable {
    /// The network family that was simulated.
    public let spec: NetworkSpec
    /// The run's configuration.
    public let config: SimulationConfig
    /// theta_0, the angle between the two inputs, in radians.
    public let initialAngle: Double
    /// cos theta_l of sample i at [i L + l - 1]; NaN after either input's
    /// signal died.
    public let cosines: [Double]

    /// cos theta_l of sample `i` after layer `l` (1-based); NaN after either input's signal died.
    public func cosine(layer l: Int, sample i: Int) -> Double { cosines[i * spec.depth + l - 1] }

    /// Rebuilds a run's samples from its records: `config` is the whole run's.
    public init(spec: NetworkSpec, config: SimulationConfig, initialAngle: Double, cosines: [Double]) {
        self.spec = spec
        self.config = config
        self.initialAngle = initialAngle
        self.cosines = cosines
    }
}

/// How the angle between two inputs evolves through one random network.
public enum InputAngles {
    /// Sends two unit inputs at angle `angle` through each of `config.samples` networks and records cos theta_l at every layer.
    /// - Throws: ``InvalidParameter`` if the activation is not positively homogeneous, the angle is out of range or the run is too large.
    public static func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, angle: Double) throws -> AngleSamples {
        try checkRun(spec, config, angle: angle)
        let job = AngleJob(spec: spec, angle: angle, samples: config.samples)
        try spec.ensemble.runSeveralVectors(job, spec, config)
        return AngleSamples(spec: spec, config: config, initialAngle: angle, cosines: Array(job.cosines))
    }

    /// Every check `simulate` makes, without running.
    public static func checkRun(_ spec: NetworkSpec, _ config: SimulationConfig, angle: Double) throws {
        try Validate.angle(angle, width: spec.width)
        let probe = UnsafeMutablePointer<Double>.allocate(capacity: spec.width)
        defer { probe.deallocate() }
        guard spec.ensemble.secondDirection(width: spec.width, into: probe) else {
            throw InvalidParameter(parameter: "width", "two inputs at an angle with \(spec.ensemble.name) weights need width 3 or more (the inputs W keeps span fewer directions), got \(spec.width)")
        }
        guard spec.activation.isPositivelyHomogeneous else {
            throw InvalidParameter(parameter: "activation", "the angle runs are implemented for positively homogeneous activations (Leaky ReLU), not \(spec.activation)")
        }
        try SeveralVectorsRunner.checkResources(vectors: 2, scratch: 0, resultsPerSample: spec.depth, spec, config)
    }
}
