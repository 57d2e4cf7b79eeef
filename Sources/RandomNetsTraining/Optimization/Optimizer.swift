import CLanes
import Foundation
import RandomNets

/// The optimizers: plain SGD and AdamW, both with decoupled weight decay
/// (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR
/// 2019): theta <- theta (1 - lr wd) before the gradient step, applied to
/// every parameter (weights and biases), as `torch.optim.AdamW` does with
/// `model.parameters()`.
public enum OptimizerKind: String, Sendable, CaseIterable {
    /// Stochastic gradient descent with decoupled weight decay.
    case sgd
    /// Adam with decoupled weight decay.
    case adamw
}

/// One optimizer's settings.
public struct OptimizerSettings: Sendable, Equatable {
    /// SGD or AdamW.
    public var kind: OptimizerKind
    /// The learning rate.
    public var learningRate: Double
    /// The decoupled weight decay, applied as theta (1 - lr wd) before each step.
    public var weightDecay: Double

    /// Largest learning rate accepted.
    public static let maxLearningRate = 10.0
    /// What the learning rate accepts.
    public static let learningRateRule = "a number in (0, 10]"
    /// What the weight decay accepts.
    public static let weightDecayRule = "a number >= 0 with lr * weight-decay < 1"
    /// Adam's decay of the first moment (PyTorch's default, as are the two below).
    public var beta1 = 0.9
    /// Adam's decay of the second moment.
    public var beta2 = 0.999
    /// Adam's epsilon in the denominator.
    public var epsilon = 1e-8

    /// Settings, checked.
    /// - Throws: `InvalidParameter` (from RandomNets) unless 0 < lr <= 10 and 0 <= wd with lr wd < 1.
    public init(kind: OptimizerKind, learningRate: Double, weightDecay: Double) throws {
        guard learningRate > 0, learningRate <= Self.maxLearningRate else {
            throw InvalidParameter(parameter: "lr", "the learning rate must be \(Self.learningRateRule), got \(learningRate)")
        }
        guard weightDecay >= 0, weightDecay * learningRate < 1 else {
            throw InvalidParameter(parameter: "weight-decay", "must be \(Self.weightDecayRule) (else every step flips or zeroes the weights), got \(weightDecay)")
        }
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }
}

/// The optimizer's state for one run (Adam's moments and step count).
public struct OptimizerState {
    /// The settings.
    public let settings: OptimizerSettings
    private var m: [Double]
    private var v: [Double]
    /// Steps taken so far.
    public private(set) var steps = 0

    /// Zeroed moments for `parameterCount` parameters.
    public init(settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        let adam = settings.kind == .adamw
        m = [Double](repeating: 0, count: adam ? parameterCount : 0)
        v = [Double](repeating: 0, count: adam ? parameterCount : 0)
    }

    /// Applies one update to `theta` from `gradient` (count entries each).
    public mutating func step(_ theta: UnsafeMutablePointer<Double>, gradient g: UnsafePointer<Double>, count: Int) {
        steps += 1
        let lr = settings.learningRate
        let decay = 1 - lr * settings.weightDecay
        switch settings.kind {
        case .sgd:
            for i in 0..<count { theta[i] = theta[i] * decay - lr * g[i] }
        case .adamw:
            // Adam (Kingma and Ba 2015) with bias-corrected moments:
            // m_t = b1 m + (1 - b1) g, v_t = b2 v + (1 - b2) g^2,
            // theta <- theta (1 - lr wd) - lr mhat / (sqrt(vhat) + eps), with
            // mhat = m_t / c1, vhat = v_t / c2, computed in the equivalent
            // form of Kingma and Ba's Section 2 (bias corrections folded into
            // the step size) with eps scaled to keep the same update:
            // theta <- theta (1 - lr wd) - alpha m_t / (sqrt(v_t) + eps sqrt(c2)),
            // alpha = lr sqrt(c2) / c1: one division and one square root per
            // parameter, in C (vectorized, the same operations in the same
            // order at every level).
            let b1 = settings.beta1, b2 = settings.beta2, eps = settings.epsilon
            let c1 = 1 - pow(b1, Double(steps)), c2 = 1 - pow(b2, Double(steps))
            let alpha = lr * c2.squareRoot() / c1, epsHat = eps * c2.squareRoot()
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    lanes_adamw(theta, g, m.baseAddress!, v.baseAddress!, count, b1, b2, alpha, epsHat, decay,
                                KernelLevel.value)
                }
            }
        }
    }
}
