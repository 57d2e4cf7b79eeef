/// A parameter outside its allowed range. `flag` is the command-line spelling
/// so that the CLI can print the message unchanged.
public struct InvalidParameter: Error, CustomStringConvertible, Sendable, Equatable {
    public let flag: String
    public let message: String

    public init(flag: String, _ message: String) {
        self.flag = flag
        self.message = message
    }

    public var description: String { "--\(flag): \(message)" }
}

/// Range checks shared by the library and the CLI.
public enum Validate {
    /// Largest width accepted: one N x N matrix of doubles at N = 8192 is 512 MiB.
    public static let maxWidth = 8192
    public static let maxDepth = 100_000_000
    public static let maxSamples = 1_000_000_000_000

    public static func width(_ n: Int) throws {
        guard n >= 1, n <= maxWidth else {
            throw InvalidParameter(flag: "width", "must be an integer from 1 to \(maxWidth), got \(n)")
        }
    }

    public static func depth(_ l: Int) throws {
        guard l >= 1, l <= maxDepth else {
            throw InvalidParameter(flag: "depth", "must be an integer from 1 to \(maxDepth), got \(l)")
        }
    }

    public static func slope(_ a: Double) throws {
        guard a.isFinite, abs(a) <= 1e100 else {
            throw InvalidParameter(flag: "slope", "must be a finite real number with |a| <= 1e100, got \(a)")
        }
    }

    public static func sigma(_ s: Double) throws {
        guard s.isFinite, s >= 1e-100, s <= 1e100 else {
            throw InvalidParameter(flag: "sigma", "must be a number from 1e-100 to 1e100, got \(s)")
        }
    }

    public static func samples(_ m: Int) throws {
        // The upper bound is a formality: memory (`SimulationConfig.checkMemory`)
        // stops absurd counts first, with a message that says why.
        guard m >= 2, m <= maxSamples else {
            throw InvalidParameter(flag: "samples", "must be an integer from 2 to \(maxSamples), got \(m)")
        }
    }

    public static func threads(_ t: Int) throws {
        guard t >= 1, t <= 1024 else {
            throw InvalidParameter(flag: "threads", "must be an integer from 1 to 1024, got \(t)")
        }
    }
}
