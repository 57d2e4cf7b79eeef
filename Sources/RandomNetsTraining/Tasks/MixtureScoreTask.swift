import Foundation
import RandomNets

/// Score learning for a mixture of three Gaussians (the paper's second
/// experiment, width 2 and depth 30). The mixture lives in the plane:
/// p = sum_k w_k N(mu_k, s^2 I) with weights (0.5, 0.3, 0.2), means at
/// radius 2 and angles 90, 210, 330 degrees, s = 0.5 (the paper's
/// parameters are not public; these are lyapsim's). Inputs x ~ p, target
/// the exact score grad log p(x) = sum_k r_k(x) (mu_k - x) / s^2 with
/// responsibilities r_k(x) = w_k N(x; mu_k) / p(x); the loss is explicit
/// score matching, the mean of ||s_theta(x) - grad log p(x)||^2 / 2 over
/// the two coordinates (MSE), which equals Hyvarinen's objective up to a
/// constant that does not depend on theta.
public struct MixtureScoreTask: TrainingTask {
    public let name = "mixture-score"
    public let definition = "x ~ sum_k w_k N(mu_k, 0.25 I) in the plane, w = (0.5, 0.3, 0.2), mu_k = 2 (cos t_k, sin t_k), t = 90, 210, 330 degrees; y = grad log p(x); MSE (explicit score matching)"
    public let inputs = 2
    public let outputs = 2
    public let loss = TrainingLoss.meanSquaredError
    public let referenceWidth = 2
    public let referenceDepth = 30

    /// The mixture weights of the three components.
    public static let weights = [0.5, 0.3, 0.2]
    /// The component means, 2 (cos t, sin t) at t = 90, 210 and 330 degrees.
    public static let means: [(Double, Double)] = [90.0, 210, 330].map {
        let t = $0 * Double.pi / 180
        return (2 * cos(t), 2 * sin(t))
    }
    /// The components' standard deviation (variance 0.25 in each coordinate).
    public static let spread = 0.5

    /// The task (it has no parameters).
    public init() {}

    /// grad log p at (x1, x2): responsibilities by a stable softmax of the
    /// log-weights minus squared distances, so far tails give no 0/0.
    public static func score(_ x1: Double, _ x2: Double) -> (Double, Double) {
        let s2 = spread * spread
        var logits = [Double](repeating: 0, count: 3)
        for k in 0..<3 {
            let d1 = x1 - means[k].0, d2 = x2 - means[k].1
            logits[k] = log(weights[k]) - (d1 * d1 + d2 * d2) / (2 * s2)
        }
        let m = logits.max()!
        let e = logits.map { exp($0 - m) }
        let total = e.reduce(0, +)
        var g1 = 0.0, g2 = 0.0
        for k in 0..<3 {
            let r = e[k] / total
            g1 += r * (means[k].0 - x1) / s2
            g2 += r * (means[k].1 - x2) / s2
        }
        return (g1, g2)
    }

    public func makeData(count: Int, evaluation: Int, context: TaskContext,
                         stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset) {
        iidData(count: count, evaluation: evaluation, stream: &stream) { s, x, y in
            // The component by inversion of one uniform, then the point.
            let u = s.nextUniform()
            let k = u < Self.weights[0] ? 0 : (u < Self.weights[0] + Self.weights[1] ? 1 : 2)
            x[0] = Self.means[k].0 + Self.spread * s.nextNormal()
            x[1] = Self.means[k].1 + Self.spread * s.nextNormal()
            (y[0], y[1]) = Self.score(x[0], x[1])
        }
    }
}
