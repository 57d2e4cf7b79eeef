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
    /// The architecture.
    public let shape: MLPShape
    /// The activation, as a concrete type so it is inlined.
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

    /// phi' at a pre-activation of exactly 0: the left derivative (the
    /// slope a for Leaky ReLU, 0 for ReLU), as PyTorch takes it. With the
    /// right derivative 1, a layer whose signal underflowed to exactly 0
    /// back-propagates like a linear network at the He gain, which grows
    /// (log 1.41 + (psi(N/2) + log(2/N))/2 > 0 per layer) and overflowed
    /// to a false "diverged" at depth 6000, width 4.
    private let derivativeAtZero: Double

    /// A pass for batches of up to `capacity` samples; allocates its buffers once.
    public init(shape: MLPShape, activation: Phi, capacity: Int) {
        self.shape = shape
        self.phi = activation
        derivativeAtZero = activation.derivative(-Double.leastNonzeroMagnitude)
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
        for k in 0..<shape.layerCount { layer(k, parameters: p, input: input, count: c) }
    }

    /// Recomputes layer k alone, its pre-activations and (below the output
    /// layer) activations, from the layer below as it stands (the input for
    /// k = 0), for a batch of `count`: for initializations that rescale one
    /// layer at a time (LSUV). Layers above k are left as they were.
    public func forwardLayer(_ k: Int, parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int) {
        precondition(c >= 1 && c <= capacity && k >= 0 && k < shape.layerCount)
        count = c
        layer(k, parameters: p, input: input, count: c)
    }

    /// Layer k's pre-activations from the last pass (fanOut(k) x count, feature-major).
    public func preActivations(_ k: Int) -> UnsafePointer<Double> { UnsafePointer(z[k]) }

    @inline(__always)
    private func layer(_ k: Int, parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int) {
        let below = k == 0 ? input : UnsafePointer(a[k - 1])
        let fin = shape.fanIn(k), fout = shape.fanOut(k)
        let w = p + shape.weightOffset(k)
        let out = z[k]
        for i in 0..<fout {
            let row = out + i * c
            let bias = shape.biases ? p[shape.biasOffset(k) + i] : 0
            for b in 0..<c { row[b] = bias }
            Self.accumulate(into: row, c, weights: w + i * fin, stride: 1, rows: below, count: fin)
        }
        guard k <= shape.depth else { return }
        let act = a[k]
        for e in 0..<(fout * c) { act[e] = phi(out[e]) }
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
                for j in 0..<fin { gw[i * fin + j] = Self.dot(d, below + j * c, c) }
                if shape.biases { gradient[shape.biasOffset(k) + i] = Self.sum(d, c) }
            }
            guard k > 0 else { break }
            // delta_below_j = phi'(z_j) sum_i W_ij delta_i.
            let w = p + shape.weightOffset(k)
            for j in 0..<fin {
                let row = deltaBelow + j * c
                for b in 0..<c { row[b] = 0 }
                Self.accumulate(into: row, c, weights: w + j, stride: fin, rows: UnsafePointer(delta), count: fout)
                let pre = z[k - 1] + j * c
                for b in 0..<c { row[b] *= pre[b] == 0 ? derivativeAtZero : phi.derivative(pre[b]) }
            }
            swap(&delta, &deltaBelow)
            k -= 1
        }
    }

    /// row[b] += sum_t weights[t * stride] * rows[t * c + b] for t < count,
    /// four source rows per pass over `row` (a quarter of its loads and
    /// stores), in a fixed order, so the result is deterministic. The forward
    /// pass reads a row of W (stride 1), the backward pass a column (stride fanIn).
    @inline(__always)
    static func accumulate(into row: UnsafeMutablePointer<Double>, _ c: Int, weights w: UnsafePointer<Double>, stride: Int,
                           rows x: UnsafePointer<Double>, count: Int) {
        var t = 0
        while t + 4 <= count {
            let w0 = w[t * stride], w1 = w[(t + 1) * stride], w2 = w[(t + 2) * stride], w3 = w[(t + 3) * stride]
            let x0 = x + t * c, x1 = x0 + c, x2 = x1 + c, x3 = x2 + c
            for b in 0..<c { row[b] += (w0 * x0[b] + w1 * x1[b]) + (w2 * x2[b] + w3 * x3[b]) }
            t += 4
        }
        while t < count {
            let wt = w[t * stride], xt = x + t * c
            for b in 0..<c { row[b] += wt * xt[b] }
            t += 1
        }
    }

    /// sum_b x[b] y[b] with eight independent partial sums (lanes b mod 8,
    /// combined pairwise in a fixed order): a single running sum is a chain
    /// of dependent additions the compiler may not reorder, and was 60% of a
    /// training step at width 8. Deterministic: the order depends on c only.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ c: Int) -> Double {
        var acc = SIMD8<Double>(repeating: 0)
        var b = 0
        while b + 8 <= c {
            acc += UnsafeRawPointer(x + b).loadUnaligned(as: SIMD8<Double>.self)
                * UnsafeRawPointer(y + b).loadUnaligned(as: SIMD8<Double>.self)
            b += 8
        }
        var s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
        while b < c { s += x[b] * y[b]; b += 1 }
        return s
    }

    @inline(__always)
    static func sum(_ x: UnsafePointer<Double>, _ c: Int) -> Double {
        var acc = SIMD8<Double>(repeating: 0)
        var b = 0
        while b + 8 <= c {
            acc += UnsafeRawPointer(x + b).loadUnaligned(as: SIMD8<Double>.self)
            b += 8
        }
        var s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
        while b < c { s += x[b]; b += 1 }
        return s
    }

    /// The log of the hidden stack's gain on the last forward batch:
    /// log ||X_L|| - log ||X_0|| (Frobenius norms over the batch), with X_0
    /// the activations after the input layer and X_L after the last hidden
    /// layer: what Lyapunov sampling measures. Norms are taken with scaling,
    /// so a gain of 1e-400 is -921, not log 0; an all-zero layer gives -inf,
    /// an overflowed one +inf (both: NaN).
    public var hiddenLogGain: Double {
        let n = shape.width * count
        return Self.logNorm(a[shape.depth], n) - Self.logNorm(a[0], n)
    }

    static func logNorm(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        var big = 0.0
        for e in 0..<n {
            // An overflowed (inf or NaN) entry is not a vanished signal.
            guard x[e].isFinite else { return .infinity }
            big = max(big, abs(x[e]))
        }
        guard big > 0 else { return -.infinity }
        var s = 0.0
        for e in 0..<n { let t = x[e] / big; s += t * t }
        return log(big) + 0.5 * log(s)
    }
}
