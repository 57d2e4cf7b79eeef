/// The user's choice of bit generator, by name (`--rng`): lyapsim's fast
/// `xoshiro256++` or one of the GSL generators in `GSLBitGenerator.accepted`
/// (`mt19937` is the default). Either way the normals come from the same
/// ziggurat (`RandomStream`), so generators differ only in their bits.
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// The name of lyapsim's fast generator.
    public static let xoshiroName = "xoshiro256++"

    public static let `default` = RandomGenerator(checkedName: "mt19937")
    public static let fast = RandomGenerator(checkedName: xoshiroName)

    private init(checkedName: String) { self.name = checkedName }

    public init(name: String) throws {
        guard RandomGenerator.acceptedNames.contains(name) else {
            let known = GSLBitGenerator.allNames.contains(name)
            let why = known ? "GSL's '\(name)' is not accepted (too few or uneven output bits, or poor quality; see `lyapsim rngs`)"
                            : "unknown generator '\(name)'"
            throw InvalidParameter(parameter: "rng", "\(why); use one of \(RandomGenerator.acceptedNames.joined(separator: ", "))")
        }
        self.name = name
    }

    /// Every accepted name, fast generator first.
    public static var acceptedNames: [String] { [xoshiroName] + GSLBitGenerator.accepted.map(\.name) }

    public var isFast: Bool { name == Self.xoshiroName }

    public var description: String { name }

    /// The stream of sample `index` under a GSL generator: seeds in [1, 2^31 - 1),
    /// distinct for the first 2^31 - 2 samples (a run never holds that many).
    func gslStream(seed: UInt64, index: Int) -> RandomStream<GSLBitGenerator> {
        let s = 1 + (StreamSeed.mix(seed) &+ UInt64(index)) % GSLBitGenerator.seedModulus
        // The name and the seed range were checked, so only ENOMEM can fail.
        return RandomStream(bits: try! GSLBitGenerator(name: name, seed: s))
    }

    /// The stream of sample `index` under xoshiro256++: a full 256-bit state
    /// from the 64-bit hash of (seed, index).
    func xoshiroStream(seed: UInt64, index: Int) -> RandomStream<Xoshiro256PlusPlus> {
        RandomStream(seed: StreamSeed.derive(seed: seed, stream: UInt64(index)))
    }
}
