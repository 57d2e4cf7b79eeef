/// phi(t) = t for t >= 0 and a * t for t < 0. Slope a = 0 is ReLU, a = 1 the
/// identity; any real slope is allowed (the norm dynamics depend on |a| only,
/// docs/theory.md, "Symmetries"). Positively homogeneous, so the limit theorems of
/// Kogler, Schwarz and Kittle apply.
public struct LeakyReLU: Activation, Hashable {
    /// The slope a on the negative half-line (0 is ReLU, 1 the identity).
    public let slope: Double

    /// Leaky ReLU with slope `slope`; ranges are checked where a network is built (``NetworkSpec``).
    public init(slope: Double) { self.slope = slope }

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { t >= 0 ? t : slope * t }

    @inline(__always)
    public func derivative(_ t: Double) -> Double { t >= 0 ? 1 : slope }

    public var isPositivelyHomogeneous: Bool { true }

    public var kinks: [Double] { [0] }

    /// sigma_He = sqrt(2 / (1 + a^2)): keeps E||x_l||^2 constant in the
    /// infinite-width limit (He et al. 2015; the square of torch's
    /// `calculate_gain('leaky_relu', a)`). For |a| so large that 1 + a^2
    /// overflows, the same value from 1/|a|.
    public var heGain: Double {
        let m = abs(slope)
        if m <= 1 { return (2.0 / (1.0 + m * m)).squareRoot() }
        let r = 1 / m
        return 2.0.squareRoot() * r / (1 + r * r).squareRoot()
    }

    /// A short name for reports and messages.
    public var description: String { "leaky-relu(a = \(slope))" }
}
