/// Derives the seed of stream `index` from the user's seed, so that sample i
/// always sees the same random numbers whatever the thread count or the order
/// in which samples run.
public enum StreamSeed {
    /// SplitMix64's output function (Steele, Lea and Flood, "Fast splittable
    /// pseudorandom number generators", 2014): a bijection of 64-bit words with
    /// full avalanche, so nearby (seed, index) pairs give unrelated seeds.
    @inline(__always)
    public static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The 64-bit seed of stream `index` under user seed `seed`.
    public static func derive(seed: UInt64, stream index: UInt64) -> UInt64 {
        mix(mix(seed &+ 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
    }
}
