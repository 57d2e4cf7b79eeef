import CLanes
import Foundation
import RandomNets
import Testing

/// `lanes_gemm`, the trainer's matrix products: at every instruction-set
/// level this CPU has, each entry is bit for bit the fused multiply-add chain
/// in increasing k (Swift's `addingProduct`, an IEEE fma), for shapes that
/// take the direct loops, whole tiles, edge tiles and several k-blocks, with
/// A and B transposed through their strides, starting from 0 or from C.
@Suite("Matrix products: the same bits as the fma chain at every level")
struct MatrixProductTests {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 64, 2), (8, 8, 64), (8, 64, 8), (13, 37, 300), (64, 64, 784), (10, 64, 64),
        (100, 17, 5), (97, 33, 513), (6, 8, 1000),
    ]

    @Test("every level equals the fma chain, for NN, TN and NT layouts, with and without accumulation")
    func sameBits() {
        var s = RandomStream(seed: 21)
        let best = Int(lanes_gemm_best_level())
        for (m, n, k) in Self.shapes {
            let a = (0..<(m * k)).map { _ in s.nextNormal() }
            let b = (0..<(k * n)).map { _ in s.nextNormal() }
            let c0 = (0..<(m * n)).map { _ in s.nextNormal() }
            // Layouts: A row-major or transposed (k x m storage), B row-major or transposed (n x k storage).
            for (ta, tb) in [(false, false), (true, false), (false, true)] {
                let (rsa, csa) = ta ? (1, m) : (k, 1)
                let (rsb, csb) = tb ? (1, k) : (n, 1)
                for accumulate in [false, true] {
                    var expected = [Double](repeating: 0, count: m * n)
                    for i in 0..<m {
                        for j in 0..<n {
                            var acc = accumulate ? c0[i * n + j] : 0
                            for t in 0..<k { acc = acc.addingProduct(a[i * rsa + t * csa], b[t * rsb + j * csb]) }
                            expected[i * n + j] = acc
                        }
                    }
                    for level in 0...best {
                        var c = c0
                        var work = [Double](repeating: .nan, count: lanes_gemm_workspace(m, n, k))
                        c.withUnsafeMutableBufferPointer { cp in
                            work.withUnsafeMutableBufferPointer { wp in
                                lanes_gemm(m, n, k, a, rsa, csa, b, rsb, csb, cp.baseAddress!, n, accumulate ? 1 : 0,
                                           wp.baseAddress!, Int32(level))
                            }
                        }
                        let same = zip(c, expected).allSatisfy { $0.bitPattern == $1.bitPattern }
                        #expect(same, "level \(level), \(m) x \(n) x \(k), transposed A \(ta), B \(tb), accumulate \(accumulate)")
                    }
                }
            }
        }
    }

    /// Power: the chain's bits are not those of separate multiplies and adds,
    /// so the comparison above can fail.
    @Test("power: a multiply-then-add chain differs from the fma chain")
    func power() {
        var s = RandomStream(seed: 22)
        let k = 300
        let a = (0..<k).map { _ in s.nextNormal() }, b = (0..<k).map { _ in s.nextNormal() }
        var c = [0.0]
        var work = [Double](repeating: 0, count: lanes_gemm_workspace(1, 1, k))
        lanes_gemm(1, 1, k, a, 1, 1, b, 1, 1, &c, 1, 0, &work, lanes_gemm_best_level())
        var separate = 0.0
        for t in 0..<k { separate += a[t] * b[t] }
        #expect(c[0].bitPattern != separate.bitPattern)
    }
}
