import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// The trainer's gradient is the derivative of its loss: backpropagation
/// against central finite differences, every parameter, in Double.
@Suite("Backpropagation equals the derivative of the loss")
struct BackpropagationTests {
    struct Problem {
        let shape: MLPShape
        let params: [Double]
        let x: [Double]
        let y: [Double]
        let count: Int
        let loss: TrainingLoss
    }

    /// A small network (3 -> 4, three 4 x 4 hidden layers, 4 -> 2, biases)
    /// with random parameters and a batch of 5.
    /// Batch 19 runs the eight-lane bias sums twice plus a scalar tail of 3
    /// (every real run uses batch 64); widths 2 and 6 take `lanes_gemm`'s
    /// direct loops, width 13 at batch 37 its packed tiles with partial edge
    /// tiles in both directions, width 24 at batch 40 whole and edge tiles
    /// in every product.
    static func problem(loss: TrainingLoss, seed: UInt64, width: Int = 4, batch: Int = 5) throws -> Problem {
        let shape = try MLPShape(inputs: 3, width: width, depth: 3, outputs: 2, biases: true)
        var s = RandomStream(seed: seed)
        let params = (0..<shape.parameterCount).map { _ in 0.7 * s.nextNormal() }
        let c = batch
        let x = (0..<(3 * c)).map { _ in s.nextNormal() }
        let y: [Double] = loss == .meanSquaredError ? (0..<(2 * c)).map { _ in s.nextNormal() } : (0..<c).map { _ in Double(s.next() & 1) }
        return Problem(shape: shape, params: params, x: x, y: y, count: c, loss: loss)
    }

    static func lossValue<Phi: Activation>(_ p: Problem, _ phi: Phi, _ params: [Double]) -> Double {
        let pass = MLPPass(shape: p.shape, activation: phi, capacity: p.count)
        params.withUnsafeBufferPointer { w in p.x.withUnsafeBufferPointer { pass.forward(parameters: w.baseAddress!, input: $0.baseAddress!, count: p.count) } }
        return p.y.withUnsafeBufferPointer {
            p.loss.evaluate(output: pass.output, targets: $0.baseAddress!, outputs: p.shape.outputs, count: p.count, gradient: nil)
        }
    }

    static func backprop<Phi: Activation>(_ p: Problem, _ phi: Phi) -> [Double] {
        let pass = MLPPass(shape: p.shape, activation: phi, capacity: p.count)
        var d = [Double](repeating: 0, count: p.shape.outputs * p.count)
        var g = [Double](repeating: 0, count: p.shape.parameterCount)
        p.params.withUnsafeBufferPointer { w in
            p.x.withUnsafeBufferPointer { x in
                pass.forward(parameters: w.baseAddress!, input: x.baseAddress!, count: p.count)
                _ = p.y.withUnsafeBufferPointer { y in
                    d.withUnsafeMutableBufferPointer {
                        p.loss.evaluate(output: pass.output, targets: y.baseAddress!, outputs: p.shape.outputs, count: p.count, gradient: $0.baseAddress!)
                    }
                }
                d.withUnsafeBufferPointer { dd in
                    g.withUnsafeMutableBufferPointer { pass.backward(parameters: w.baseAddress!, input: x.baseAddress!, outputGradient: dd.baseAddress!, into: $0.baseAddress!) }
                }
            }
        }
        return g
    }

    /// The largest relative error |g - fd| / max(|g|, |fd|, 1e-3 max_i |g_i|)
    /// over all parameters (the floor keeps an entry that is 0 up to rounding
    /// from dividing by nothing), fd the fourth-order central difference
    /// (8 (f(w+h) - f(w-h)) - (f(w+2h) - f(w-2h))) / 12h with h = 1e-4 max(1, |w|):
    /// Taylor error O(h^4) ~ 1e-16, rounding O(eps/h) ~ 1e-12. A Leaky ReLU
    /// kink within 2h of a pre-activation would spoil one entry; with these
    /// seeds none is.
    static func worstError<Phi: Activation, Psi: Activation>(_ p: Problem, backprop phi: Phi, loss psi: Psi) -> Double {
        let g = backprop(p, phi)
        let floor = 1e-3 * g.map(abs).max()!
        var worst = 0.0
        for i in 0..<p.params.count {
            let h = 1e-4 * max(1, abs(p.params[i]))
            func f(_ k: Double) -> Double { var w = p.params; w[i] += k * h; return lossValue(p, psi, w) }
            let fd = (8 * (f(1) - f(-1)) - (f(2) - f(-2))) / (12 * h)
            worst = max(worst, abs(g[i] - fd) / max(abs(g[i]), abs(fd), floor))
        }
        return worst
    }

    @Test("every parameter's gradient within 1e-6 relative of central differences (MSE, cross-entropy; Leaky ReLU, tanh)",
          arguments: [TrainingLoss.meanSquaredError, .softmaxCrossEntropy])
    func gradientCheck(loss: TrainingLoss) throws {
        for (seed, width, batch) in [(UInt64(1), 4, 5), (2, 4, 19), (3, 6, 19), (4, 2, 19), (5, 6, 64), (6, 13, 37), (7, 24, 40)] {
            let p = try Self.problem(loss: loss, seed: seed, width: width, batch: batch)
            let leaky = LeakyReLU(slope: 0.1)
            #expect(Self.worstError(p, backprop: leaky, loss: leaky) < 1e-6)
            #expect(Self.worstError(p, backprop: Tanh(), loss: Tanh()) < 1e-6)
        }
    }

    /// Power: the same check fails for a backward pass with a slightly wrong
    /// phi' (slope 0.101 instead of 0.1 below zero).
    @Test("power: a backward pass with slope 0.101 against a loss with slope 0.1 fails the check")
    func gradientCheckHasPower() throws {
        let p = try Self.problem(loss: .meanSquaredError, seed: 1, width: 6, batch: 19)
        #expect(Self.worstError(p, backprop: LeakyReLU(slope: 0.101), loss: LeakyReLU(slope: 0.1)) > 1e-4)
    }
}
