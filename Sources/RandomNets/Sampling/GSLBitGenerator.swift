import CGSL

/// One GSL random number generator (`gsl_rng`) used as a bit generator:
/// 64-bit words built by concatenating its outputs, so the same normal and
/// uniform transforms (`RandomStream`) serve GSL's generators and lyapsim's.
///
/// Only generators whose outputs are exactly b uniform bits (min = 0,
/// max = 2^b - 1) can be concatenated without bias, and only generators GSL's
/// manual recommends for simulation are worth the trouble; `accepted` lists
/// the intersection. Refused, with the reason: cmrg and mrg (recommended, but
/// 2^31 - 1 values per call, not a whole number of bits); uni, slatec, zuf and
/// the other short-range or linear congruential generators (too few bits, or
/// lattice structure that a normal transform exposes: zuf and coveyou gave
/// lambda off by 12 and 25 standard errors); ran0...ran3, rand, random-*,
/// randu, vax, transputer and the other historical generators (documented in
/// GSL as poor, kept for compatibility).
public final class GSLBitGenerator: RandomNumberGenerator {
    private let rng: UnsafeMutablePointer<gsl_rng>
    /// Bits per call: 32 or 24.
    private let bitsPerCall: Int

    /// GSL generators lyapsim accepts for `--rng`, with the bits each call
    /// yields. GSL's recommended generators with a power-of-two output range.
    public static let accepted: [(name: String, bits: Int)] = [
        ("mt19937", 32), ("mt19937_1999", 32), ("mt19937_1998", 32),
        ("ranlxd1", 32), ("ranlxd2", 32),
        ("ranlxs0", 24), ("ranlxs1", 24), ("ranlxs2", 24), ("ranlux", 24), ("ranlux389", 24),
        ("taus", 32), ("taus2", 32), ("taus113", 32), ("gfsr4", 32),
    ]

    /// Seeds are taken from [1, 2^31 - 1): every generator above accepts that
    /// range (some read only 32 bits, the Numerical Recipes ones misbehave on
    /// negative longs), and the seeds of M < 2^31 - 1 samples are distinct.
    public static let seedModulus: UInt64 = (1 << 31) - 2

    /// The name of every generator type this GSL build provides.
    public static let allNames: [String] = {
        var names: [String] = []
        guard var cursor = gsl_rng_types_setup() else { return names }
        while let type = cursor.pointee {
            names.append(String(cString: type.pointee.name))
            cursor += 1
        }
        return names
    }()

    /// GSL's generator type of that name, looked up through gsl_rng_types_setup()
    /// rather than the global `gsl_rng_mt19937`-style variables (which Swift 6's
    /// strict concurrency rejects as shared mutable state).
    static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        guard var cursor = gsl_rng_types_setup() else { return nil }
        while let type = cursor.pointee {
            if String(cString: type.pointee.name) == name { return type }
            cursor += 1
        }
        return nil
    }

    /// An accepted generator of type `name`, seeded with `seed` in
    /// [1, 2^31 - 1) (see `seedModulus`).
    public init(name: String, seed: UInt64) throws {
        GSLRuntime.ensureErrorHandlerOff()
        guard let bits = Self.accepted.first(where: { $0.name == name })?.bits,
              let type = Self.type(named: name) else {
            throw InvalidParameter(parameter: "rng", "\(QuotedValue.quote(name)) is not an accepted GSL generator")
        }
        guard seed >= 1, seed <= Self.seedModulus else {
            throw InvalidParameter(parameter: "seed", "GSL seeds must lie in [1, \(Self.seedModulus)], got \(seed)")
        }
        guard let rng = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_rng_alloc(\(name))")
        }
        self.rng = rng
        self.bitsPerCall = bits
        gsl_rng_set(rng, UInt(seed))
    }

    deinit { gsl_rng_free(rng) }

    /// The next 64 random bits (GSL outputs concatenated into one word).
    @inline(__always)
    public func next() -> UInt64 {
        if bitsPerCall == 32 {
            return UInt64(gsl_rng_get(rng)) << 32 | UInt64(gsl_rng_get(rng))
        }
        // 24-bit generators: three calls give 72 bits; keep the top 64.
        let a = UInt64(gsl_rng_get(rng)), b = UInt64(gsl_rng_get(rng)), c = UInt64(gsl_rng_get(rng))
        return a << 40 | b << 16 | c >> 8
    }
}
