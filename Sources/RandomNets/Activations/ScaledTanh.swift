import Foundation

/// phi(t) = tanh(beta t) / beta, beta > 0: phi'(0) = 1 for every beta and the
/// range is (-1/beta, 1/beta), so beta moves the saturation level without
/// changing the linear regime (beta -> 0 tends to the identity).
public struct ScaledTanh: Activation, Hashable {
    /// beta > 0: the saturation level is 1/beta.
    public let beta: Double

    /// Allowed range of beta: below 1e-6 the function is the identity to
    /// double precision at any representable pre-activation scale we accept;
    /// above 1e6 it is a step of height 1e-6.
    public static let betaRange: ClosedRange<Double> = 1e-6...1e6
    /// What beta accepts, in words.
    public static let betaRule = "a number from 1e-06 to 1e+06"

    /// tanh(beta t)/beta.
    /// - Throws: ``InvalidParameter`` unless beta lies in ``betaRange``.
    public init(beta: Double) throws {
        guard beta.isFinite, Self.betaRange.contains(beta) else {
            throw InvalidParameter(parameter: "beta", "must be \(Self.betaRule), got \(beta)")
        }
        self.beta = beta
    }

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { tanh(beta * t) / beta }

    @inline(__always)
    public func derivative(_ t: Double) -> Double {
        let y = tanh(beta * t)
        return (1 - y) * (1 + y)
    }

    public var isPositivelyHomogeneous: Bool { false }

    public var isOdd: Bool { true }

    /// A short name for reports and messages.
    public var description: String { "scaled-tanh(beta = \(beta))" }
}
