import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// AdamW's update, clipping and the stable cross-entropy against their formulas.
@Suite("Optimizer, clipping and loss formulas")
struct OptimizerTests {
    /// Three AdamW steps on two parameters with hand-chosen gradients,
    /// against the update written out from Loshchilov and Hutter's
    /// Algorithm 2 (decoupled decay: theta (1 - lr wd), then the Adam step).
    @Test("AdamW's update equals its formula step by step; the coupled (L2) variant differs")
    func adamW() throws {
        let settings = try OptimizerSettings(kind: .adamw, learningRate: 0.1, weightDecay: 0.5)
        var state = OptimizerState(settings: settings, parameterCount: 2)
        var theta = [1.0, -2.0]
        let gradients = [[0.5, -1.0], [0.25, 4.0], [-1.0, 0.0]]
        var m = [0.0, 0.0], v = [0.0, 0.0], expected = theta
        var coupled = theta, mc = [0.0, 0.0], vc = [0.0, 0.0]
        for (t, g) in gradients.enumerated() {
            theta.withUnsafeMutableBufferPointer { p in g.withUnsafeBufferPointer { state.step(p.baseAddress!, gradient: $0.baseAddress!, count: 2) } }
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mhat = m[i] / (1 - pow(0.9, Double(t + 1))), vhat = v[i] / (1 - pow(0.999, Double(t + 1)))
                expected[i] = expected[i] * (1 - 0.1 * 0.5) - 0.1 * mhat / (vhat.squareRoot() + 1e-8)
                // Adam with L2 regularization: the decay enters the moments.
                let gc = g[i] + 0.5 * coupled[i]
                mc[i] = 0.9 * mc[i] + 0.1 * gc
                vc[i] = 0.999 * vc[i] + 0.001 * gc * gc
                let mch = mc[i] / (1 - pow(0.9, Double(t + 1))), vch = vc[i] / (1 - pow(0.999, Double(t + 1)))
                coupled[i] -= 0.1 * mch / (vch.squareRoot() + 1e-8)
            }
            for i in 0..<2 {
                #expect(abs(theta[i] - expected[i]) <= 1e-15 * max(1, abs(expected[i])))
                #expect(abs(theta[i] - coupled[i]) > 1e-3)
            }
        }
    }

    /// Step 1 by hand: mhat = g and vhat = g^2, so the step is lr g / (|g| + eps):
    /// theta_1 = 1 (1 - 0.1 * 0.5) - 0.1 * 0.5 / (0.5 + 1e-8) = 0.850000002 (to 1e-17).
    @Test("AdamW's first step by hand: 0.95 - 0.1 * 0.5 / (0.5 + 1e-8)")
    func adamWFirstStep() throws {
        var state = OptimizerState(settings: try OptimizerSettings(kind: .adamw, learningRate: 0.1, weightDecay: 0.5), parameterCount: 1)
        var theta = [1.0]
        theta.withUnsafeMutableBufferPointer { p in [0.5].withUnsafeBufferPointer { state.step(p.baseAddress!, gradient: $0.baseAddress!, count: 1) } }
        #expect(abs(theta[0] - 0.850000002) < 1e-15)
    }

    @Test("SGD with decoupled decay: theta (1 - lr wd) - lr g")
    func sgd() throws {
        var state = OptimizerState(settings: try OptimizerSettings(kind: .sgd, learningRate: 0.25, weightDecay: 0.5), parameterCount: 1)
        var theta = [2.0]
        theta.withUnsafeMutableBufferPointer { p in [4.0].withUnsafeBufferPointer { state.step(p.baseAddress!, gradient: $0.baseAddress!, count: 1) } }
        // 2 * (1 - 0.125) - 0.25 * 4 = 0.75, exact in binary.
        #expect(theta[0] == 0.75)
    }

    @Test("clipping keeps the direction and caps the norm at tau; small gradients untouched; huge entries do not overflow")
    func clipping() {
        var s = RandomStream(seed: 5)
        for tau in [1e-3, 0.5, 3.0] {
            let g0 = (0..<37).map { _ in 10 * s.nextNormal() }
            var g = g0
            let before = g.withUnsafeMutableBufferPointer { GradientClipping.clip($0.baseAddress!, count: 37, to: tau) }
            let after = g.withUnsafeBufferPointer { GradientClipping.norm($0.baseAddress!, count: 37) }
            #expect(before > tau)
            #expect(after <= tau * (1 + 4e-16 * 37))
            #expect(abs(after - tau) <= 1e-14 * tau)
            for i in 0..<37 { #expect(abs(g[i] / after - g0[i] / before) <= 1e-14) }
        }
        var small = [0.3, -0.4]
        let n = small.withUnsafeMutableBufferPointer { GradientClipping.clip($0.baseAddress!, count: 2, to: 1) }
        #expect(small == [0.3, -0.4])
        #expect(abs(n - 0.5) < 1e-16)
        var huge = [1e300, -1e300, 3e299]
        let hn = huge.withUnsafeMutableBufferPointer { GradientClipping.clip($0.baseAddress!, count: 3, to: 2) }
        #expect(hn.isFinite && abs(hn / (1e300 * (2.09).squareRoot()) - 1) < 1e-12)
        #expect(abs(huge.reduce(0) { $0 + $1 * $1 }.squareRoot() - 2) < 1e-12)
        var bad = [1.0, .nan]
        #expect(bad.withUnsafeMutableBufferPointer { GradientClipping.norm($0.baseAddress!, count: 2) }.isNaN)
    }

    static func crossEntropy(_ logits: [Double], label: Int) -> (Double, [Double]) {
        var g = [Double](repeating: 0, count: logits.count)
        let value = logits.withUnsafeBufferPointer { z in
            [Double(label)].withUnsafeBufferPointer { y in
                g.withUnsafeMutableBufferPointer {
                    TrainingLoss.softmaxCrossEntropy.evaluate(output: z.baseAddress!, targets: y.baseAddress!, outputs: logits.count, count: 1, gradient: $0.baseAddress!)
                }
            }
        }
        return (value, g)
    }

    @Test("softmax cross-entropy is finite for logits of 1e308 and equals the naive formula for moderate logits")
    func stableCrossEntropy() {
        let (equal, ge) = Self.crossEntropy([1e308, 1e308], label: 0)
        #expect(abs(equal - log(2.0)) < 1e-15)
        #expect(ge.allSatisfy { $0.isFinite })
        let (far, gf) = Self.crossEntropy([1e308, 0, -5], label: 1)
        #expect(far == 1e308)
        #expect(gf == [1, -1, 0])
        let (sure, _) = Self.crossEntropy([1e308, -1e308 / 2], label: 0)
        #expect(sure == 0)
        let (neg, gn) = Self.crossEntropy([-1e308, -1e308, -1e308], label: 2)
        #expect(abs(neg - log(3.0)) < 1e-15 && gn.allSatisfy { $0.isFinite })
        let z = [0.3, -1.2, 2.5]
        let naive = -log(exp(z[2]) / z.map(exp).reduce(0, +))
        #expect(abs(Self.crossEntropy(z, label: 2).0 - naive) < 1e-15)
    }
}
