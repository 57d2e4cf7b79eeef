/// Every activation `--activation` accepts. Adding one: a file with a type
/// conforming to `Activation`, and its line here.
public enum ActivationRegistry {
    /// One activation as the command line lists it.
    public struct Entry: Sendable {
        /// The name `--activation` takes.
        public let name: String
        /// One line saying what the function is.
        public let summary: String
    }

    /// The activation used when none is named: Leaky ReLU.
    public static let defaultName = "leaky-relu"

    /// Every activation, in the order `--help` lists them.
    public static let entries: [Entry] = [
        Entry(name: "leaky-relu", summary: "t for t >= 0, a t for t < 0 (--slope a; the default)"),
        Entry(name: "relu", summary: "max(t, 0)"),
        Entry(name: "tanh", summary: "tanh(t)"),
        Entry(name: "erf", summary: "erf(sqrt(pi) t / 2), so phi'(0) = 1"),
        Entry(name: "hard-tanh", summary: "max(-1, min(1, t))"),
        Entry(name: "softsign", summary: "t / (1 + |t|)"),
        Entry(name: "sigmoid", summary: "1 / (1 + e^-t) (not odd)"),
        Entry(name: "scaled-tanh", summary: "tanh(beta t) / beta (--beta)"),
    ]

    /// The accepted names, in the order of ``entries``.
    public static var names: [String] { entries.map(\.name) }

    /// The activation `name`; `slope` is required for (and only for)
    /// leaky-relu, `beta` for (and only for) scaled-tanh.
    public static func make(_ name: String, slope: Double? = nil, beta: Double? = nil) throws -> any Activation {
        guard names.contains(name) else {
            throw InvalidParameter(parameter: "activation", "unknown activation \(QuotedValue.quote(name)); one of \(names.joined(separator: ", "))")
        }
        if name == "leaky-relu" {
            guard let slope else {
                throw InvalidParameter(parameter: "slope", "required with --activation leaky-relu (0 is ReLU; 1e-300 <= |a| <= 1e300 otherwise)")
            }
            try Validate.slope(slope)
        } else if slope != nil {
            throw InvalidParameter(parameter: "slope", "applies only to --activation leaky-relu, not \(name)")
        }
        if name == "scaled-tanh" {
            guard let beta else {
                throw InvalidParameter(parameter: "beta", "required with --activation scaled-tanh (a number from 1e-06 to 1e+06)")
            }
            return try ScaledTanh(beta: beta)
        } else if beta != nil {
            throw InvalidParameter(parameter: "beta", "applies only to --activation scaled-tanh, not \(name)")
        }
        switch name {
        case "leaky-relu": return LeakyReLU(slope: slope!)
        case "relu": return ReLU()
        case "tanh": return Tanh()
        case "erf": return Erf()
        case "hard-tanh": return HardTanh()
        case "softsign": return Softsign()
        case "sigmoid": return Sigmoid()
        default: return try ScaledTanh(beta: beta!)
        }
    }

    /// The Leaky ReLU slope equivalent to `activation` (relu is slope 0), or
    /// nil when it is not in the Leaky ReLU family.
    public static func leakySlope(of activation: any Activation) -> Double? {
        if let leaky = activation as? LeakyReLU { return leaky.slope }
        if activation is ReLU { return 0 }
        return nil
    }
}
