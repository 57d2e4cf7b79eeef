import Foundation

/// Finite-width Monte Carlo at initialization for any activation: M
/// independent networks, each carrying B inputs through the same weights
/// (one W_l per layer applied to all B vectors, `applyFresh(vectors: B)`),
/// with per-layer statistics averaged within each network and then across
/// networks (the networks are independent, so the standard errors are
/// sd / sqrt(M) over per-network values).
///
/// Nothing is renormalized: unlike `Simulator`, which only follows log||x||
/// of positively homogeneous activations, this follows the actual signal.
/// Sample i draws its inputs, then its layers, from the stream of (seed, i):
/// bit-identical output for any thread count.
public struct ActivationProfile: Sendable {
    /// A unit is saturated when |phi'(h)| < 0.05: it passes less than 5% of a
    /// small change of its input (tanh: |h| > 2.18; erf: |h| > 1.95;
    /// softsign: |h| > 3.47; sigmoid: |h| > 2.94; hard-tanh: |h| > 1; ReLU:
    /// h < 0, so for the ReLU family this is the sparsity).
    public static let saturationThreshold = 0.05
    /// A unit is collapsed when |x| < 1e-3 times the input scale (inputs have
    /// root-mean-square entry 1): the signal there is lost to the next layer's noise.
    public static let collapseThreshold = 1e-3
    /// Most inputs a network carries.
    public static let maxInputs = 1024

    /// The inputs every network carries.
    public enum Inputs: Sendable {
        /// B inputs drawn per network: Gaussian directions scaled to norm
        /// sqrt(N), so q_0 = ||x_0||^2 / N = 1 exactly.
        case gaussian(count: Int)
        /// The same given inputs for every network.
        case fixed([[Double]])

        /// B, the number of inputs per network.
        public var count: Int {
            switch self {
            case .gaussian(let b): return b
            case .fixed(let v): return v.count
            }
        }
    }

    /// Mean over networks and its standard error.
    public struct Estimate: Sendable {
        /// The mean over networks.
        public let mean: Double
        /// Its standard error.
        public let stderr: Double
        /// Networks that contributed (correlations skip networks in which an
        /// input vanished).
        public let count: Int
    }

    /// The statistics of one layer, each a mean over networks with its standard error.
    public struct Layer: Sendable {
        /// The layer l, from 1.
        public let layer: Int
        /// q_l = ||h_l||^2 / N, h_l = W_l x_{l-1}, averaged over the inputs.
        public let q: Estimate
        /// Fraction of units with |phi'(h)| < 0.05 (the unit passes less than 5% of a small change).
        public let saturatedFraction: Estimate
        /// Fraction of units with |x| below ``collapseThreshold`` times the input scale.
        public let collapsedFraction: Estimate
        /// Mean over units of the standard deviation across the batch of x_{l,i}.
        public let dispersion: Estimate?
        /// Mean over input pairs of cos(h_l^a, h_l^b).
        public let correlation: Estimate?
        /// The mean pre-activation over units and inputs.
        public let preactivationMean: Estimate
        /// Fraction of pre-activations h <= 0 (inactive for ReLU).
        public let sparsity: Estimate
        /// Fraction of units inactive (h <= 0) on every input.
        public let deadFraction: Estimate
        /// The exact expectation of deadFraction given the previous layer
        /// (DeadUnitLaw.allInactiveProbability), averaged over networks; for
        /// the ReLU family, B <= 3 and a rotation-invariant ensemble.
        public let deadFractionExact: Estimate?
        /// Fraction of inputs sent to the zero vector by this layer.
        public let deadNetworkFraction: Estimate
    }

    /// The network family that was profiled.
    public let spec: NetworkSpec
    /// B, the number of inputs per network.
    public let inputCount: Int
    /// One entry per layer, 1 to L.
    public let layers: [Layer]

    /// Statistics slots per (network, layer).
    static let slots = 10

    /// Runs `config.samples` networks, each carrying the same B inputs through one draw of every W_l, nothing renormalized, and summarizes every layer. The result does not depend on `config.threads`.
    /// - Throws: ``InvalidParameter`` if B is not from 1 to 1024, or the run would not fit in memory or draws too many random numbers.
    public init(spec: NetworkSpec, inputs: Inputs, config: SimulationConfig) throws {
        let values = try Self.records(spec: spec, inputs: inputs, config: config)
        self.init(spec: spec, inputCount: inputs.count, records: values)
    }

    /// The same run, keeping layers whose values left a double's range with
    /// q = +inf (overflow) or 0 (underflow) rather than refusing: for a
    /// search that only asks whether q_L is above or below a target.
    init(spec: NetworkSpec, inputs: Inputs, config: SimulationConfig, keepingOutOfRange: Bool) throws {
        try Self.checkRun(spec: spec, inputs: inputs, config: config)
        var values = Self.simulate(spec.ensemble, spec: spec, inputs: inputs, config: config,
                                   exactDeath: Self.exactDeath(spec, inputCount: inputs.count))
        for i in stride(from: 0, to: values.count, by: Self.slots) where values[i] == -.infinity { values[i] = 0 }
        self.init(spec: spec, inputCount: inputs.count, records: values)
    }

    /// Whether slot 9 (the exact dead-unit probability given the previous
    /// layer) is computed: ReLU, at most 3 inputs, rotation-invariant weights.
    static func exactDeath(_ spec: NetworkSpec, inputCount b: Int) -> Bool {
        ActivationRegistry.leakySlope(of: spec.activation) == 0 && b <= 3 && spec.ensemble.isRotationInvariant
    }

    /// Doubles each network records: `slots` statistics per layer.
    public static func recordWidth(depth: Int) -> Int { depth * slots }

    /// Every check `records` makes, without running: the inputs, the
    /// method, the memory the results of `config.samples` networks take and
    /// the random-number budget. A long run checks its whole share here
    /// once, since `records` sees one chunk at a time.
    public static func checkRun(spec: NetworkSpec, inputs: Inputs, config: SimulationConfig) throws {
        let b = inputs.count
        guard b >= 1, b <= Self.maxInputs else {
            throw InvalidParameter(parameter: "inputs", "must be an integer from 1 to \(Self.maxInputs), got \(b)")
        }
        if case .fixed(let vectors) = inputs {
            guard vectors.allSatisfy({ $0.count == spec.width }) else {
                throw InvalidParameter(parameter: "inputs", "every input needs \(spec.width) coordinates")
            }
        }
        try config.checkMethod(for: spec.ensemble)
        let m = config.samples, l = spec.depth
        let bytes = 8.0 * Double(m) * Double(l) * Double(Self.slots)
            + 8.0 * Double(config.threads) * Double(2 * b * spec.width + spec.ensemble.scratchCount(width: spec.width))
        guard bytes <= SimulationConfig.memoryBudget else {
            throw InvalidParameter(parameter: "samples", String(format: "samples x depth needs %.1f GiB of memory, more than half of this machine", bytes / 1_073_741_824))
        }
        let normals = Double(m) * Double(l) * Double(spec.ensemble.drawsPerLayer(width: spec.width))
        guard normals <= SimulationConfig.maxNormals else {
            throw InvalidParameter(parameter: "samples", String(format: "samples x depth x (random numbers per layer) = %.2g, more than %.0g; lower them", normals, SimulationConfig.maxNormals))
        }
    }

    /// The per-network records of networks config.firstSample ..<
    /// firstSample + samples (network i on the stream of (seed, i)), in
    /// network order, `recordWidth(depth:)` doubles each: what a shard or a
    /// checkpoint keeps and `init(spec:inputCount:records:)` summarizes.
    public static func records(spec: NetworkSpec, inputs: Inputs, config: SimulationConfig) throws -> [Double] {
        try checkRun(spec: spec, inputs: inputs, config: config)
        let values = Self.simulate(spec.ensemble, spec: spec, inputs: inputs, config: config,
                                   exactDeath: exactDeath(spec, inputCount: inputs.count))
        try checkRange(values, spec: spec)
        return values
    }

    /// Nothing is renormalized here, so at a large or small sigma the
    /// pre-activations grow or shrink as (sigma^2 ...)^(l/2) and leave what a
    /// double holds: their squares overflow to inf (then inf - inf = nan, and
    /// a ReLU of nan reads as a dead network) or underflow to 0. The sampler
    /// marks such a layer with q = +inf or -inf; the run is refused rather than reported.
    static func checkRange(_ values: [Double], spec: NetworkSpec) throws {
        let l = spec.depth, m = values.count / (l * slots)
        var first = l
        for s in 0..<m {
            for layer in 0..<first where values[(s * l + layer) * slots].isInfinite {
                first = layer
                break
            }
        }
        guard first < l else { return }
        // What sets the range: the noise of W = I + Z; a Leaky ReLU slope further from 1 than sigma
        // (|a| = 1e40 at He's sigma 1.4e-40: units on the two sides differ by 1e40 a layer); else sigma.
        let g = { (x: Double) in String(format: "%g", x) }
        let slope = spec.leakySlope.flatMap { $0 != 0 && abs(log(abs($0))) > abs(log(spec.sigma)) ? $0 : nil }
        let (flag, cause): (String, String)
        if let noise = (spec.ensemble as? DiagonalNoiseEnsemble)?.noise {
            (flag, cause) = ("noise", "noise \(g(noise)); give a smaller noise")
        } else if let slope {
            (flag, cause) = ("slope", "slope \(g(slope)) (sigma \(g(spec.sigma))); give a slope nearer 1")
        } else {
            (flag, cause) = ("sigma", "sigma \(g(spec.sigma)); give a sigma nearer the critical one")
        }
        throw InvalidParameter(parameter: flag, "the pre-activations of some networks leave the range of a double (|h| beyond 1e154 or below 1e-154, whose squares overflow or underflow) by layer \(first + 1) of \(l) at \(cause)\(first > 0 ? " or a --depth below \(first + 1)" : "") (this command renormalizes nothing; `lyapsim estimate` does)")
    }

    /// Summarizes every layer over the networks' records (in network order).
    public init(spec: NetworkSpec, inputCount b: Int, records values: [Double]) {
        let l = spec.depth
        let m = values.count / (l * Self.slots)
        self.spec = spec
        self.inputCount = b
        let exactDeath = Self.exactDeath(spec, inputCount: b)
        layers = (0..<l).map { layer in
            func estimate(_ slot: Int) -> Estimate {
                var xs: [Double] = []
                xs.reserveCapacity(m)
                for s in 0..<m {
                    let v = values[(s * l + layer) * Self.slots + slot]
                    if !v.isNaN { xs.append(v) }
                }
                let mom = SampleMoments(xs)
                return Estimate(mean: mom.mean, stderr: xs.count > 1 ? mom.standardError : .nan, count: xs.count)
            }
            let corr = estimate(4)
            return Layer(layer: layer + 1, q: estimate(0), saturatedFraction: estimate(1),
                         collapsedFraction: estimate(2), dispersion: b >= 2 ? estimate(3) : nil,
                         correlation: b >= 2 && corr.count > 0 ? corr : nil,
                         preactivationMean: estimate(5), sparsity: estimate(6), deadFraction: estimate(7),
                         deadFractionExact: exactDeath ? estimate(9) : nil, deadNetworkFraction: estimate(8))
        }
    }

    /// Opens the ensemble's type so the per-sample loop (`PerSampleRun`, the
    /// one generator switch and thread loop) is generic over it.
    static func simulate<E: WeightEnsemble>(_ ensemble: E, spec: NetworkSpec, inputs: Inputs,
                                            config: SimulationConfig, exactDeath: Bool) -> [Double] {
        let out = Output(values: .allocate(capacity: config.samples * spec.depth * slots))
        defer { out.values.deallocate() }
        PerSampleRun.run(Work(ensemble: ensemble, spec: spec, inputs: inputs, exactDeath: exactDeath, out: out), config)
        return Array(out.values)
    }

    struct Output: @unchecked Sendable {
        let values: UnsafeMutableBufferPointer<Double>
    }

    struct Work<E: WeightEnsemble>: PerSampleWork {
        let ensemble: E
        let spec: NetworkSpec
        let inputs: Inputs
        let exactDeath: Bool
        let out: Output

        struct Workspace {
            let x, h, scratch: UnsafeMutablePointer<Double>
        }

        func makeWorkspace() -> Workspace {
            let n = spec.width, b = inputs.count
            return Workspace(x: .allocate(capacity: b * n), h: .allocate(capacity: b * n),
                             scratch: .allocate(capacity: max(1, ensemble.scratchCount(width: n))))
        }

        func release(_ w: Workspace) {
            w.x.deallocate(); w.h.deallocate(); w.scratch.deallocate()
        }

        func sample<Bits: RandomNumberGenerator>(_ s: Int, stream: inout RandomStream<Bits>, workspace w: Workspace) {
            ActivationProfile.sample(ensemble, spec, inputs, exactDeath, x: w.x, h: w.h, scratch: w.scratch,
                                     stream: &stream, into: out.values.baseAddress! + s * spec.depth * slots)
        }
    }

    /// One network: fills depth x slots statistics.
    static func sample<E: WeightEnsemble, Bits: RandomNumberGenerator>(
        _ ensemble: E, _ spec: NetworkSpec, _ inputs: Inputs, _ exactDeath: Bool,
        x: UnsafeMutablePointer<Double>, h: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>,
        stream: inout RandomStream<Bits>, into stats: UnsafeMutablePointer<Double>
    ) {
        let n = spec.width, b = inputs.count, phi = spec.activation
        let nd = Double(n), bd = Double(b), units = nd * bd
        switch inputs {
        case .gaussian:
            for v in 0..<b {
                let xv = x + v * n
                stream.fillStandardNormals(xv, count: n)
                let c = nd.squareRoot() / Kernels.norm(xv, n)
                for i in 0..<n { xv[i] *= c }
            }
        case .fixed(let vectors):
            for v in 0..<b { for i in 0..<n { x[v * n + i] = vectors[v][i] } }
        }
        var norms = [Double](repeating: 0, count: b)
        var tinyInput = [Bool](repeating: false, count: b)
        var previous: [[Double]] = []
        for layer in 0..<spec.depth {
            let st = stats + layer * slots
            if exactDeath {
                previous = (0..<b).map { v in Array(UnsafeBufferPointer(start: x + v * n, count: n)) }
            }
            // An input whose largest entry is not 0 but below 1e-150: an image of exactly 0 is then
            // underflow, not a death (sparse or Rademacher weights can send a normal-sized x to 0).
            for v in 0..<b {
                let largest = (0..<n).reduce(0.0) { max($0, abs(x[v * n + $1])) }
                tinyInput[v] = largest > 0 && largest < 1e-150
            }
            ensemble.applyFresh(to: x, vectors: b, width: n, into: h, scratch: scratch, stream: &stream)
            var outOfRange = 0.0   // +inf: overflow, -inf: underflow
            var qSum = 0.0, saturated = 0.0, collapsed = 0.0, hSum = 0.0, inactive = 0.0, deadInputs = 0.0
            for v in 0..<b {
                let hv = h + v * n, xv = x + v * n
                let ss = phi.activate(hv, into: xv, count: n)
                var hh = 0.0
                for i in 0..<n {
                    let t = hv[i]
                    hh += t * t
                    hSum += t
                    if t <= 0 { inactive += 1 }
                    if abs(phi.derivative(t)) < saturationThreshold { saturated += 1 }
                    if abs(xv[i]) < collapseThreshold { collapsed += 1 }
                }
                // ||h||^2 past the largest double, or below the smallest normal one while h is not
                // exactly 0: the values have left what a double holds (|h_i| beyond about 1e154 or under 1e-154).
                if !hh.isFinite { outOfRange = .infinity }
                // The scan for a nonzero entry runs only once ||h||^2 is already below the smallest normal double.
                if hh < Double.leastNormalMagnitude && outOfRange == 0
                    && (tinyInput[v] || (0..<n).contains { hv[$0] != 0 }) {
                    outOfRange = -.infinity
                }
                norms[v] = hh.squareRoot()
                qSum += hh / nd
                if ss == 0 { deadInputs += 1 }
            }
            var dead = 0.0, dispersion = 0.0
            for i in 0..<n {
                var allInactive = true, mean = 0.0
                for v in 0..<b {
                    if h[v * n + i] > 0 { allInactive = false }
                    mean += x[v * n + i]
                }
                if allInactive { dead += 1 }
                if b >= 2 {
                    mean /= bd
                    var ss = 0.0
                    for v in 0..<b { let d = x[v * n + i] - mean; ss += d * d }
                    dispersion += (ss / (bd - 1)).squareRoot()
                }
            }
            var corr = 0.0, pairs = 0
            if b >= 2 {
                for a in 0..<b where norms[a] > 0 {
                    for c in (a + 1)..<b where norms[c] > 0 {
                        corr += Kernels.dot(h + a * n, h + c * n, n) / (norms[a] * norms[c])
                        pairs += 1
                    }
                }
            }
            st[0] = qSum / bd
            st[1] = saturated / units
            st[2] = collapsed / units
            st[3] = b >= 2 ? dispersion / nd : .nan
            st[4] = pairs > 0 ? corr / Double(pairs) : .nan
            st[5] = hSum / units
            st[6] = inactive / units
            st[7] = dead / nd
            st[8] = deadInputs / bd
            st[9] = exactDeath ? DeadUnitLaw.allInactiveProbability(previous) ?? .nan : .nan
            // The spread across inputs and the cosines square and multiply entries: they can overflow first.
            if outOfRange == 0 && ((b >= 2 && !st[3].isFinite) || (pairs > 0 && !st[4].isFinite)) { outOfRange = .infinity }
            if outOfRange != 0 {
                // Marks q of this layer and the rest (whose numbers would be rounding artefacts) for `records`
                // to refuse; the other statistics of those layers are left out (NaN).
                for rest in layer..<spec.depth {
                    stats[rest * slots] = outOfRange
                    for k in 1..<slots { stats[rest * slots + k] = .nan }
                }
                return
            }
        }
    }
}
