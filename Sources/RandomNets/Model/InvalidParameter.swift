/// A parameter outside its allowed range. `parameter` is the parameter's
/// name in the library (`width`, `slope`, ...); the command line spells the
/// same name as a flag (`--width`), so it can print the message unchanged.
public struct InvalidParameter: Error, CustomStringConvertible, Sendable, Equatable {
    /// The parameter's name, such as `width`.
    public let parameter: String
    /// What was wrong and what is allowed, in one line.
    public let message: String

    /// An error for `parameter` with the one-line `message`.
    public init(parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }

    /// "parameter: message", the one-line error text.
    public var description: String { "\(parameter): \(message)" }
}

/// Range checks shared by the library and the CLI.
public enum Validate {
    /// What the bias scale sigma_b accepts.
    public static let biasSigmaRule = "0 or a number from 1e-300 to 1e10"

    /// Largest width accepted: one N x N matrix of doubles at N = 8192 is 512 MiB.
    public static let maxWidth = 8192
    /// Largest depth accepted.
    public static let maxDepth = 100_000_000
    /// Largest number of samples accepted (memory usually stops a run first).
    public static let maxSamples = 1_000_000_000_000

    /// Checks 1 <= n <= ``maxWidth``.
    /// - Throws: ``InvalidParameter`` for `width`.
    public static func width(_ n: Int) throws {
        guard n >= 1, n <= maxWidth else {
            throw InvalidParameter(parameter: "width", "must be an integer from 1 to \(maxWidth), got \(n)")
        }
    }

    /// sigma_b of the biases: 0 (none) or 1e-300 to 1e10.
    /// - Throws: ``InvalidParameter`` for `bias-sigma`.
    public static func biasSigma(_ s: Double) throws {
        guard s.isFinite, s == 0 || (s >= 1e-300 && s <= 1e10) else {
            throw InvalidParameter(parameter: "bias-sigma", "must be \(biasSigmaRule), got \(s)")
        }
    }

    /// Checks 1 <= l <= ``maxDepth``.
    /// - Throws: ``InvalidParameter`` for `depth`.
    public static func depth(_ l: Int) throws {
        guard l >= 1, l <= maxDepth else {
            throw InvalidParameter(parameter: "depth", "must be an integer from 1 to \(maxDepth), got \(l)")
        }
    }

    /// Any real slope with a = 0 (ReLU) or 1e-300 <= |a| <= 1e300: the closed
    /// forms are exact over that range (slope inversion above 1), and smaller
    /// nonzero slopes are subnormal numbers, which carry no precision.
    public static func slope(_ a: Double) throws {
        guard a.isFinite, a == 0 || (abs(a) >= 1e-300 && abs(a) <= 1e300) else {
            throw InvalidParameter(parameter: "slope", "must be 0 or a real number with 1e-300 <= |a| <= 1e300, got \(a)")
        }
    }

    /// The simulation renormalizes every layer, but one layer's phi(W x) must
    /// still be representable: sigma max(1, |a|) <= 1e250 (50 orders of
    /// magnitude left for heavy-tailed entries) and, for a != 0,
    /// sigma min(1, |a|) >= 1e-300 (a layer whose pre-activations are all
    /// negative has norm about sigma |a|).
    public static func slopeAndSigma(_ a: Double, _ s: Double) throws {
        let m = abs(a)
        let high = m > 1 ? s * m : s
        let low = m < 1 ? s * m : s
        guard high <= 1e250, m == 0 || low >= 1e-300 else {
            throw InvalidParameter(parameter: "slope", "with sigma \(s), sigma max(1, |a|) must be at most 1e250 and sigma min(1, |a|) at least 1e-300 (got a = \(a)); choose another scale or slope")
        }
    }

    /// Checks 1e-300 <= sigma <= 1e100.
    /// - Throws: ``InvalidParameter`` for `sigma`.
    public static func sigma(_ s: Double) throws {
        guard s.isFinite, s >= 1e-300, s <= 1e100 else {
            throw InvalidParameter(parameter: "sigma", "must be a number from 1e-300 to 1e100, got \(s)")
        }
    }

    /// Checks 2 <= m <= ``maxSamples``.
    /// - Throws: ``InvalidParameter`` for `samples`.
    public static func samples(_ m: Int) throws {
        // The upper bound is a formality: memory (`SimulationConfig.checkMemory`)
        // stops absurd counts first, with a message that says why.
        guard m >= 2, m <= maxSamples else {
            throw InvalidParameter(parameter: "samples", "must be an integer from 2 to \(maxSamples), got \(m)")
        }
    }

    /// Checks 1 <= t <= 1024.
    /// - Throws: ``InvalidParameter`` for `threads`.
    public static func threads(_ t: Int) throws {
        guard t >= 1, t <= 1024 else {
            throw InvalidParameter(parameter: "threads", "must be an integer from 1 to 1024, got \(t)")
        }
    }
}
