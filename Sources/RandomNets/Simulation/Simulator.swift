import Foundation

/// Runs M independent networks of one spec and records the growth of the
/// log-norm of the activations.
///
/// Each sample i owns the random stream derived from (seed, i) and writes only
/// its own slots of the output, so the result is bit-identical for any thread
/// count. x_0 is the unit vector (1, ..., 1) / sqrt(N); after each layer the
/// activation is renormalized to unit length and the log of the norm
/// accumulated, so depth 10^6 neither overflows nor underflows.
///
/// The loop is generic over the layer draw (ensemble and method) and the bit
/// generator, and `WeightEnsemble.simulate` enters it with both concrete, so
/// it is compiled once per (ensemble, method, generator) with no dynamic
/// dispatch per random number. The activation and the observers are called
/// once per layer.
public enum Simulator {
    /// Runs `spec` under `config`; `observer` (if any) sees every layer.
    public static func run(_ spec: NetworkSpec, _ config: SimulationConfig,
                           observer: (any LayerObserver)? = nil) throws -> SimulationResult {
        // Renormalizing every layer and summing log-norms is exact only when
        // phi(c t) = c phi(t): for tanh it would return a number that is not
        // log||x_L||. Other activations go through `ActivationProfile`.
        guard spec.activation.isPositivelyHomogeneous else {
            throw InvalidParameter(parameter: "activation", "the log-norm simulation (S_L as a sum of per-layer increments) needs a positively homogeneous activation (leaky-relu, relu), not \(spec.activation); use ActivationProfile (`lyapsim profile`) for \(spec.activation)")
        }
        try config.checkResources(for: spec)
        return try spec.ensemble.simulate(spec, config, observer: observer)
    }

    /// Picks the bit generator, so the loop specializes on it.
    static func run<D: LayerDraw>(_ draw: D, _ spec: NetworkSpec, _ config: SimulationConfig,
                                  observer: (any LayerObserver)?) throws -> SimulationResult {
        let generator = config.generator
        let recorder = config.recordTrajectories ? TrajectoryRecorder(samples: config.samples, depth: spec.depth) : nil
        let observers = [recorder as (any LayerObserver)?, observer].compactMap { $0 }
        let finals: [Double]
        let first = config.firstSample
        switch generator.kind {
        case .xoshiro:
            finals = run(draw, spec, config, observers) { generator.xoshiroStream(seed: config.seed, index: first + $0) }
        case .xoshiroX8:
            finals = run(draw, spec, config, observers) { generator.xoshiroX8Stream(seed: config.seed, index: first + $0) }
        case .gsl:
            finals = run(draw, spec, config, observers) { generator.gslStream(seed: config.seed, index: first + $0) }
        }
        return SimulationResult(spec: spec, config: config, finalLogNorms: finals,
                                trajectories: recorder?.values ?? [])
    }

    static func run<D: LayerDraw, Bits: RandomNumberGenerator & SendableMetatype>(
        _ draw: D, _ spec: NetworkSpec, _ config: SimulationConfig, _ observers: [any LayerObserver],
        stream: @Sendable (Int) -> RandomStream<Bits>
    ) -> [Double] {
        let m = config.samples
        let finals = UnsafeMutableBufferPointer<Double>.allocate(capacity: m)
        defer { finals.deallocate() }
        let out = Output(finals: finals)
        let threads = min(config.threads, m)
        let n = spec.width
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let workspace = Workspace(width: n, scratch: draw.scratchCount(width: n))
            defer { workspace.deallocate() }
            var i = worker
            while i < m {
                var source = stream(i)
                out.finals[i] = runSample(i, draw: draw, spec: spec, stream: &source, workspace: workspace,
                                          observers: observers)
                i += threads
            }
        }
        return Array(finals)
    }

    /// Where samples write: disjoint slots per sample, so threads never race.
    struct Output: @unchecked Sendable {
        let finals: UnsafeMutableBufferPointer<Double>
    }

    /// Per-thread buffers: the activation, the pre-activation and the
    /// ensemble's scratch memory.
    struct Workspace {
        let x: UnsafeMutablePointer<Double>
        let h: UnsafeMutablePointer<Double>
        let scratch: UnsafeMutablePointer<Double>

        init(width n: Int, scratch count: Int) {
            x = .allocate(capacity: n)
            h = .allocate(capacity: n)
            scratch = .allocate(capacity: max(1, count))
        }

        func deallocate() {
            x.deallocate()
            h.deallocate()
            scratch.deallocate()
        }
    }

    /// One network: returns S_L (-infinity if the signal died).
    @inline(__always)
    static func runSample<D: LayerDraw, Bits: RandomNumberGenerator>(
        _ index: Int, draw: D, spec: NetworkSpec, stream: inout RandomStream<Bits>,
        workspace w: Workspace, observers: [any LayerObserver]
    ) -> Double {
        let n = spec.width
        let activation = spec.activation
        let x = w.x, h = w.h
        spec.ensemble.startDirection(width: n, into: x)
        var logNorm = 0.0
        for layer in 1...spec.depth {
            draw.draw(x: x, h: h, width: n, scratch: w.scratch, stream: &stream)
            // x_l = phi(h) / ||phi(h)||, S_l = S_{l-1} + log ||phi(h)||.
            guard let step = ForwardStep.advance(h, into: x, width: n, activation: activation) else { return -.infinity }
            logNorm += step
            for observer in observers {
                observer.observe(sample: index, layer: layer,
                                 preActivation: UnsafeBufferPointer(start: h, count: n),
                                 activation: UnsafeBufferPointer(start: x, count: n), logNorm: logNorm)
            }
        }
        return logNorm
    }
}
