import Foundation
import RandomNets

/// Two interleaved spirals, two-class classification with softmax
/// cross-entropy (lyapsim's third task). Class c in {0, 1} with probability
/// 1/2, t ~ U(0, 1), radius r = 0.2 + 0.8 t, angle 2 pi t + c pi (one turn
/// each), plus N(0, 0.05^2) noise on each coordinate.
public struct SpiralsTask: TrainingTask {
    public let name = "spirals"
    public let definition = "class c ~ {0, 1}, t ~ U(0, 1), x = (0.2 + 0.8t)(cos, sin)(2 pi t + c pi) + N(0, 0.05^2 I); softmax cross-entropy"
    public let inputs = 2
    public let outputs = 2
    public let loss = TrainingLoss.softmaxCrossEntropy
    public let referenceWidth = 2
    public let referenceDepth = 30

    /// The task (it has no parameters).
    public init() {}

    public func makeData(count: Int, evaluation: Int, context: TaskContext,
                         stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset) {
        iidData(count: count, evaluation: evaluation, stream: &stream) { s, x, y in
            let c = s.next() & 1
            let t = s.nextUniform()
            let r = 0.2 + 0.8 * t
            let angle = 2 * Double.pi * t + Double(c) * Double.pi
            x[0] = r * cos(angle) + 0.05 * s.nextNormal()
            x[1] = r * sin(angle) + 0.05 * s.nextNormal()
            y[0] = Double(c)
        }
    }
}
