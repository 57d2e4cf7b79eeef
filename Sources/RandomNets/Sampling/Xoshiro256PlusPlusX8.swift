import CLanes
import Foundation

/// Eight independent xoshiro256++ generators (Blackman and Vigna, ACM TOMS
/// 2021) stepped together: lyapsim's vectorized bit generator
/// (`--rng xoshiro256++x8`).
///
/// The word stream is the eight lanes interleaved: word 8k + l is lane l's
/// k-th output. Each lane is exactly the scalar `Xoshiro256PlusPlus`
/// recurrence, so the published reference outputs check every lane.
///
/// The lanes live in C (`Sources/CLanes`), which picks at run time the
/// widest instruction set the CPU has: AVX-512 (one register holds the eight
/// lanes, with a native rotate), AVX2 (two registers), or portable C. The
/// wide code is compiled per function with a target attribute and entered
/// only after CPUID says the CPU and OS support it, so the binary runs on any
/// x86-64 and builds anywhere (other CPUs get the portable C) with no unsafe
/// compiler flags. Every level computes the same words and the same normals
/// bit for bit: the tests run each level the CPU has against the portable one.
public struct Xoshiro256PlusPlusX8: RandomNumberGenerator, Sendable {
    var state = lanes_state()
    /// Words of the last block not yet handed out by `next()`.
    private var pending = SIMD8<UInt64>()
    private var used = 8
    /// The instruction set this generator's lanes run on.
    public let level: Level

    /// Instruction sets, narrowest first.
    public enum Level: Int32, Sendable, CaseIterable, CustomStringConvertible {
        /// Portable C, for any CPU.
        case portable = 0
        /// 256-bit AVX2 kernels.
        case avx2 = 1
        /// 512-bit AVX-512F kernels.
        case avx512 = 2

        /// The widest level this CPU supports (read once per process).
        public static let best = Level(rawValue: lanes_best_level()) ?? .portable

        /// The level lyapsim runs on: the CPU's best, unless the environment
        /// variable `LYAPSIM_RNG_LEVEL` is `portable` or `avx2` (a cap; the
        /// output is the same, which the CLI tests check byte for byte).
        /// Read once per process. Caps the row-block dot kernel too.
        public static let selected: Level = {
            switch ProcessInfo.processInfo.environment["LYAPSIM_RNG_LEVEL"] {
            case "portable": .portable
            case "avx2": min(.avx2, best)
            default: best
            }
        }()

        /// Every level this CPU can run.
        public static var available: [Level] { allCases.filter { $0.rawValue <= best.rawValue } }

        /// A short name for reports and messages.
        public var description: String {
            switch self {
            case .portable: "portable C"
            case .avx2: "AVX2"
            case .avx512: "AVX-512"
            }
        }
    }

    /// Lane l gets SplitMix64 outputs 4l ..< 4l + 4 of `seed`: four full
    /// 256-bit states, as the scalar generator seeds one.
    public init(seed: UInt64, level: Level = .best) {
        self.level = min(level, .best)
        var z = seed
        withUnsafeMutableBytes(of: &state) { raw in
            let s = raw.bindMemory(to: UInt64.self)
            for l in 0..<8 {
                for j in 0..<4 {
                    z &+= 0x9E37_79B9_7F4A_7C15
                    s[8 * j + l] = StreamSeed.mix(z)
                }
            }
            // SplitMix64 outputs are a bijection of a counter: four zero
            // words in a row cannot occur, but guard as the scalar one does.
            for l in 0..<8 where s[l] | s[8 + l] | s[16 + l] | s[24 + l] == 0 { s[l] = 1 }
        }
    }

    /// Explicit lane states (8 of them), for test vectors. A lane must not be
    /// all zero (such a lane gets s0 = 1, as the scalar generator's guard).
    public init(lanes: [(UInt64, UInt64, UInt64, UInt64)], level: Level = .best) {
        precondition(lanes.count == 8, "xoshiro256++x8 has 8 lanes")
        self.level = min(level, .best)
        withUnsafeMutableBytes(of: &state) { raw in
            let s = raw.bindMemory(to: UInt64.self)
            for (l, lane) in lanes.enumerated() {
                let zero = lane.0 | lane.1 | lane.2 | lane.3 == 0
                s[l] = zero ? 1 : lane.0
                s[8 + l] = lane.1
                s[16 + l] = lane.2
                s[24 + l] = lane.3
            }
        }
    }

    /// Writes `blocks` blocks of eight words (one per lane) to `out`.
    @inline(__always)
    public mutating func fillBlocks(_ out: UnsafeMutablePointer<UInt64>, blocks: Int) {
        lanes_words(&state, out, blocks, level.rawValue)
    }

    /// One word: the lanes of the current block in order, then a new block.
    @inline(__always)
    public mutating func next() -> UInt64 {
        if used == 8 {
            refill()
            used = 0
        }
        let word = pending[used]
        used &+= 1
        return word
    }

    @inline(never)
    private mutating func refill() {
        var block = SIMD8<UInt64>()
        withUnsafeMutableBytes(of: &block) { fillBlocks($0.baseAddress!.assumingMemoryBound(to: UInt64.self), blocks: 1) }
        pending = block
    }
}

extension Xoshiro256PlusPlusX8.Level: Comparable {
    /// Orders the levels from narrowest (portable) to widest (AVX-512).
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
