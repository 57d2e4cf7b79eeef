import RandomNets
import RandomNetsTraining
import Testing

/// The trainer's mini-batch copy is a copy: every entry of the
/// feature-major batch is the sample's feature, for batch sizes with and
/// without a remainder of the eight-sample blocks and with repeated indices.
@Suite("Mini-batch gather copies each sample's features into its column")
struct BatchGatherTests {
    @Test("out[f * count + s] = x[indices[s] * features + f], bit for bit", arguments: [1, 7, 8, 13, 64])
    func copies(count: Int) {
        let features = 11, samples = 20
        var stream = RandomStream(seed: 7)
        let x = (0..<(features * samples)).map { _ in stream.nextNormal() }
        let indices = (0..<count).map { _ in Int(stream.next() % UInt64(samples)) }
        var out = [Double](repeating: .nan, count: features * count)
        x.withUnsafeBufferPointer { xp in
            indices.withUnsafeBufferPointer { ip in
                out.withUnsafeMutableBufferPointer {
                    BatchGather.featureMajor(from: xp.baseAddress!, features: features, indices: ip.baseAddress!,
                                             count: count, into: $0.baseAddress!)
                }
            }
        }
        var wrong = 0
        for s in 0..<count {
            for f in 0..<features where out[f * count + s].bitPattern != x[indices[s] * features + f].bitPattern { wrong += 1 }
        }
        #expect(wrong == 0)
    }
}
