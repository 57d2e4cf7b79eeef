/// phi(t) = max(-1, min(1, t)): the piecewise-linear odd sigmoid. Saturates
/// exactly (phi' = 0) for |t| > 1; kinks at t = -1 and t = 1.
public struct HardTanh: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { t >= 1 ? 1 : (t <= -1 ? -1 : t) }

    /// Right derivative at the kinks: 1 at t = -1, 0 at t = 1.
    @inline(__always)
    public func derivative(_ t: Double) -> Double { t >= -1 && t < 1 ? 1 : 0 }

    public var isPositivelyHomogeneous: Bool { false }

    public var isOdd: Bool { true }

    public var kinks: [Double] { [-1, 1] }

    /// A short name for reports and messages.
    public var description: String { "hard-tanh" }
}
