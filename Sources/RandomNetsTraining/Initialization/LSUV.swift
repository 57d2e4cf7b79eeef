import Foundation
import RandomNets

/// Layer-sequential unit-variance initialization (Mishkin and Matas 2016,
/// "All you need is a good init"), the data-driven rival of a data-free
/// theory, as lyapsim applies it to the hidden stack: the hidden layers
/// start orthonormal (Haar-orthogonal, sigma 1); then, with the run's
/// common input layer fixed, each hidden layer k = 1, ..., L in turn is run
/// on one batch of training inputs (the first B of the training set, B the
/// training batch size) and its weights are divided by sqrt(v), v the
/// variance of its pre-activations over the batch and the N units, until
/// |v - 1| < `tolerance` or after `maxIterations` rescalings (the paper's
/// Tol_var = 0.1 and T_max = 10). Biases stay 0, so one rescaling already
/// gives v = 1 up to rounding; the loop is the paper's. A layer whose
/// pre-activations are all 0 or not finite is left as it is.
///
/// Like every method of `lyapsim train`, LSUV changes only the hidden
/// layers: the input and output layers are the run's common ones.
public struct LSUV: Sendable, Equatable {
    /// A layer is done once |v - 1| < `tolerance`, v the variance of its pre-activations.
    public let tolerance: Double
    /// The most rescalings of one hidden layer.
    public let maxIterations: Int

    /// The paper's settings: tolerance 0.1 (Tol_var), at most 10 rescalings (T_max).
    public static let standard = LSUV(tolerance: 0.1, maxIterations: 10)

    /// Population variance of n values.
    static func variance(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        var mean = 0.0
        for e in 0..<n { mean += x[e] }
        mean /= Double(n)
        var v = 0.0
        for e in 0..<n { let d = x[e] - mean; v += d * d }
        return v / Double(n)
    }

    /// Rescales hidden layers 1 ... L of `p` in order on the batch `input`
    /// (inputs x count, feature-major), through `pass`. Returns the
    /// rescalings made per hidden layer.
    @discardableResult
    func rescale<Phi: Activation>(_ p: UnsafeMutablePointer<Double>, pass: MLPPass<Phi>, input: UnsafePointer<Double>,
                                  count c: Int) -> [Int] {
        let shape = pass.shape
        let n = shape.width
        pass.forwardLayer(0, parameters: p, input: input, count: c)
        var made: [Int] = []
        for k in 1...shape.depth {
            pass.forwardLayer(k, parameters: p, input: input, count: c)
            var iterations = 0
            while iterations < maxIterations {
                let v = Self.variance(pass.preActivations(k), n * c)
                guard v > 0, v.isFinite, abs(v - 1) >= tolerance else { break }
                let scale = 1 / v.squareRoot()
                let w = p + shape.weightOffset(k)
                for e in 0..<(n * n) { w[e] *= scale }
                pass.forwardLayer(k, parameters: p, input: input, count: c)
                iterations += 1
            }
            made.append(iterations)
        }
        return made
    }
}
