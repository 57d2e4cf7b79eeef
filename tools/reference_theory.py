#!/usr/bin/env python3
"""High-precision reference values for lyapsim's closed forms, computed with
mpmath in 32-digit arithmetic by a route that shares nothing with lyapsim's
GSL code but the model (the values are written with 20 significant digits).

How each value is computed (sigma = 1; S = sum_i phi(z_i)^2, z ~ N(0, I_N)):

  Everything comes from the Laplace transform of one coordinate,
      M(t) = E exp(-t phi(z)^2) = ((1 + 2t)^-1/2 + (1 + 2 a^2 t)^-1/2) / 2,
  through two identities for a positive random variable S:
      E log S     = int_0^inf (e^-t - M(t)^N) / t dt                  (Frullani)
      E (log S)^2 = 2 int_0^inf (log t + gamma) (M(t)^N - e^-t) / t dt
  The second is the p^2 term of the Mellin identity
      E S^-p = 1 + (1/Gamma(p)) int_0^inf t^(p-1) (M(t)^N - e^-t) dt,
  using 1/Gamma(p) = p + gamma p^2 + O(p^3).
  Both integrals are taken in x = log t over the whole real line, with
  breakpoints around every place the integrand changes shape (t near 1, 1/N,
  1/a^2 and 1/(N a^2)) and at most 20 units apart between them. So a = 1e-300
  (a feature near t = 1e600) and a = 1e300 are integrated as they stand: no
  slope-inversion or sign symmetry is used anywhere, and a^2 is never rounded
  to 0 (mpmath's exponents are unbounded).

  gaussian   (r^2 = S / N):    lambda = (E log S - log N) / 2,
                               s^2    = Var(log S) / 4;
  orthogonal (r^2 = S / T, T = ||z||^2 ~ chi^2_N independent of S / T):
                               lambda = (E log S - psi(N/2) - log 2) / 2,
                               s^2    = (Var(log S) - psi'(N/2)) / 4.
  sigma_crit = exp(-lambda) is not written: the Swift test derives it.

Checks run before anything is written (the script stops if one fails):
  * a = 1: E log S = psi(N/2) + log 2 and Var log S = psi'(N/2) (S ~ chi^2_N);
  * the Beta mixture (the decomposition lyapsim itself uses, written here
    independently with tanh-sinh quadrature in 50 digits) agrees to 1e-24 for
    N <= 8 at moderate slopes;
  * slope inversion (lambda(a) = log a + lambda(1/a), s^2(a) = s^2(1/a)) holds
    at N = 2, 8 and a = 20, 1e6: the breakpoints find the features there;
  * every quadrature's error estimate is below 1e-24.

Writes Tests/RandomNetsTests/TheoryReferenceValues.swift. Regenerate with
    python3 tools/reference_theory.py
(about half an hour on one core).
"""
import os
import sys
import time
from mpmath import (mp, mpf, quad, exp, log, expm1, log1p, psi, binomial, beta, inf, euler)

mp.dps = 32

# Every width up to 8, and the widths where the Beta mixture's terms with few
# positive coordinates (K = 1, 2, ...) still carry weight above e^-50 (N <= 80).
WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 32, 48, 64, 80, 256, 1024, 4096]
# Moderate slopes (the original grid) and the extremes: |a| from 1e-300 to
# 1e300, a^2 underflowing in double precision below about 1.5e-162, and
# negative slopes at both ends.
SLOPES = ["-0.5", "0.01", "0.1", "0.2", "0.5", "0.9", "1", "2",
          "1e-300", "-1e-300", "1e-200", "1e-12", "1e-9", "1e-6", "-1e-6",
          "20", "-20", "1e6", "1e300"]
QUAD_ERROR_LIMIT = mpf("1e-24")


def m_power_minus_one(n, a2, t):
    """M(t)^N - 1, written with expm1/log1p: near t = 0 it is -O(t)."""
    m_minus_one = (expm1(-log1p(2 * t) / 2) + expm1(-log1p(2 * a2 * t) / 2)) / 2
    return expm1(n * log1p(m_minus_one))


def breakpoints(n, a2):
    """Points in x = log t around which the integrand changes shape."""
    centres = [mpf(0), -log(n)]
    if a2 != 1:
        centres += [-log(a2), -log(a2) - log(n)]
    pts = set()
    for c in centres:
        for d in (-45, -30, -20, -10, -5, -2, 0, 2, 5, 10, 20, 30, 45):
            pts.add(c + d)
    pts = sorted(pts)
    filled = [pts[0]]
    for p in pts[1:]:
        while p - filled[-1] > 20:
            filled.append(filled[-1] + 20)
        filled.append(p)
    return [-inf] + filled + [inf]


def integrate(f, pts):
    value, err = quad(f, pts, error=True)
    if err > QUAD_ERROR_LIMIT:
        sys.exit(f"quadrature error estimate {err} above {QUAD_ERROR_LIMIT}")
    return value


def log_s_moments(n, a):
    """(E log S, Var log S) by the Laplace/Mellin route, integrating in x = log t."""
    a2 = a * a
    pts = breakpoints(n, a2)

    cache = {}

    def d(x):  # M(t)^N - e^-t, with e^-t < 1e-130 dropped (mpmath would evaluate e^-e^x exactly)
        if x not in cache:  # both integrals below share their nodes
            t = exp(x)
            cache[x] = m_power_minus_one(n, a2, t) - (expm1(-t) if t < 300 else -1)
        return cache[x]

    mean = -integrate(d, pts)
    second = 2 * integrate(lambda x: (x + euler) * d(x), pts)
    return mean, second - mean * mean


def values(n, a):
    mean, var = log_s_moments(n, a)
    half = mpf(n) / 2
    chi_mean = psi(0, half) + log(2)
    chi_var = psi(1, half)
    return dict(gl=(mean - log(n)) / 2, ol=(mean - chi_mean) / 2,
                gv=var / 4, ov=(var - chi_var) / 4)


def beta_mixture(n, a):
    """(E log V, Var log V) by the Beta mixture, for the cross-check at moderate slopes."""
    a2 = a * a
    w0 = mpf(2) ** (-n)
    terms = [(w0, log(a2), mpf(0)), (w0, mpf(0), mpf(0))]
    for k in range(1, n):
        al, be = mpf(k) / 2, mpf(n - k) / 2
        b = beta(al, be)
        dens = lambda u: u ** (al - 1) * (1 - u) ** (be - 1) / b
        lv = lambda u: log(a2 + (1 - a2) * u)
        mk = quad(lambda u: lv(u) * dens(u), [0, mpf(1) / 2, 1])
        vk = quad(lambda u: (lv(u) - mk) ** 2 * dens(u), [0, mpf(1) / 2, 1])
        terms.append((binomial(n, k) * w0, mk, vk))
    m = sum(w * mk for w, mk, _ in terms)
    v = sum(w * (vk + (mk - m) ** 2) for w, mk, vk in terms)
    return m, v


def require(ok, what):
    if not ok:
        sys.exit("check failed: " + what)


def self_checks():
    for n in [1, 2, 5, 64, 4096]:
        mean, var = log_s_moments(n, mpf(1))
        half = mpf(n) / 2
        require(abs(mean - psi(0, half) - log(2)) < mpf("1e-25"), f"a = 1 mean, N = {n}")
        require(abs(var - psi(1, half)) < mpf("1e-25"), f"a = 1 variance, N = {n}")
    for n in [1, 2, 3, 8]:
        for s in ["0.1", "0.5", "2"]:
            a = mpf(s)
            v = values(n, a)
            with mp.workdps(50):  # its tanh-sinh needs the extra digits near u = 0 and 1
                m, var_v = beta_mixture(n, mpf(s))
            require(abs(v["ol"] - m / 2) < mpf("1e-24"), f"Beta mixture mean, N = {n}, a = {s}")
            require(abs(v["ov"] - var_v / 4) < mpf("1e-24"), f"Beta mixture variance, N = {n}, a = {s}")
    # Not a route, a consistency check of this one at extreme slopes: the exact
    # inversion lambda(a) = log a + lambda(1/a), s^2(a) = s^2(1/a) (docs/theory.md, "Symmetries"),
    # which nothing above uses.
    for n in [2, 8]:
        for s in ["20", "1e6"]:
            a = mpf(s)
            v, w = values(n, a), values(n, 1 / a)
            require(abs(v["gl"] - log(a) - w["gl"]) < mpf("1e-25"), f"inversion, lambda, N = {n}, a = {s}")
            require(abs(v["gv"] - w["gv"]) < mpf("1e-25"), f"inversion, s^2, N = {n}, a = {s}")
    print("self-checks passed")


def swift(x):
    return mp.nstr(x, 20, min_fixed=-5, max_fixed=6) if x != 0 else "0.0"


def main():
    self_checks()
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "RandomNetsTests", "TheoryReferenceValues.swift")
    lines = [
        "// Generated by `python3 tools/reference_theory.py` (mpmath, 32 digits). Do not edit.",
        "// E log S and Var log S from the Laplace transform of phi(z)^2 alone (Frullani and Mellin",
        "// identities, no Beta decomposition and no slope symmetry); see the script for the formulas.",
        "",
        "enum TheoryReferenceValues {",
        "    /// (width, slope, lambda gaussian, lambda orthogonal, s^2 gaussian, s^2 orthogonal) at sigma = 1.",
        "    static let cases: [(width: Int, slope: Double, gaussianLambda: Double, orthogonalLambda: Double,",
        "                        gaussianVariance: Double, orthogonalVariance: Double)] = [",
    ]
    for n in WIDTHS:
        for s in SLOPES:
            v = values(n, mpf(s))
            lines.append(f"        ({n}, {s}, {swift(v['gl'])}, {swift(v['ol'])}, {swift(v['gv'])}, {swift(v['ov'])}),")
        print("N =", n, "done", time.strftime("%H:%M:%S"), flush=True)
    lines += ["    ]", "}", ""]
    with open(out, "w") as fh:
        fh.write("\n".join(lines))
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
