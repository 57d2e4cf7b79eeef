import RandomNets

/// Regression of a quintic polynomial (the paper's first experiment, width
/// 2 and depth 40): x ~ U(-1, 1), y = T_5(x) = 16 x^5 - 20 x^3 + 5 x, the
/// Chebyshev polynomial of degree 5 (five roots in (-1, 1), values in
/// [-1, 1], Var y = 49/99 under U(-1, 1)). The paper's polynomial
/// is not public; T_5 is lyapsim's choice: it is a genuine quintic whose
/// five sign changes a network must resolve, and it is bounded.
public struct QuinticTask: TrainingTask {
    public let name = "quintic"
    public let definition = "x ~ U(-1, 1); y = T5(x) = 16x^5 - 20x^3 + 5x; MSE"
    public let inputs = 1
    public let outputs = 1
    public let loss = TrainingLoss.meanSquaredError
    public let referenceWidth = 2
    public let referenceDepth = 40

    /// The task (it has no parameters).
    public init() {}

    /// The target T5(x) = 16x^5 - 20x^3 + 5x, the Chebyshev polynomial of degree 5.
    public static func polynomial(_ x: Double) -> Double {
        let x2 = x * x
        return x * (5 + x2 * (-20 + 16 * x2))
    }

    public func makeData(count: Int, evaluation: Int, context: TaskContext,
                         stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset) {
        iidData(count: count, evaluation: evaluation, stream: &stream) { s, x, y in
            x[0] = 2 * s.nextUniform() - 1
            y[0] = Self.polynomial(x[0])
        }
    }
}
