import CLanes
import Foundation
import RandomNets

/// Forward and backward passes of an `MLPShape` network over a batch, as
/// matrix products.
///
/// Layout: feature-major batches. Row i of a layer's pre-activations over
/// the batch is contiguous (z[i * count + b]). The three products of a layer
/// (forward W X, backward W^T delta, weight gradient delta X^T) are CLanes'
/// `lanes_gemm`: packed, blocked FMA micro-kernels (AVX-512F, AVX2 or
/// portable C, chosen at run time), where every entry is one fused
/// multiply-add chain in increasing summation index. So a pass is a
/// deterministic function of its inputs, with the same bits on every run,
/// thread count, instruction-set level and machine with IEEE fma.
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
    /// Packing space for `lanes_gemm`, enough for every product of every layer.
    private let work: UnsafeMutablePointer<Double>
    /// The instruction-set level of the products (`LYAPSIM_RNG_LEVEL` caps
    /// it; every level gives the same bits).
    private let level = KernelLevel.value
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
        var space = 0
        for k in 0..<shape.layerCount {
            let fin = shape.fanIn(k), fout = shape.fanOut(k)
            space = max(space, lanes_gemm_workspace(fout, capacity, fin), lanes_gemm_workspace(fin, capacity, fout),
                        lanes_gemm_workspace(fout, fin, capacity))
        }
        work = .allocate(capacity: space)
    }

    deinit {
        for p in z { p.deallocate() }
        for p in a { p.deallocate() }
        delta.deallocate()
        deltaBelow.deallocate()
        work.deallocate()
    }

    /// The network output after `forward`: outputs x count, feature-major.
    public var output: UnsafePointer<Double> { UnsafePointer(z[shape.depth + 1]) }

    /// Runs the network on `count` inputs stored feature-major in `input`
    /// (inputs x count; feature f of sample s at input[f * inputStride + s],
    /// by default inputStride = count) and keeps every layer for `backward`
    /// (which expects the default layout). A stride lets a caller run a
    /// window of a larger feature-major data set without copying it.
    public func forward(parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int,
                        inputStride: Int? = nil) {
        precondition(c >= 1 && c <= capacity, "batch of \(c) outside 1...\(capacity)")
        precondition((inputStride ?? c) >= c, "input stride below the batch")
        count = c
        for k in 0..<shape.layerCount { layer(k, parameters: p, input: input, count: c, inputStride: inputStride ?? c) }
    }

    /// Recomputes layer k alone, its pre-activations and (below the output
    /// layer) activations, from the layer below as it stands (the input for
    /// k = 0), for a batch of `count`: for initializations that rescale one
    /// layer at a time (LSUV). Layers above k are left as they were.
    public func forwardLayer(_ k: Int, parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int) {
        precondition(c >= 1 && c <= capacity && k >= 0 && k < shape.layerCount)
        count = c
        layer(k, parameters: p, input: input, count: c, inputStride: c)
    }

    /// Layer k's pre-activations from the last pass (fanOut(k) x count, feature-major).
    public func preActivations(_ k: Int) -> UnsafePointer<Double> { UnsafePointer(z[k]) }

    @inline(__always)
    private func layer(_ k: Int, parameters p: UnsafePointer<Double>, input: UnsafePointer<Double>, count c: Int,
                       inputStride: Int) {
        let below = k == 0 ? input : UnsafePointer(a[k - 1])
        let fin = shape.fanIn(k), fout = shape.fanOut(k)
        let w = p + shape.weightOffset(k)
        let out = z[k]
        // z = b 1^T + W x: each entry's chain starts from its bias.
        if shape.biases {
            for i in 0..<fout { (out + i * c).update(repeating: p[shape.biasOffset(k) + i], count: c) }
        }
        lanes_gemm(fout, c, fin, w, fin, 1, below, k == 0 ? inputStride : c, 1, out, c, shape.biases ? 1 : 0, work, level)
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
            // dL/dW = delta x^T (dL/dW_ij = sum_b delta_i(b) x_j(b)); dL/db_i = sum_b delta_i(b).
            lanes_gemm(fout, fin, c, delta, c, 1, below, 1, c, gw, fin, 0, work, level)
            if shape.biases {
                for i in 0..<fout { gradient[shape.biasOffset(k) + i] = Self.sum(delta + i * c, c) }
            }
            guard k > 0 else { break }
            // delta_below = phi'(z) * (W^T delta).
            let w = p + shape.weightOffset(k)
            lanes_gemm(fin, c, fout, w, 1, fin, delta, c, 1, deltaBelow, c, 0, work, level)
            // phi'(z) from z and the kept a = phi(z): for tanh 1 - a^2, one
            // tanh per entry per step instead of two, with the same bits.
            let pre = z[k - 1], post = a[k - 1]
            for e in 0..<(fin * c) {
                deltaBelow[e] *= pre[e] == 0 ? derivativeAtZero : phi.derivative(pre[e], output: post[e])
            }
            swap(&delta, &deltaBelow)
            k -= 1
        }
    }

    /// sum_b x[b] with eight partial sums (lanes b mod 8, combined pairwise
    /// in a fixed order). Deterministic: the order depends on c only.
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
