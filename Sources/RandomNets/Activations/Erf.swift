import Foundation

/// phi(t) = erf(sqrt(pi) t / 2), scaled so that phi'(0) = 1 like tanh. Its
/// Gaussian integrals are closed form (Williams 1997, "Computing with
/// infinite networks"): with c^2 = pi/4,
///   E[phi(sqrt(q) z)^2]  = (2/pi) arcsin(2 c^2 q / (1 + 2 c^2 q)),
///   E[phi'(sqrt(q) z)^2] = 1 / sqrt(1 + pi q),
/// which the tests use as an oracle for the quadrature.
public struct Erf: Activation, Hashable {
    /// The activation (it has no parameters).
    public init() {}

    /// sqrt(pi) / 2.
    public static let scale = 0.886226925452758013649083741671

    @inline(__always)
    public func callAsFunction(_ t: Double) -> Double { erf(Self.scale * t) }

    /// (2 c / sqrt(pi)) exp(-c^2 t^2) = exp(-pi t^2 / 4).
    @inline(__always)
    public func derivative(_ t: Double) -> Double { exp(-Double.pi * t * t / 4) }

    public var isPositivelyHomogeneous: Bool { false }

    public var isOdd: Bool { true }

    /// A short name for reports and messages.
    public var description: String { "erf" }
}
