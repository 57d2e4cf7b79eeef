import Foundation
import RandomNets
import Testing

/// The trainer's backward pass takes phi'(t) from t and the kept
/// y = phi(t) (`derivative(_:output:)`, one tanh instead of two). That is
/// only a speed-up if it is the same function: for every registered
/// activation, the same bits as `derivative(t)` over the whole range.
@Suite("phi'(t) from the kept activation equals phi'(t)")
struct ActivationDerivativeTests {
    static let points: [Double] = [0, 1e-300, 1e-8, 0.1, 0.5, 0.999, 1, 1.5, 3, 19, 20, 40, 400, 800, 1e300]
        .flatMap { [$0, -$0] } + [-Double.leastNonzeroMagnitude, Double.leastNonzeroMagnitude]

    @Test("derivative(t, output: phi(t)) == derivative(t) bit for bit, every registered activation",
          arguments: ActivationRegistry.names)
    func sameBits(name: String) throws {
        let phi = try ActivationRegistry.make(name, slope: name == "leaky-relu" ? 0.1 : nil,
                                              beta: name == "scaled-tanh" ? 0.5 : nil)
        var stream = RandomStream(seed: 3)
        let random = (0..<2000).map { _ in 4 * stream.nextNormal() }
        var differ: [Double] = []
        for t in Self.points + random where phi.derivative(t, output: phi(t)).bitPattern != phi.derivative(t).bitPattern {
            differ.append(t)
        }
        #expect(differ.isEmpty, "\(name): differs at \(differ.prefix(5))")
    }

    /// Power: a rule that is only approximately phi'(t) is caught. The
    /// derivative of tanh written as 1 - y^2 (one rounding less) differs
    /// from (1 - y)(1 + y) in the last bit somewhere among the points.
    @Test("the check rejects tanh' written as 1 - y*y")
    func power() {
        var stream = RandomStream(seed: 3)
        let random = (0..<2000).map { _ in 4 * stream.nextNormal() }
        let differs = (Self.points + random).contains { t in
            let y = tanh(t)
            return (1 - y * y).bitPattern != Tanh().derivative(t).bitPattern
        }
        #expect(differs)
    }
}
