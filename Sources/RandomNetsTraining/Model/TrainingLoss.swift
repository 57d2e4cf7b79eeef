import Foundation

/// The losses the trainer minimizes, each with its gradient with respect to
/// the network output. Batches are feature-major (row r over the batch is
/// contiguous), as in `MLPPass`.
public enum TrainingLoss: String, Sendable, CaseIterable {
    /// Mean over the batch and the d_out outputs of (yhat - y)^2 (PyTorch's
    /// MSELoss with reduction 'mean').
    case meanSquaredError = "mse"
    /// Mean over the batch of -log softmax(z)_y, with the class index y
    /// stored as a Double in the single target row.
    case softmaxCrossEntropy = "cross-entropy"

    /// Rows of the target array per sample: d_out for regression, 1 (the
    /// class) for classification.
    public func targetRows(outputs: Int) -> Int { self == .meanSquaredError ? outputs : 1 }

    /// The loss of `count` outputs (outputs x count) against their targets;
    /// when `gradient` is given, dLoss/dOutput is written there.
    public func evaluate(output: UnsafePointer<Double>, targets: UnsafePointer<Double>, outputs d: Int, count c: Int,
                         gradient: UnsafeMutablePointer<Double>?) -> Double {
        switch self {
        case .meanSquaredError:
            let scale = 1 / Double(d * c)
            var total = 0.0
            for e in 0..<(d * c) {
                let r = output[e] - targets[e]
                total += r * r
                gradient?[e] = 2 * r * scale
            }
            return total * scale
        case .softmaxCrossEntropy:
            var total = 0.0
            for b in 0..<c {
                let label = Int(targets[b])
                // The stable form: with m = max_k z_k,
                // -log softmax(z)_y = log sum_k exp(z_k - m) + (m - z_y). Every
                // exponent is <= 0, so nothing overflows; logits of 1e308 give
                // a finite loss (only a true loss beyond 1.8e308 is infinite).
                var m = -Double.infinity
                for k in 0..<d { m = max(m, output[k * c + b]) }
                var sum = 0.0
                for k in 0..<d { sum += exp(output[k * c + b] - m) }
                total += log(sum) + (m - output[label * c + b])
                if let gradient {
                    for k in 0..<d {
                        let p = exp(output[k * c + b] - m) / sum
                        gradient[k * c + b] = (p - (k == label ? 1 : 0)) / Double(c)
                    }
                }
            }
            return total / Double(c)
        }
    }
}
