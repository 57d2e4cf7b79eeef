/// phi(t) = t / (1 + |t|): an odd sigmoid with polynomial (not exponential)
/// saturation, phi'(t) = 1 / (1 + |t|)^2, phi'(0) = 1.
public struct Softsign: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { t / (1 + abs(t)) }

    @inline(__always)
    public func derivative(_ t: Double) -> Double {
        let d = 1 + abs(t)
        return 1 / (d * d)
    }

    public var isPositivelyHomogeneous: Bool { false }

    public var isOdd: Bool { true }

    /// A short name for reports and messages.
    public var description: String { "softsign" }
}
