import CLanes
import Foundation

/// Marsaglia and Tsang's ziggurat for N(0, 1) ("The ziggurat method for
/// generating random variables", J. Stat. Softw. 2000), 256 layers of equal
/// area, over any bit generator. One 64-bit word gives the layer (bits 0-7),
/// the sign (bit 8) and a 53-bit uniform (bits 11-63; the eight-lane fill
/// takes 52, bits 12-63); about 98.8% of draws
/// are accepted on that word alone (the fast path). Exact: the wedge
/// rejection and Marsaglia's tail algorithm make the output exactly normal
/// (up to 53-bit resolution).
enum Ziggurat {
    /// One normal, drawing words from `bits` until one is accepted.
    @inline(__always)
    static func normal<G: RandomNumberGenerator>(_ bits: inout G, x: UnsafePointer<Double>,
                                                 f: UnsafePointer<Double>) -> Double {
        let u = bits.next()
        let i = Int(u & 0xFF)
        // Bit 8 of the word is the sign, moved to the sign bit (branch-free:
        // a 50/50 branch here would cost more than the rest of the draw).
        let signBit = (u & 0x100) << 55
        let z = Double(Int64(bitPattern: u >> 11)) * 0x1.0p-53 * x[i]
        if z < x[i &+ 1] { return Double(bitPattern: z.bitPattern ^ signBit) }
        return finish(word: u, z: z, &bits, x: x, f: f)
    }

    /// The rest of a draw whose first word `u` missed the fast path: the tail
    /// (layer 0) or the wedge test, and on rejection a fresh draw. Out of
    /// line: it runs for about 1.2% of words.
    @inline(never)
    static func finish<G: RandomNumberGenerator>(word u: UInt64, z: Double, _ bits: inout G, x: UnsafePointer<Double>,
                                                 f: UnsafePointer<Double>) -> Double {
        let i = Int(u & 0xFF)
        let negative = u & 0x100 != 0
        if i == 0 {
            // The tail beyond r: Marsaglia (1964).
            var t = 0.0, y = 0.0
            repeat {
                t = -log1p(-uniform(&bits)) / ZigguratTables.r
                y = -log1p(-uniform(&bits))
            } while 2 * y < t * t
            let value = ZigguratTables.r + t
            return negative ? -value : value
        }
        // The wedge between x[i+1] and x[i]: accept under the curve.
        if f[i] + uniform(&bits) * (f[i &+ 1] - f[i]) < exp(-0.5 * z * z) { return negative ? -z : z }
        return normal(&bits, x: x, f: f)
    }

    @inline(__always)
    static func uniform<G: RandomNumberGenerator>(_ bits: inout G) -> Double {
        Double(Int64(bitPattern: bits.next() >> 11)) * 0x1.0p-53
    }

    /// `count` normals from the eight-lane generator, in chunks of up to
    /// 1024: the C kernel (`lanes_normals`) runs the fast path on a whole
    /// chunk, eight words (one block) at a time, so output k is the
    /// ziggurat's value on word k of the block stream, with the uniform taken
    /// from the word's top 52 bits by the exponent trick (the bits of 1 + u,
    /// minus 1: exact, and vectorizes where a 64-bit integer conversion does
    /// not). The words that miss the fast path (about 1.2%) come back here
    /// and are finished by `finish`, in order, with extra words from
    /// `bits.next()` (words no block uses), so every output is the exact
    /// ziggurat on its own independent words. When `count` is not a multiple
    /// of 8 the last block's spare words are dropped (independent words, so
    /// dropping them biases nothing). The same seed and the same sequence of
    /// calls give the same normals at every instruction-set level.
    @inline(__always)
    static func fillEightLanes(_ out: UnsafeMutablePointer<Double>, count: Int, bits: inout Xoshiro256PlusPlusX8,
                               x: UnsafePointer<Double>, f: UnsafePointer<Double>) {
        let chunk = 1024
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: min(chunk, count) + 8) { miss in
            var k = 0
            while k < count {
                let c = min(chunk, count &- k)
                let misses = lanes_normals(&bits.state, out + k, c, x, miss.baseAddress!, bits.level.rawValue)
                for j in 0..<misses {
                    let p = k &+ Int(miss[j])
                    // The kernel left the word's bits in the slot.
                    let u = out[p].bitPattern
                    let unit = Double(bitPattern: (u >> 12) | 0x3FF0_0000_0000_0000) - 1
                    out[p] = finish(word: u, z: unit * x[Int(u & 0xFF)], &bits, x: x, f: f)
                }
                k &+= c
            }
        }
    }
}
