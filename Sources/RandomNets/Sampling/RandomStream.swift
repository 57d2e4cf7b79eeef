import Foundation

/// Where a sample's random numbers come from: a bit generator (any
/// `RandomNumberGenerator`) and the transforms that turn its 64-bit words into
/// the variates the ensembles need. The split follows NumPy's: bit generator,
/// then distributions, then the code that consumes them. One stream per
/// sample, so nothing is shared between threads.
public struct RandomStream<Bits: RandomNumberGenerator>: RandomNumberGenerator {
    /// The bit generator the stream draws its words from.
    public var bits: Bits
    private let x: UnsafePointer<Double>
    private let f: UnsafePointer<Double>

    /// A stream over `bits`.
    public init(bits: Bits) {
        self.bits = bits
        x = UnsafePointer(ZigguratTables.xTable)
        f = UnsafePointer(ZigguratTables.fTable)
    }

    /// The next 64 random bits.
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
    public mutating func nextNormal() -> Double { Ziggurat.normal(&bits, x: x, f: f) }

    /// Fills `buffer` with `count` N(0, 1) variates. Under the vectorized
    /// generator (`Xoshiro256PlusPlusX8`) the ziggurat's fast path runs on
    /// eight words at a time (`Ziggurat.fillEightLanes`); every other generator
    /// draws them one by one.
    @inline(__always)
    public mutating func fillStandardNormals(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        if Bits.self == Xoshiro256PlusPlusX8.self {
            let (x, f) = (x, f)
            // Bits is Xoshiro256PlusPlusX8 here (the test folds away when the
            // caller is specialized), so the rebinding is the identity.
            withUnsafeMutablePointer(to: &bits) { p in
                p.withMemoryRebound(to: Xoshiro256PlusPlusX8.self, capacity: 1) { g in
                    Ziggurat.fillEightLanes(buffer, count: count, bits: &g.pointee, x: x, f: f)
                }
            }
            return
        }
        var k = 0
        while k < count { buffer[k] = nextNormal(); k &+= 1 }
    }

    /// Fills `buffer` with `count` raw 64-bit words; under the vectorized
    /// generator, eight at a time from whole blocks (spare words of the last
    /// block dropped, as in `fillStandardNormals`).
    @inline(__always)
    public mutating func fillWords(_ buffer: UnsafeMutablePointer<UInt64>, count: Int) {
        if Bits.self == Xoshiro256PlusPlusX8.self {
            withUnsafeMutablePointer(to: &bits) { p in
                p.withMemoryRebound(to: Xoshiro256PlusPlusX8.self, capacity: 1) { g in
                    let whole = count / 8
                    if whole > 0 { g.pointee.fillBlocks(buffer, blocks: whole) }
                    if whole * 8 < count {
                        var last = SIMD8<UInt64>()
                        withUnsafeMutableBytes(of: &last) {
                            g.pointee.fillBlocks($0.baseAddress!.assumingMemoryBound(to: UInt64.self), blocks: 1)
                        }
                        for l in 0..<(count - whole * 8) { buffer[whole * 8 + l] = last[l] }
                    }
                }
            }
            return
        }
        for k in 0..<count { buffer[k] = bits.next() }
    }

    /// Fills `buffer` with `count` uniforms on [0, 1), one word each (the
    /// words of `fillWords`, top 53 bits).
    @inline(__always)
    public mutating func fillUniforms(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        buffer.withMemoryRebound(to: UInt64.self, capacity: count) { fillWords($0, count: count) }
        let raw = UnsafeRawPointer(buffer)
        for k in 0..<count {
            let word = raw.load(fromByteOffset: k &* 8, as: UInt64.self)
            buffer[k] = Double(Int64(bitPattern: word >> 11)) * 0x1.0p-53
        }
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
