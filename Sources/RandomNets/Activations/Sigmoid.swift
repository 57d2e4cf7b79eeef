import Foundation

/// phi(t) = 1 / (1 + e^{-t}), the logistic function. Not odd:
/// phi(0) = 1/2, so the variance map has a positive fixed point at every
/// sigma and the correlation between inputs never decays to 0.
public struct Sigmoid: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    /// Written for both signs so e^{-t} never overflows.
    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double {
        if t >= 0 { return 1 / (1 + exp(-t)) }
        let e = exp(t)
        return e / (1 + e)
    }

    @inline(__always)
    public func derivative(_ t: Double) -> Double { derivative(t, output: self(t)) }

    /// y (1 - y) with y = phi(t): no second exponential.
    @inline(__always)
    public func derivative(_ t: Double, output y: Double) -> Double { y * (1 - y) }

    public var isPositivelyHomogeneous: Bool { false }

    /// A short name for reports and messages.
    public var description: String { "sigmoid" }
}
