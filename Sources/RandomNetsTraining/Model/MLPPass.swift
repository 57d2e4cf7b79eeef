import Foundation
import RandomNets

/// Forward and backward passes of an `MLPShape` network over a batch, as
/// matrix products written out as loops.
///
/// Layout: feature-major batches. Row i of a layer's pre-activations over
/// the batch is contiguous (z[i * count + b]), so every inner loop runs
/// over the batch: at width 2 a layer is a handful of length-B axpys and
/// dots that vectorize, instead of B tiny matrix-vector products. Each sum
/// is taken in one fixed order, so a pass is a deterministic function of
/// its inputs (bit-identical on every run and thread count).
///
/// One instance per run (it owns its buffers); generic over the activation
/// so phi and phi' are inlined into the loops.
public final class MLPPass<Phi: Activation> {
    public let shape: MLPShape
    public let phi: Phi
    /// Largest batch a pass accepts.
    public let capacity: Int

    /// Pre-activations z_k and activations a_k = phi(z_k) of every layer
    /// (the output layer's z is the network output; its a is unused).
    private let z: [UnsafeMutablePointer<Double>]
    private let a: [UnsafeMutablePointer<Double>]
    private var delta: UnsafeMutablePointer<Double>
    private var deltaBelow: UnsafeMutablePointer<Double>
    /// The batch size of the last forward pass.
    public private(set) var count = 0

    public init(shape: MLPShape, activation: Phi, capacity: Int) {
        self.shape = shape
        self.phi = activation
        self.capacity = capacity
        let rows = max(shape.width, shape.outputs)
        z = (0..<shape.layerCount).map { _ in .allocate(capacity: rows * capacity) }
        a = (0..<shape.layerCount).map { _ in .allocate(capacity: rows * capacity) }
        delta = .allocate(capacity: rows * capacity)
        deltaBelow = .allocate(capacity: rows * capacity)
    }

    deinit {
        for p in z { p.deallocate() }
        for p in a { p.deallocate() }
        delta.deallocate()
        deltaBelow.deallocate()
    }

    /// The network output after `forward`: outputs x count, feature-major.
    public var output: UnsafePointer<Double> { UnsafePointer(z[shape.depth + 1]) }

    /// Runs the network on `count` inputs stored feature-major in `input`
    /// (inputs x count) and keeps every layer for `backward`.
    public func forward(parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int) {
        precondition(c >= 1 && c <= capacity, "batch of \(c) outside 1...\(capacity)")
        count = c
        var below = input
        for k in 0..<shape.layerCount {
            let fin = shape.fanIn(k), fout = shape.fanOut(k)
            let w = p + shape.weightOffset(k)
            let out = z[k]
            for i in 0..<fout {
                let row = out + i * c
                let bias = shape.biases ? p[shape.biasOffset(k) + i] : 0
                for b in 0..<c { row[b] = bias }
                for j in 0..<fin {
                    let wij = w[i * fin + j]
                    let x = below + j * c
                    for b in 0..<c { row[b] += wij * x[b] }
                }
            }
            guard k <= shape.depth else { break }
            let act = a[k]
            for e in 0..<(fout * c) { act[e] = phi(out[e]) }
            below = UnsafePointer(act)
        }
    }

    /// Given dLoss/dOutput (outputs x count, feature-major) for the batch of
    /// the last `forward`, writes dLoss/dParameters into `gradient` (every
    /// entry is set, nothing accumulated).
    public func backward(parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>,
                         outputGradient: UnsafePointer<Double>, into gradient: UnsafeMutablePointer<Double>) {
        let c = count
        delta.update(from: outputGradient, count: shape.outputs * c)
        var k = shape.depth + 1
        while k >= 0 {
            let fin = shape.fanIn(k), fout = shape.fanOut(k)
            let below: UnsafePointer<Double> = k == 0 ? input : UnsafePointer(a[k - 1])
            let gw = gradient + shape.weightOffset(k)
            // dL/dW_ij = sum_b delta_i(b) x_j(b); dL/db_i = sum_b delta_i(b).
            for i in 0..<fout {
                let d = delta + i * c
                for j in 0..<fin {
                    let x = below + j * c
                    var s = 0.0
                    for b in 0..<c { s += d[b] * x[b] }
                    gw[i * fin + j] = s
                }
                if shape.biases {
                    var s = 0.0
                    for b in 0..<c { s += d[b] }
                    gradient[shape.biasOffset(k) + i] = s
                }
            }
            guard k > 0 else { break }
            // delta_below_j = phi'(z_j) sum_i W_ij delta_i.
            let w = p + shape.weightOffset(k)
            for j in 0..<fin {
                let row = deltaBelow + j * c
                for b in 0..<c { row[b] = 0 }
                for i in 0..<fout {
                    let wij = w[i * fin + j]
                    let d = delta + i * c
                    for b in 0..<c { row[b] += wij * d[b] }
                }
                let pre = z[k - 1] + j * c
                for b in 0..<c { row[b] *= phi.derivative(pre[b]) }
            }
            swap(&delta, &deltaBelow)
            k -= 1
        }
    }

    /// The log of the hidden stack's gain on the last forward batch:
    /// log ||X_L|| - log ||X_0|| (Frobenius norms over the batch), with X_0
    /// the activations after the input layer and X_L after the last hidden
    /// layer: what Lyapunov sampling measures. Norms are taken with scaling,
    /// so a gain of 1e-400 is -921, not log 0; an all-zero layer gives -inf.
    public var hiddenLogGain: Double {
        let n = shape.width * count
        return Self.logNorm(a[shape.depth], n) - Self.logNorm(a[0], n)
    }

    static func logNorm(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        var big = 0.0
        for e in 0..<n { big = max(big, abs(x[e])) }
        guard big > 0 else { return -.infinity }
        guard big.isFinite else { return .infinity }
        var s = 0.0
        for e in 0..<n { let t = x[e] / big; s += t * t }
        return log(big) + 0.5 * log(s)
    }
}
