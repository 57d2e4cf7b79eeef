/// The user's choice of random number generator, by name (`--rng`): the fast
/// `xoshiro256++` (lyapsim's own, with a ziggurat for normals) or any
/// generator GSL provides (`mt19937` is the default), whose normals come from
/// GSL's ziggurat.
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// The name of lyapsim's fast generator.
    public static let xoshiroName = "xoshiro256++"

    public static let `default` = RandomGenerator(checkedName: "mt19937")
    public static let fast = RandomGenerator(checkedName: xoshiroName)

    private init(checkedName: String) { self.name = checkedName }

    public init(name: String) throws {
        guard RandomGenerator.allNames.contains(name) else {
            throw InvalidParameter(
                flag: "rng",
                "unknown generator '\(name)'; use \(RandomGenerator.xoshiroName), mt19937 or another GSL name (lyapsim rngs lists them)")
        }
        self.name = name
    }

    public static var allNames: [String] { [xoshiroName] + GSLGenerator.availableNames }

    public var isFast: Bool { name == Self.xoshiroName }

    public var description: String { name }

    /// The stream of sample `index`: its seed is derived from (seed, index).
    func gslStream(seed: UInt64, index: Int) -> GSLGenerator {
        // The name was checked at init, so allocation can only fail on ENOMEM.
        try! GSLGenerator(name: name, seed: StreamSeed.derive(seed: seed, stream: UInt64(index)))
    }

    func xoshiroStream(seed: UInt64, index: Int) -> XoshiroNormalSource {
        XoshiroNormalSource(seed: StreamSeed.derive(seed: seed, stream: UInt64(index)))
    }
}
