/// phi(t) = max(t, 0): Leaky ReLU at slope 0, kept as its own type so reports
/// can name it. Positively homogeneous; a unit with h <= 0 passes nothing,
/// which is where dead units and dead networks come from (Lee, Kim and Choi, arXiv 2509.00362; docs/theory.md,
/// "Special and limiting cases": a layer dies with probability 2^{-N}).
public struct ReLU: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { t > 0 ? t : 0 }

    @inline(__always)
    public func derivative(_ t: Double) -> Double { t >= 0 ? 1 : 0 }

    public var isPositivelyHomogeneous: Bool { true }

    public var kinks: [Double] { [0] }

    /// A short name for reports and messages.
    public var description: String { "relu" }
}
