/// Watches every layer of every sample, so new observables (trajectories,
/// increments, activation statistics) need no change to the simulator's loop.
///
/// `observe` runs on the thread that simulates sample `sample`, after layer
/// `layer` (1-based). An observer must write only state indexed by `sample`
/// (each sample runs on one thread), which keeps output independent of the
/// thread count.
public protocol LayerObserver: Sendable {
    /// Called after layer `layer` of sample `sample`, on that sample's thread.
    ///
    /// - preActivation: h = W_l x_{l-1} with x_{l-1} of unit norm.
    /// - activation: x_l / ||x_l||, of unit norm.
    /// - logNorm: S_l = log||x_l|| - log||x_0||.
    func observe(sample: Int, layer: Int, preActivation: UnsafeBufferPointer<Double>,
                 activation: UnsafeBufferPointer<Double>, logNorm: Double)
}

/// Keeps S_l for every layer of every sample (M x L doubles, row-major);
/// entries after a sample dies stay -infinity.
final class TrajectoryRecorder: LayerObserver, @unchecked Sendable {
    let depth: Int
    private let buffer: UnsafeMutableBufferPointer<Double>

    init(samples: Int, depth: Int) {
        self.depth = depth
        buffer = .allocate(capacity: samples * depth)
        buffer.initialize(repeating: -.infinity)
    }

    deinit { buffer.deallocate() }

    func observe(sample: Int, layer: Int, preActivation: UnsafeBufferPointer<Double>,
                 activation: UnsafeBufferPointer<Double>, logNorm: Double) {
        buffer[sample * depth + layer - 1] = logNorm
    }

    var values: [Double] { Array(buffer) }
}
