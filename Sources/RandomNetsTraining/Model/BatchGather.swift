/// Copies a mini-batch out of a data set kept sample-major (each sample's
/// features contiguous) into the feature-major layout `MLPPass` takes.
public enum BatchGather {
    /// Samples indices[0 ..< count] of a sample-major array (`features`
    /// values per sample) as a feature-major batch: out[f * count + s] =
    /// x[indices[s] * features + f]. Eight samples at a time, so each
    /// feature's eight values fill one cache line of `out` in one go
    /// (one sample at a time wrote `features` lines per sample and was a
    /// tenth of a step at d_in = 784). A copy: the same values either way.
    public static func featureMajor(from x: UnsafePointer<Double>, features: Int, indices: UnsafePointer<Int>, count: Int,
                                    into out: UnsafeMutablePointer<Double>) {
        var s0 = 0
        while s0 < count {
            let width = min(8, count - s0)
            var start = SIMD8<Int>(repeating: 0)
            for s in 0..<width { start[s] = indices[s0 + s] * features }
            for f in 0..<features {
                let line = out + f * count + s0
                for s in 0..<width { line[s] = x[start[s] &+ f] }
            }
            s0 += width
        }
    }
}
