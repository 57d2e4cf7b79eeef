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
