/// The user's choice of random number generator, by name (`--rng`). Every
/// name GSL knows is accepted (mt19937 is the default).
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public static let `default` = RandomGenerator(checkedName: "mt19937")

    private init(checkedName: String) { self.name = checkedName }

    public init(name: String) throws {
        guard GSLGenerator.availableNames.contains(name) else {
            throw InvalidParameter(
                flag: "rng",
                "unknown generator '\(name)'; one of: \(RandomGenerator.allNames.joined(separator: ", "))")
        }
        self.name = name
    }

    public static var allNames: [String] { GSLGenerator.availableNames }

    public var description: String { name }

    /// The independent stream for sample `index`.
    func makeStream(seed: UInt64, index: Int) -> GSLGenerator {
        // The name was checked at init, so allocation can only fail on ENOMEM.
        try! GSLGenerator(name: name, seed: StreamSeed.derive(seed: seed, stream: UInt64(index)))
    }
}
