import Foundation

/// Where a sample's random numbers come from: a bit generator (any
/// `RandomNumberGenerator`) and the transforms that turn its 64-bit words into
/// the variates the ensembles need. The split follows NumPy's: bit generator,
/// then distributions, then the code that consumes them. One stream per
/// sample, so nothing is shared between threads.
public struct RandomStream<Bits: RandomNumberGenerator>: RandomNumberGenerator {
    public var bits: Bits
    private let x: UnsafePointer<Double>
    private let f: UnsafePointer<Double>

    public init(bits: Bits) {
        self.bits = bits
        x = UnsafePointer(ZigguratTables.xTable)
        f = UnsafePointer(ZigguratTables.fTable)
    }

    @inline(__always)
    public mutating func next() -> UInt64 { bits.next() }

    /// A uniform on [0, 1) from the top 53 bits of one word.
    @inline(__always)
    public mutating func nextUniform() -> Double { Double(Int64(bitPattern: bits.next() >> 11)) * 0x1.0p-53 }

    /// A uniform on (0, 1): never 0, so its logarithm is finite.
    @inline(__always)
    public mutating func nextOpenUniform() -> Double { (Double(Int64(bitPattern: bits.next() >> 11)) + 0.5) * 0x1.0p-53 }

    /// One N(0, 1) variate by Marsaglia and Tsang's ziggurat ("The ziggurat
    /// method for generating random variables", J. Stat. Softw. 2000), 256
    /// layers of equal area. One 64-bit word gives the layer (8 bits), the sign
    /// (1 bit) and a 53-bit uniform; about 99% of draws are accepted on that
    /// word alone. Exact: the wedge rejection and Marsaglia's tail algorithm
    /// make the output exactly normal (up to 53-bit resolution).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        while true {
            let u = bits.next()
            let i = Int(u & 0xFF)
            // Bit 8 of the word is the sign, moved to the sign bit (branch-free:
            // a 50/50 branch here would cost more than the rest of the draw).
            let signBit = (u & 0x100) << 55
            let negative = signBit != 0
            let unit = Double(Int64(bitPattern: u >> 11)) * 0x1.0p-53
            let z = unit * x[i]
            if z < x[i &+ 1] { return Double(bitPattern: z.bitPattern ^ signBit) }
            if i == 0 {
                // The tail beyond r: Marsaglia (1964).
                var t = 0.0, y = 0.0
                repeat {
                    t = -log1p(-nextUniform()) / ZigguratTables.r
                    y = -log1p(-nextUniform())
                } while 2 * y < t * t
                let value = ZigguratTables.r + t
                return negative ? -value : value
            }
            // The wedge between x[i+1] and x[i]: accept under the curve.
            if f[i] + nextUniform() * (f[i &+ 1] - f[i]) < exp(-0.5 * z * z) { return negative ? -z : z }
        }
    }

    @inline(__always)
    public mutating func fillStandardNormals(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        var k = 0
        while k < count { buffer[k] = nextNormal(); k &+= 1 }
    }

    /// Convenience for tests and small draws.
    public mutating func standardNormals(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fillStandardNormals(buffer.baseAddress!, count: count) }
            initialized = count
        }
    }
}

extension RandomStream where Bits == Xoshiro256PlusPlus {
    /// lyapsim's fast stream: xoshiro256++ seeded from `seed`.
    public init(seed: UInt64) { self.init(bits: Xoshiro256PlusPlus(seed: seed)) }
}
