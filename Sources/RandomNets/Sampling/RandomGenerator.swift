import Foundation

/// The user's choice of bit generator, by name (`--rng`): lyapsim's fast
/// `xoshiro256++`, its eight-lane vectorized form `xoshiro256++x8`, or one of
/// the GSL generators in `GSLBitGenerator.accepted` (`mt19937` is the
/// default). Every one feeds the same ziggurat (`Ziggurat`), so generators
/// differ only in their bits.
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// The name of lyapsim's fast generator.
    public static let xoshiroName = "xoshiro256++"
    /// The name of the vectorized generator (eight xoshiro256++ lanes).
    public static let xoshiroX8Name = "xoshiro256++x8"

    public static let `default` = RandomGenerator(checkedName: "mt19937")
    public static let fast = RandomGenerator(checkedName: xoshiroName)
    public static let vectorized = RandomGenerator(checkedName: xoshiroX8Name)

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

    /// Every accepted name, lyapsim's own generators first.
    public static var acceptedNames: [String] { [xoshiroName, xoshiroX8Name] + GSLBitGenerator.accepted.map(\.name) }

    /// Which implementation serves the name: the loops specialize on it.
    public enum Kind: Sendable { case xoshiro, xoshiroX8, gsl }

    public var kind: Kind {
        switch name {
        case Self.xoshiroName: .xoshiro
        case Self.xoshiroX8Name: .xoshiroX8
        default: .gsl
        }
    }

    /// One of lyapsim's own (non-GSL) generators.
    public var isFast: Bool { kind != .gsl }

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

    /// The stream of sample `index` under xoshiro256++x8: eight lane states
    /// from the same 64-bit hash of (seed, index), on the selected
    /// instruction-set level (`Xoshiro256PlusPlusX8.Level.selected`).
    func xoshiroX8Stream(seed: UInt64, index: Int) -> RandomStream<Xoshiro256PlusPlusX8> {
        RandomStream(bits: Xoshiro256PlusPlusX8(seed: StreamSeed.derive(seed: seed, stream: UInt64(index)),
                                                level: .selected))
    }
}
