import CGSL

/// Checked wrappers of the GSL special functions the theory needs. Each uses
/// GSL's `_e` form so that a domain or accuracy failure becomes a Swift error.
enum Special {
    /// Digamma psi(x) (DLMF 5.2.2); GSL quotes relative accuracy near 1e-15.
    static func digamma(_ x: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_psi_e(x, &r), "gsl_sf_psi_e(\(x))")
        return r.val
    }

    /// Trigamma psi'(x) (DLMF 5.15.1).
    static func trigamma(_ x: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_psi_1_e(x, &r), "gsl_sf_psi_1_e(\(x))")
        return r.val
    }

    /// log B(a, b).
    static func logBeta(_ a: Double, _ b: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        var sign = 0.0
        try GSLRuntime.check(gsl_sf_lnbeta_sgn_e(a, b, &r, &sign), "gsl_sf_lnbeta_e(\(a), \(b))")
        return r.val
    }

    /// log C(n, k).
    static func logChoose(_ n: Int, _ k: Int) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_lnchoose_e(UInt32(n), UInt32(k), &r), "gsl_sf_lnchoose_e(\(n), \(k))")
        return r.val
    }
}
