/// xoshiro256++ (Blackman and Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021): 256 bits of state, period 2^256 - 1, passes
/// BigCrush, and about 1 ns per 64-bit word. Seeded from a 64-bit value by
/// SplitMix64, as its authors recommend, so every (seed, sample) pair gets a
/// full 256-bit state. A bit generator only: `RandomStream` turns its words
/// into normals and uniforms, and every standard-library random API accepts
/// it as a `RandomNumberGenerator`.
public struct Xoshiro256PlusPlus: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// The generator whose 256-bit state is SplitMix64's first four outputs from `seed`.
    public init(seed: UInt64) {
        var z = seed
        func next() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            return StreamSeed.mix(z)
        }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
        // The all-zero state is the one fixed point; SplitMix64 cannot produce
        // four zero words in a row, but guard anyway.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A generator with an explicit state (not all zero), for test vectors.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    /// The current state (s0, s1, s2, s3).
    var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s0 &+ s3, 23) &+ s0
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }
}
