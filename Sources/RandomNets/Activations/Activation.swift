/// The activation phi of x_l = phi(W_l x_{l-1}), applied coordinate-wise.
///
/// The simulator calls `activate` once per layer on the whole pre-activation
/// vector, so a conforming type's loop is compiled for that type alone and no
/// per-coordinate dynamic dispatch happens. A new activation is one file
/// conforming to this protocol plus one line in `ActivationRegistry`.
public protocol Activation: Sendable, CustomStringConvertible {
    /// phi(t).
    func callAsFunction(_ t: Double) -> Double
    /// phi'(t) (the value at a kink is the right derivative).
    func derivative(_ t: Double) -> Double
    /// phi'(t) when y = phi(t) is already known (the trainer keeps every
    /// layer's activations for the backward pass): the same bits as
    /// `derivative(t)`, cheaper where phi' is a function of phi (tanh:
    /// 1 - y^2; the logistic: y (1 - y)), which saves one transcendental
    /// call per entry. Default: `derivative(t)`.
    func derivative(_ t: Double, output y: Double) -> Double
    /// phi(c t) = c phi(t) for every c > 0. Only then is the log-norm
    /// S_L = log||x_L|| a sum of per-layer increments that do not depend on
    /// the norm, so the LLN, the CLT and the closed forms apply.
    var isPositivelyHomogeneous: Bool { get }
    /// Points where phi or phi' is not smooth; Gaussian quadratures split
    /// there (default: none).
    var kinks: [Double] { get }
    /// phi(-t) = -phi(t): then, without biases, the correlation map fixes
    /// c = 0 (default: false).
    var isOdd: Bool { get }
    /// Writes phi(h_i) to x_i for i < count and returns sum_i phi(h_i)^2.
    func activate(_ h: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, count: Int) -> Double
}

extension Activation {
    public var kinks: [Double] { [] }
    public var isOdd: Bool { false }

    @inline(__always)
    public func derivative(_ t: Double, output y: Double) -> Double { derivative(t) }

    @inline(__always)
    public func activate(_ h: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var ss = 0.0
        var i = 0
        while i < count {
            let y = self(h[i])
            x[i] = y
            ss += y * y
            i &+= 1
        }
        return ss
    }
}
