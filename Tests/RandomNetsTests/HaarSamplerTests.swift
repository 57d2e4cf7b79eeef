import Foundation
import RandomNets
import Testing

/// The orthogonal sampler is exactly Haar on O(N).
@Suite("Haar orthogonal sampler")
struct HaarSamplerTests {
    func source(_ seed: UInt64) throws -> RandomStream<GSLBitGenerator> { try RandomStream(bits: GSLBitGenerator(name: "mt19937", seed: seed)) }

    @Test("Q^T Q = I to 1e-12", arguments: [1, 2, 3, 10, 64, 200])
    func orthogonality(n: Int) throws {
        var s = try source(UInt64(n))
        let q = HaarOrthogonal.sampleMatrix(width: n, stream: &s)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var dot = 0.0
                for k in 0..<n { dot += q[k * n + i] * q[k * n + j] }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-12)
    }

    @Test("applying the reflections to x equals multiplying by the matrix they form")
    func applyMatchesMatrix() throws {
        let n = 9
        var s1 = try source(3), s2 = try source(3), scratch = [Double](repeating: 0, count: HaarOrthogonal.scratchCount(width: n))
        let q = HaarOrthogonal.sampleMatrix(width: n, stream: &s1)
        var x = (0..<n).map { Double($0) - 3.5 }
        let expected = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + q[i * n + $1] * x[$1] } }
        x.withUnsafeMutableBufferPointer { xb in
            scratch.withUnsafeMutableBufferPointer { sb in
                HaarOrthogonal.applyRandom(to: xb.baseAddress!, width: n, scratch: sb.baseAddress!, stream: &s2)
            }
        }
        for i in 0..<n { #expect(abs(x[i] - expected[i]) < 1e-12) }
    }

    /// Diaconis and Shahshahani (1994): for Haar Q on O(N), E (tr Q)^k equals
    /// the k-th moment of N(0, 1) for k <= N. So E tr Q = 0, E (tr Q)^2 = 1,
    /// E (tr Q)^4 = 3; and det Q = -1 with probability 1/2 (all of O(N), not SO(N)).
    @Test("trace moments match N(0, 1) (Diaconis-Shahshahani) and det is +-1 with equal odds")
    func traceMomentsAndDeterminant() throws {
        let n = 6, m = 20000
        var s = try source(11)
        var traces: [Double] = [], negativeDet = 0
        for _ in 0..<m {
            let q = HaarOrthogonal.sampleMatrix(width: n, stream: &s)
            traces.append((0..<n).reduce(0.0) { $0 + q[$1 * n + $1] })
            if determinantSign(q, n) < 0 { negativeDet += 1 }
        }
        let mm = Double(m)
        let m1 = traces.reduce(0, +) / mm
        let m2 = traces.reduce(0) { $0 + $1 * $1 } / mm
        let m4 = traces.reduce(0) { $0 + pow($1, 4) } / mm
        // Standard errors under N(0,1): 1/sqrt(m), sqrt(2/m), sqrt(96/m).
        #expect(abs(m1) < 4 / mm.squareRoot())
        #expect(abs(m2 - 1) < 4 * (2 / mm).squareRoot())
        #expect(abs(m4 - 3) < 4 * (96 / mm).squareRoot())
        #expect(abs(Double(negativeDet) / mm - 0.5) < 4 * 0.5 / mm.squareRoot())
        // Power: a sampler missing the sign correction D has E tr Q far from 0;
        // the Gaussian orthogonal ensemble value E (tr Q)^2 = 1.2 would be rejected too.
        #expect(abs(m2 - 1.2) > 4 * (2 / mm).squareRoot())
    }

    @Test("Q x is uniform on the sphere: each squared coordinate has mean 1/N and KS-matches Beta(1/2, (N-1)/2)")
    func invariance() throws {
        let n = 5, m = 4000
        var s = try source(21)
        var first: [Double] = []
        var scratch = [Double](repeating: 0, count: HaarOrthogonal.scratchCount(width: n))
        for _ in 0..<m {
            var x = [Double](repeating: 0, count: n); x[2] = 1
            x.withUnsafeMutableBufferPointer { xb in
                scratch.withUnsafeMutableBufferPointer { sb in
                    HaarOrthogonal.applyRandom(to: xb.baseAddress!, width: n, scratch: sb.baseAddress!, stream: &s)
                }
            }
            first.append(x[0] * x[0])
        }
        let ks = KolmogorovSmirnov(first) { Special.betaCDF($0, 0.5, Double(n - 1) / 2) }
        #expect(ks.pValue > 0.001)
        // Power: the law of a coordinate of a uniform vector in one fewer dimension differs.
        let wrong = KolmogorovSmirnov(first) { Special.betaCDF($0, 0.5, Double(n - 2) / 2) }
        #expect(wrong.pValue < 0.001)
    }

    func determinantSign(_ q: [Double], _ n: Int) -> Double {
        var a = q, sign = 1.0
        for c in 0..<n {
            var p = c
            for r in c..<n where abs(a[r * n + c]) > abs(a[p * n + c]) { p = r }
            if p != c {
                for k in 0..<n { a.swapAt(p * n + k, c * n + k) }
                sign = -sign
            }
            let pivot = a[c * n + c]
            if pivot < 0 { sign = -sign }
            for r in (c + 1)..<n {
                let f = a[r * n + c] / pivot
                for k in c..<n { a[r * n + k] -= f * a[c * n + k] }
            }
        }
        return sign
    }
}
