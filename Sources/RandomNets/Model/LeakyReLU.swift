/// phi(t) = t for t >= 0 and a * t for t < 0. Slope a = 0 is ReLU, a = 1 the
/// identity; any real slope is allowed (only a^2 enters the norm dynamics).
public struct LeakyReLU: Sendable, Hashable {
    public let slope: Double

    public init(slope: Double) { self.slope = slope }

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { t >= 0 ? t : slope * t }

    /// The He gain sigma_He = sqrt(2 / (1 + a^2)): the scale that keeps
    /// E||x_l||^2 constant in the infinite-width limit (He et al. 2015; the square
    /// of torch's `calculate_gain('leaky_relu', a)`).
    public var heGain: Double { (2.0 / (1.0 + slope * slope)).squareRoot() }
}
