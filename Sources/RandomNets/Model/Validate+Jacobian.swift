/// Range checks for the runs that follow several vectors through a network.
extension Validate {
    /// The QR method's R_jj carry a relative error about eps * cond(D W), and
    /// cond(D) = max(|a|, 1/|a|): at |a| = 1e-8 that is below 1e-7 per layer
    /// (checked by the exact exponent sum in the tests), beyond it the smallest
    /// exponents lose their digits. At a = 0 the Jacobian is singular (the
    /// exponents below the top are -infinity), which needs no simulation.
    public static let spectrumSlopeRange = 1e-8...1e8

    /// K tangent vectors: 1 to N.
    public static func exponentCount(_ k: Int, width n: Int) throws {
        guard k >= 1, k <= n else {
            throw InvalidParameter(parameter: "exponents", "must be an integer from 1 to the width \(n), got \(k)")
        }
    }

    /// The Jacobian runs renormalize the forward vector every layer, exact
    /// only for positively homogeneous activations; for Leaky ReLU the slope
    /// must keep one layer's Jacobian well conditioned.
    public static func jacobianActivation(_ activation: any Activation) throws {
        guard activation.isPositivelyHomogeneous else {
            throw InvalidParameter(parameter: "activation", "the Jacobian spectrum and gradients are implemented for positively homogeneous activations (Leaky ReLU), not \(activation)")
        }
        if let leaky = activation as? LeakyReLU {
            let m = abs(leaky.slope)
            guard spectrumSlopeRange.contains(m) else {
                throw InvalidParameter(parameter: "slope", "must satisfy 1e-8 <= |a| <= 1e8 here, got \(leaky.slope) (at 0 the Jacobian is singular; beyond, one layer's Jacobian is too ill-conditioned for the QR method in double precision)")
            }
        }
    }

    /// Two inputs at angle theta0 need a second direction: N >= 2, and an
    /// angle in [0, pi].
    public static func angle(_ theta: Double, width n: Int) throws {
        guard theta.isFinite, theta >= 0, theta <= Double.pi else {
            throw InvalidParameter(parameter: "angle", "must be a number from 0 to pi = 3.14159..., got \(theta)")
        }
        guard n >= 2 else {
            throw InvalidParameter(parameter: "width", "must be at least 2 for two inputs at an angle, got \(n)")
        }
    }
}
