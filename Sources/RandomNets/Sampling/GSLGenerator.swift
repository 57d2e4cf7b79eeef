import CGSL

/// One GSL random number generator (`gsl_rng`) of a named type, used as a
/// stream of standard normals through `gsl_ran_gaussian_ziggurat`
/// (Marsaglia and Tsang's ziggurat, exact for N(0, 1)).
public final class GSLGenerator: NormalSource {
    private let rng: UnsafeMutablePointer<gsl_rng>

    /// The names of every generator type this GSL build provides.
    public static let availableNames: [String] = {
        var names: [String] = []
        guard var cursor = gsl_rng_types_setup() else { return names }
        while let type = cursor.pointee {
            names.append(String(cString: type.pointee.name))
            cursor += 1
        }
        return names
    }()

    /// GSL's generator type of that name, found through gsl_rng_types_setup()
    /// rather than the global `gsl_rng_mt19937`-style variables.
    static func type(named name: String) -> UnsafePointer<gsl_rng_type>? {
        guard var cursor = gsl_rng_types_setup() else { return nil }
        while let type = cursor.pointee {
            if String(cString: type.pointee.name) == name { return type }
            cursor += 1
        }
        return nil
    }

    /// A generator of type `name` seeded with `seed`. Many GSL types use only
    /// the low 32 bits of the seed (mt19937 among them); see README, "Random
    /// numbers", for what that means for very large sample counts.
    public init(name: String, seed: UInt64) throws {
        GSLRuntime.ensureErrorHandlerOff()
        guard let type = GSLGenerator.type(named: name) else {
            throw InvalidParameter(flag: "rng", "unknown generator '\(name)'")
        }
        guard let rng = gsl_rng_alloc(type) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_rng_alloc(\(name))")
        }
        self.rng = rng
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    public func fillStandardNormals(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { buffer[i] = gsl_ran_gaussian_ziggurat(rng, 1.0) }
    }
}
