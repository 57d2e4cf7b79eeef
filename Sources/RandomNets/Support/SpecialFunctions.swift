import CGSL

/// Checked wrappers of the GSL special functions the theory needs. Each uses
/// GSL's `_e` form so that a domain or accuracy failure becomes a Swift error.
public enum Special {
    /// Digamma psi(x) (DLMF 5.2.2); GSL quotes relative accuracy near 1e-15.
    public static func digamma(_ x: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_psi_e(x, &r), "gsl_sf_psi_e(\(x))")
        return r.val
    }

    /// Trigamma psi'(x) (DLMF 5.15.1).
    public static func trigamma(_ x: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_psi_1_e(x, &r), "gsl_sf_psi_1_e(\(x))")
        return r.val
    }

    /// log B(a, b).
    public static func logBeta(_ a: Double, _ b: Double) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        var sign = 0.0
        try GSLRuntime.check(gsl_sf_lnbeta_sgn_e(a, b, &r, &sign), "gsl_sf_lnbeta_e(\(a), \(b))")
        return r.val
    }

    /// log C(n, k).
    public static func logChoose(_ n: Int, _ k: Int) throws -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        var r = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_lnchoose_e(UInt32(n), UInt32(k), &r), "gsl_sf_lnchoose_e(\(n), \(k))")
        return r.val
    }
}

extension Special {
    /// Standard normal CDF Phi(x) (gsl_cdf_ugaussian_P).
    public static func normalCDF(_ x: Double) -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        return gsl_cdf_ugaussian_P(x)
    }

    /// The x with 1 - Phi(x) = q (gsl_cdf_ugaussian_Qinv), for 0 < q < 1.
    public static func normalUpperQuantile(_ q: Double) -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        return gsl_cdf_ugaussian_Qinv(q)
    }

    /// The t with P(T > t) = q for Student's T with nu degrees of freedom
    /// (gsl_cdf_tdist_Qinv), for 0 < q < 1 and nu > 0.
    public static func studentTUpperQuantile(_ q: Double, dof nu: Double) -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        return gsl_cdf_tdist_Qinv(q, nu)
    }

    /// Beta(a, b) CDF (gsl_cdf_beta_P).
    public static func betaCDF(_ x: Double, _ a: Double, _ b: Double) -> Double {
        GSLRuntime.ensureErrorHandlerOff()
        return gsl_cdf_beta_P(x, a, b)
    }
}
