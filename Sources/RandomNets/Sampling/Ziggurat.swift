import Foundation

/// The tables of Marsaglia and Tsang's ziggurat for N(0, 1) with 256 layers
/// of equal area v under f(x) = exp(-x^2/2) (used by `RandomStream.nextNormal`).
struct ZigguratTables: Sendable {
    static let shared = ZigguratTables()

    /// Right edge of the base layer's rectangle part, and the layer area.
    static let r = 3.6541528853610088
    static let v = 4.92867323399e-3

    /// x[i]: the right edge of layer i (x[0] = v / f(r) is the base layer's
    /// equivalent width); x[256] = 0. f[i] = exp(-x[i]^2 / 2).
    let x: [Double]
    let f: [Double]

    /// The tables as raw pointers, allocated once for the process: the
    /// ziggurat reads them on every draw, so no array bounds or retain traffic.
    nonisolated(unsafe) static let xTable: UnsafeMutablePointer<Double> = copy(shared.x)
    nonisolated(unsafe) static let fTable: UnsafeMutablePointer<Double> = copy(shared.f)

    private static func copy(_ values: [Double]) -> UnsafeMutablePointer<Double> {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: values.count)
        p.initialize(from: values, count: values.count)
        return p
    }

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
