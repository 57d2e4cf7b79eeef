import CLanes
import Foundation
import Testing

/// The Gram-Schmidt kernels of the QR method (`TangentFrame.project`) run in
/// C with 256-bit registers where the CPU has them. They must give the
/// portable loops' bits at every level, or a spectrum would depend on the
/// machine: Q^T v summed as `Kernels.dot` (four partial sums) and
/// v - sum c_i q_i as (c0 q0 + c1 q1) + (c2 q2 + c3 q3), without fused
/// multiply-adds.
@Suite("C kernels: the Gram-Schmidt step gives the same bits at every instruction-set level")
struct KernelLevelTests {
    /// Reference in Swift, the operations of the portable kernel.
    static func reference(_ v: [Double], _ q: [Double], count: Int, n: Int, _ c: [Double], fused: Bool) -> [Double] {
        var v = v
        var i = 0
        while i + 4 <= count {
            for t in 0..<n {
                let a = fused ? (c[i] * q[i * n + t]).addingProduct(c[i + 1], q[(i + 1) * n + t])
                    : c[i] * q[i * n + t] + c[i + 1] * q[(i + 1) * n + t]
                let b = c[i + 2] * q[(i + 2) * n + t] + c[i + 3] * q[(i + 3) * n + t]
                v[t] -= a + b
            }
            i += 4
        }
        while i < count {
            for t in 0..<n { v[t] -= c[i] * q[i * n + t] }
            i += 1
        }
        return v
    }

    @Test("subtract_combination and rows_dot: portable, best level and the Swift reference agree bit for bit")
    func levelsAgree() {
        var rng = SplitMix(state: 20_261_205)
        let best = lanes_best_level()
        var fusedDiffers = false
        for n in [1, 3, 4, 7, 64, 65] {
            for count in [0, 1, 3, 4, 5, 9] {
                let q = (0..<(count * n)).map { _ in Double.random(in: -1...1, using: &rng) }
                let v = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
                let c = (0..<count).map { _ in Double.random(in: -1...1, using: &rng) }
                var portable = v, wide = v
                lanes_subtract_combination(&portable, q, count, n, c, 0)
                lanes_subtract_combination(&wide, q, count, n, c, best)
                let expected = Self.reference(v, q, count: count, n: n, c, fused: false)
                #expect(portable.map(\.bitPattern) == expected.map(\.bitPattern), "n \(n), count \(count)")
                #expect(wide.map(\.bitPattern) == expected.map(\.bitPattern), "n \(n), count \(count), level \(best)")
                if Self.reference(v, q, count: count, n: n, c, fused: true).map(\.bitPattern) != expected.map(\.bitPattern) {
                    fusedDiffers = true
                }
                var r0 = [Double](repeating: 0, count: count), r1 = r0
                lanes_rows_dot(q, count, n, v, 1, &r0, 0)
                lanes_rows_dot(q, count, n, v, 1, &r1, best)
                #expect(r0.map(\.bitPattern) == r1.map(\.bitPattern), "rows_dot n \(n), count \(count)")
            }
        }
        // Power: a fused multiply-add in the first pair already changes bits,
        // so a bitwise comparison would see a kernel that used one.
        #expect(fusedDiffers)
    }
}

/// A fixed-seed generator for test inputs (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
