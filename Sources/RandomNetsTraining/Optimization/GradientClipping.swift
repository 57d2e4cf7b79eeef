import CLanes
import Foundation

/// Gradient clipping by global norm (Pascanu, Mikolov and Bengio, "On the
/// difficulty of training recurrent neural networks", 2013):
/// g <- g min(1, tau / ||g||), over all parameters at once, so the
/// direction is kept and the norm is at most tau.
public enum GradientClipping {
    /// ||g||_2 computed with scaling (max |g_i| factored out), so a gradient
    /// with entries near 1e200 has a finite norm instead of overflowing to
    /// inf in the sum of squares. Non-finite when an entry is.
    public static func norm(_ g: UnsafePointer<Double>, count: Int) -> Double {
        var big = 0.0
        for i in 0..<count {
            let t = abs(g[i])
            if t.isNaN { return .nan }
            big = max(big, t)
        }
        guard big.isFinite else { return .infinity }
        guard big > 0 else { return 0 }
        var s = 0.0
        for i in 0..<count { let t = g[i] / big; s += t * t }
        return big * s.squareRoot()
    }

    /// Whether `norm(g, count:)` is finite, without its second pass when the
    /// answer is certain: the largest |g_i| (an order-free maximum, in C) is
    /// NaN or infinite exactly when the norm is not finite, unless the sum of
    /// squares could overflow (max |g_i| sqrt(count) near the largest
    /// double), where the norm itself is computed. Same answer as `norm`.
    public static func normIsFinite(_ g: UnsafePointer<Double>, count: Int) -> Bool {
        let big = lanes_max_abs(g, count, KernelLevel.value)
        guard big.isFinite else { return false }
        if 2 * big * Double(count).squareRoot() < .greatestFiniteMagnitude { return true }
        return norm(g, count: count).isFinite
    }

    /// Clips g in place to norm at most tau; returns the norm before clipping.
    @discardableResult
    public static func clip(_ g: UnsafeMutablePointer<Double>, count: Int, to tau: Double) -> Double {
        let n = norm(g, count: count)
        if n.isFinite, n > tau {
            let scale = tau / n
            for i in 0..<count { g[i] *= scale }
        }
        return n
    }
}
