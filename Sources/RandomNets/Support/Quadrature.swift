import CGSL

/// Adaptive quadrature through GSL (QUADPACK's QAGS, QAGIU and QAGIL), with the
/// integrand as a Swift closure and every failure surfaced as a Swift error.
enum Quadrature {
    /// Integrands are passed to C through this box; the pointer lives only for
    /// the duration of one GSL call.
    private final class Box {
        let f: (Double) -> Double
        init(_ f: @escaping (Double) -> Double) { self.f = f }
    }

    private static let trampoline: @convention(c) (Double, UnsafeMutableRawPointer?) -> Double = { x, params in
        Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue().f(x)
    }

    /// Workspace intervals: enough for the peaked Beta densities at N = 4096.
    private static let limit = 512

    /// Accepts GSL's "roundoff prevents the tolerance" outcomes when the error
    /// estimate is still tiny: the requested tolerances sit near machine
    /// precision on purpose.
    private static func finish(_ status: Int32, _ value: Double, _ err: Double,
                               _ routine: String, acceptable: Double) throws -> Double {
        if status == Int32(GSL_SUCCESS) { return value }
        if [GSL_EROUND, GSL_EMAXITER, GSL_ESING].map(Int32.init).contains(status) && err <= acceptable && value.isFinite {
            return value
        }
        throw GSLError(status: status, routine: routine)
    }

    /// Runs one adaptive GSL routine on `f` with a fresh workspace.
    private static func adaptive(
        _ routine: String, acceptable: Double, _ f: @escaping (Double) -> Double,
        _ call: (UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
                 UnsafeMutablePointer<Double>,
                 UnsafeMutablePointer<Double>) -> Int32
    ) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        let box = Box(f)
        let ws = gsl_integration_workspace_alloc(limit)!
        defer { gsl_integration_workspace_free(ws) }
        var fn = gsl_function(function: trampoline, params: Unmanaged.passUnretained(box).toOpaque())
        var value = 0.0, err = 0.0
        let status = withExtendedLifetime(box) { call(&fn, ws, &value, &err) }
        return try finish(status, value, err, routine, acceptable: acceptable)
    }

    /// integral_a^b f(x) dx (QAGS: Gauss-Kronrod 21 with Wynn extrapolation,
    /// so integrable endpoint singularities such as u^{-1/2} are fine).
    static func integrate(_ a: Double, _ b: Double, absTol: Double = 1e-14, relTol: Double = 1e-12,
                          acceptable: Double = 1e-11, _ f: @escaping (Double) -> Double) throws -> Double {
        try adaptive("gsl_integration_qags", acceptable: acceptable, f) { fn, ws, value, err in
            gsl_integration_qags(fn, a, b, absTol, relTol, limit, ws, value, err)
        }
    }

    /// integral_a^infinity f(x) dx (QAGIU: t = a + (1 - s)/s onto (0, 1]).
    static func integrateToInfinity(from a: Double, absTol: Double = 1e-14, relTol: Double = 1e-12,
                                    acceptable: Double = 1e-11, _ f: @escaping (Double) -> Double) throws -> Double {
        try adaptive("gsl_integration_qagiu", acceptable: acceptable, f) { fn, ws, value, err in
            gsl_integration_qagiu(fn, a, absTol, relTol, limit, ws, value, err)
        }
    }

    /// integral_-infinity^b f(x) dx (QAGIL: x = b - (1 - s)/s onto (0, 1]).
    static func integrateFromMinusInfinity(to b: Double, absTol: Double = 1e-14, relTol: Double = 1e-12,
                                           acceptable: Double = 1e-11,
                                           _ f: @escaping (Double) -> Double) throws -> Double {
        try adaptive("gsl_integration_qagil", acceptable: acceptable, f) { fn, ws, value, err in
            gsl_integration_qagil(fn, b, absTol, relTol, limit, ws, value, err)
        }
    }

    /// integral_a^b f(x) dx by GSL's non-adaptive Gauss-Kronrod-Patterson
    /// sequence (QNG: 21, 43 then 87 points), for smooth integrands; nil when
    /// 87 points do not reach the tolerance, so the caller can fall back to QAGS.
    static func integrateSmooth(_ a: Double, _ b: Double, absTol: Double = 1e-14, relTol: Double = 1e-12,
                                _ f: @escaping (Double) -> Double) -> Double? {
        GSLRuntime.ensureErrorHandlerOff()
        let box = Box(f)
        var fn = gsl_function(function: trampoline, params: Unmanaged.passUnretained(box).toOpaque())
        var value = 0.0, err = 0.0, evaluations = 0
        let status = withExtendedLifetime(box) {
            gsl_integration_qng(&fn, a, b, absTol, relTol, &value, &err, &evaluations)
        }
        return status == Int32(GSL_SUCCESS) && value.isFinite ? value : nil
    }
}
