import Foundation

/// Marsaglia and Tsang's ziggurat for N(0, 1) ("The ziggurat method for
/// generating random variables", J. Stat. Softw. 2000), with 256 layers of
/// equal area v under f(x) = exp(-x^2/2). One 64-bit word gives the layer
/// (8 bits), the sign (1 bit) and a 53-bit uniform; about 99% of draws are
/// accepted on that word alone. Exact: the rejection steps and Marsaglia's
/// tail algorithm make the output exactly normal (up to 53-bit resolution).
struct ZigguratTables: Sendable {
    static let shared = ZigguratTables()

    /// Right edge of the base layer's rectangle part, and the layer area.
    static let r = 3.6541528853610088
    static let v = 4.92867323399e-3

    /// x[i]: the right edge of layer i (x[0] = v / f(r) is the base layer's
    /// equivalent width); x[256] = 0. f[i] = exp(-x[i]^2 / 2).
    let x: [Double]
    let f: [Double]

    init() {
        var x = [Double](repeating: 0, count: 257)
        let r = Self.r, v = Self.v
        let fr = exp(-0.5 * r * r)
        x[0] = v / fr
        x[1] = r
        for i in 1..<255 {
            x[i + 1] = (-2 * log(v / x[i] + exp(-0.5 * x[i] * x[i]))).squareRoot()
        }
        x[256] = 0
        self.x = x
        self.f = x.map { exp(-0.5 * $0 * $0) }
    }
}

/// The fast normal stream: xoshiro256++ bits through the ziggurat.
public struct XoshiroNormalSource: NormalSource {
    private var bits: Xoshiro256PlusPlus
    private let x: UnsafePointer<Double>
    private let f: UnsafePointer<Double>

    nonisolated(unsafe) private static let xTable: UnsafeMutablePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 257)
        p.initialize(from: ZigguratTables.shared.x, count: 257)
        return p
    }()
    nonisolated(unsafe) private static let fTable: UnsafeMutablePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 257)
        p.initialize(from: ZigguratTables.shared.f, count: 257)
        return p
    }()

    public init(seed: UInt64) {
        bits = Xoshiro256PlusPlus(seed: seed)
        x = UnsafePointer(Self.xTable)
        f = UnsafePointer(Self.fTable)
    }

    /// A uniform on [0, 1) from the top 53 bits.
    @inline(__always)
    private mutating func uniform() -> Double { Double(Int64(bitPattern: bits.next() >> 11)) * 0x1.0p-53 }

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
            if z < x[i + 1] { return Double(bitPattern: z.bitPattern ^ signBit) }
            if i == 0 {
                // The tail beyond r: Marsaglia (1964).
                var t = 0.0, y = 0.0
                repeat {
                    t = -log1p(-uniform()) / ZigguratTables.r
                    y = -log1p(-uniform())
                } while 2 * y < t * t
                let value = ZigguratTables.r + t
                return negative ? -value : value
            }
            // The wedge between x[i+1] and x[i]: accept under the curve.
            if f[i] + uniform() * (f[i + 1] - f[i]) < exp(-0.5 * z * z) { return negative ? -z : z }
        }
    }

    @inline(__always)
    public mutating func fillStandardNormals(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
        for k in 0..<count { buffer[k] = nextNormal() }
    }
}
