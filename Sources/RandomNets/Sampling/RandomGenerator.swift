import Foundation

/// The user's choice of bit generator, by name (`--rng`): lyapsim's fast
/// `xoshiro256++`, its eight-lane vectorized form `xoshiro256++x8`, or one of
/// the GSL generators in `GSLBitGenerator.accepted` (`mt19937` is the
/// default). Every one feeds the same ziggurat (`Ziggurat`), so generators
/// differ only in their bits.
public struct RandomGenerator: Sendable, Hashable, CustomStringConvertible {
    /// The generator's name, as `--rng` takes it.
    public let name: String

    /// The name of lyapsim's fast generator.
    public static let xoshiroName = "xoshiro256++"
    /// The name of the vectorized generator (eight xoshiro256++ lanes).
    public static let xoshiroX8Name = "xoshiro256++x8"

    /// `mt19937`: the command line's default, kept so that a seed means what it meant in saved runs. A ``SimulationConfig`` built without `generator:` uses ``vectorized`` instead.
    public static let `default` = RandomGenerator(checkedName: "mt19937")
    /// `xoshiro256++`: lyapsim's scalar generator, about six times faster than `mt19937` per normal.
    public static let fast = RandomGenerator(checkedName: xoshiroName)
    /// `xoshiro256++x8`: the fastest generator (1.3 ns per normal on one thread at N = 64, against 15.8 ns for `mt19937`); the default of ``SimulationConfig``.
    public static let vectorized = RandomGenerator(checkedName: xoshiroX8Name)

    private init(checkedName: String) { self.name = checkedName }

    /// The generator called `name`.
    /// - Throws: ``InvalidParameter`` for `rng` if the name is unknown or refused (`lyapsim rngs` says why).
    public init(name: String) throws {
        guard RandomGenerator.acceptedNames.contains(name) else {
            let known = GSLBitGenerator.allNames.contains(name)
            let why = known ? "GSL's \(QuotedValue.quote(name)) is not accepted (too few or uneven output bits, or poor quality; see `lyapsim rngs`)"
                            : "unknown generator \(QuotedValue.quote(name))"
            throw InvalidParameter(parameter: "rng", "\(why); use one of \(RandomGenerator.acceptedNames.joined(separator: ", "))")
        }
        self.name = name
    }

    /// Every accepted name, lyapsim's own generators first.
    public static var acceptedNames: [String] { [xoshiroName, xoshiroX8Name] + GSLBitGenerator.accepted.map(\.name) }

    /// Which implementation serves the name: the loops specialize on it.
    public enum Kind: Sendable {
        /// lyapsim's scalar xoshiro256++.
        case xoshiro
        /// Eight interleaved xoshiro256++ lanes.
        case xoshiroX8
        /// One of GSL's generators.
        case gsl
    }

    /// Which implementation serves this name.
    public var kind: Kind {
        switch name {
        case Self.xoshiroName: .xoshiro
        case Self.xoshiroX8Name: .xoshiroX8
        default: .gsl
        }
    }

    /// One of lyapsim's own (non-GSL) generators.
    public var isFast: Bool { kind != .gsl }

    /// A short name for reports and messages.
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
