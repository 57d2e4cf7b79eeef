import Foundation

/// phi(t) = tanh(t): the standard odd sigmoid (odd, bounded,
/// strictly increasing, smooth, phi'(0) = 1). Not positively homogeneous, so
/// the log-norm limit theorems do not apply; the mean-field maps do.
public struct Tanh: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { tanh(t) }

    /// 1 - tanh^2 = sech^2, written so it underflows to 0 rather than nan.
    @inline(__always)
    public func derivative(_ t: Double) -> Double {
        derivative(t, output: tanh(t))
    }

    /// (1 - y)(1 + y) with y = tanh(t): no second tanh.
    @inline(__always)
    public func derivative(_ t: Double, output y: Double) -> Double { (1 - y) * (1 + y) }

    public var isPositivelyHomogeneous: Bool { false }

    public var isOdd: Bool { true }

    /// A short name for reports and messages.
    public var description: String { "tanh" }
}
