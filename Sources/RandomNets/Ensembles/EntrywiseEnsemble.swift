import CLanes

/// An ensemble with iid entries W_ij = (sigma / sqrt(N)) xi_ij, where xi has
/// mean 0 and variance 1. Supplies the layer kernel: W is drawn a block of
/// rows at a time (about 128 KiB, so a block stays in cache and the matrix
/// never exists whole), and each row is dotted with every input vector.
public protocol EntrywiseEnsemble: WeightEnsemble {
    /// Writes `count` iid draws of the standardized entry xi.
    func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>)
    /// E log|xi| and Var log|xi| where known in closed form: lambda and s^2 at
    /// width 1 follow from them (docs/theory.md, "General ensembles").
    func standardEntryLogMoments() throws -> (mean: Double, variance: Double)?
}

extension EntrywiseEnsemble {
    /// iid entries: a rectangular layer is a block of the square draw.
    public static var rectangularLaw: RectangularLaw? { .independentEntries }
}

/// Rows of W drawn per block at width n.
@inline(__always)
func rowsPerBlock(width n: Int) -> Int { max(1, 16_384 / n) }

extension EntrywiseEnsemble {
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? { nil }

    public func drawsPerLayer(width n: Int) -> Int { n * n }

    /// A block of rows, then `lanes_gemm`'s packing space for several vectors.
    public func scratchCount(width n: Int) -> Int {
        rowsPerBlock(width: n) * n + lanes_gemm_workspace(0, rowsPerBlock(width: n), n)
    }

    @inline(__always)
    public func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        let scale = sigma / Double(n).squareRoot()
        let perBlock = rowsPerBlock(width: n)
        var row = 0
        while row < n {
            let rows = min(perBlock, n - row)
            fillStandardEntries(scratch, count: rows * n, stream: &stream)
            if k > 1 {
                // Several vectors (the QR method's [x, Q]): the block's images
                // H = X W_block^T as one matrix product, so each row of W is
                // loaded once for all k vectors. Entry (v, r) is the fma chain
                // over j in increasing order on every instruction set
                // (`lanes_gemm`), then times the scale.
                let out = h + row
                lanes_gemm(k, rows, n, x, n, 1, scratch, 1, n, out, n, 0, scratch + rowsPerBlock(width: n) * n,
                           Kernels.gemmLevel)
                for v in 0..<k {
                    let image = out + v * n
                    for r in 0..<rows { image[r] = scale * image[r] }
                }
                row += rows
                continue
            }
            if Kernels.wideRowsDot {
                for v in 0..<k { lanes_rows_dot(scratch, rows, n, x + v * n, scale, h + v * n + row, Kernels.level) }
                row += rows
                continue
            }
            var r = 0
            // Four rows at a time: their four dot products are independent
            // chains of additions that pipeline, and with several vectors
            // they share each vector's loads. dot4 is bit-identical to dot.
            do {
                while r + 4 <= rows {
                    let w = scratch + r * n
                    for v in 0..<k {
                        let (s0, s1, s2, s3) = Kernels.dot4(w, w + n, w + 2 * n, w + 3 * n, x + v * n, n)
                        let out = h + v * n + row + r
                        out[0] = scale * s0; out[1] = scale * s1; out[2] = scale * s2; out[3] = scale * s3
                    }
                    r += 4
                }
            }
            while r < rows {
                let w = scratch + r * n
                for v in 0..<k { h[v * n + row + r] = scale * Kernels.dot(w, x + v * n, n) }
                r += 1
            }
            row += rows
        }
    }
}
