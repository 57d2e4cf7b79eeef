import Foundation

/// One layer of the forward pass on a unit vector: x = phi(h) / ||phi(h)||,
/// returning log ||phi(h)||. Shared by every simulator, so all of them follow
/// the same trajectory bit for bit. Exact for positively homogeneous phi,
/// where renormalizing does not change the direction of later layers.
enum ForwardStep {
    /// Writes the normalized activation to x and returns log||phi(h)||, or
    /// nil when every coordinate was cut to zero (the signal is gone for good).
    @inline(__always)
    static func advance(_ h: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, width n: Int,
                        activation: any Activation) -> Double? {
        let ss = activation.activate(h, into: x, count: n)
        let norm: Double
        if ss > 1e-290 && ss < 1e290 {
            norm = ss.squareRoot()
        } else {
            // Extreme slopes or scales can push the sum of squares out of
            // range though phi(h) is a fine vector; measure it in units of max|y|.
            norm = Kernels.scaledNorm(x, n)
        }
        if norm == 0 { return nil }
        if norm >= 1e-300 {
            let inv = 1 / norm
            for i in 0..<n { x[i] *= inv }
        } else {
            for i in 0..<n { x[i] /= norm }  // 1/norm would overflow
        }
        return log(norm)
    }
}
