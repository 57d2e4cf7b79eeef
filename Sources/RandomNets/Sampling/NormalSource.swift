/// Where standard normal variates come from. A source is one independent
/// stream; the simulator owns one per sample, so nothing is shared between
/// threads. (The split follows NumPy's: bit generator, then the transform to
/// normals, then the code that consumes them.)
public protocol NormalSource: SendableMetatype {
    /// Writes `count` iid N(0, 1) variates to `buffer`.
    mutating func fillStandardNormals(_ buffer: UnsafeMutablePointer<Double>, count: Int)
}

extension NormalSource {
    /// Convenience for tests and small draws.
    public mutating func standardNormals(_ count: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fillStandardNormals(buffer.baseAddress!, count: count) }
            initialized = count
        }
    }
}
