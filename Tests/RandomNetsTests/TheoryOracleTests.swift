import Foundation
import RandomNets
import Testing

/// Special and limiting cases of the closed forms (docs/theory.md, "Special and limiting cases").
@Suite("Closed forms: special cases and limits")
struct TheoryOracleTests {
    static let widths = [1, 2, 3, 4, 5, 7, 8, 16, 31, 32, 64, 100, 256, 1024, 4096]

    @Test("a = 1 gives the top Lyapunov exponent of Gaussian matrix products (Newman 1986; CLT: Cohen and Newman 1984)",
          arguments: widths)
    func linearGaussianProducts(n: Int) throws {
        for sigma in [0.5, 1.0, 1.7] {
            let p = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: 1, sigma: sigma)
            let half = Double(n) / 2
            let newman = 0.5 * (log(2 * sigma * sigma / Double(n)) + (try Special.digamma(half)))
            let cohenNewman = 0.25 * (try Special.trigamma(half))
            #expect(abs(p.lyapunovExponent - newman) < 1e-13)
            #expect(abs(p.cltVariance - cohenNewman) < 1e-13)
            // Orthogonal linear layers are isometries: lambda = log sigma, s^2 = 0.
            let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: 1, sigma: sigma)
            #expect(abs(o.lyapunovExponent - log(sigma)) < 1e-15)
            #expect(o.cltVariance == 0)
        }
    }

    @Test("the two independent routes for E log S (Beta mixture, Laplace integral) agree",
          arguments: [1, 2, 3, 8, 33, 256, 2048])
    func betaAndLaplaceRoutesAgree(n: Int) throws {
        for a in [-0.7, 0.01, 0.1, 0.3, 0.99, 3.0] {
            let beta = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: 1.3)
            let laplace = try LaplaceRoute.gaussianLyapunovExponent(width: n, slope: a, sigma: 1.3)
            #expect(abs(beta.lyapunovExponent - laplace) < 1e-10, "N=\(n) a=\(a)")
            let betaO = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: a, sigma: 1.3)
            let laplaceO = try LaplaceRoute.orthogonalLyapunovExponent(width: n, slope: a, sigma: 1.3)
            #expect(abs(betaO.lyapunovExponent - laplaceO) < 1e-10, "N=\(n) a=\(a)")
        }
    }

    @Test("Lyapunov initialization: lambda(sigma_crit) = 0 and lambda(sigma) = log sigma + lambda(1)",
          arguments: Ensemble.allCases)
    func criticalScaleZeroesLambda(ensemble: Ensemble) throws {
        for n in [1, 2, 4, 8, 64, 1000] {
            for a in [0.01, 0.2, 0.5, 1.0, 2.0] {
                let sigma = try LyapunovTheory.sigma(for: .lyapunov, ensemble: ensemble, width: n, slope: a)
                let p = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: sigma)
                #expect(abs(p.lyapunovExponent) < 1e-14)
                let q = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a, sigma: 2 * sigma)
                #expect(abs(q.lyapunovExponent - log(2)) < 1e-14)
            }
        }
    }

    @Test("He gain: lambda < 0 at every finite N (Jensen), increasing to 0 as N grows", arguments: Ensemble.allCases)
    func heGainShrinksAtFiniteWidth(ensemble: Ensemble) throws {
        for a in [0.01, 0.1, 0.5, -0.3] {
            var previous = -Double.infinity
            for n in [1, 2, 3, 4, 6, 8, 16, 32, 64, 128, 512, 2048, 4096] {
                let p = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: a,
                                                   sigma: LeakyReLU(slope: a).heGain)
                #expect(p.lyapunovExponent < 0, "N=\(n) a=\(a)")
                #expect(p.lyapunovExponent > previous, "N=\(n) a=\(a)")
                previous = p.lyapunovExponent
            }
            // And the approach is O(1/N): at N = 4096, |lambda| < 2/N.
            #expect(abs(previous) < 2.0 / 4096)
        }
    }

    @Test("orthogonal minus gaussian lambda = -(1/2)[psi(N/2) + log(2/N)] > 0 at equal sigma",
          arguments: [1, 2, 3, 4, 8, 16, 100, 4096])
    func ensembleGap(n: Int) throws {
        let gap = -0.5 * ((try Special.digamma(Double(n) / 2)) + log(2 / Double(n)))
        #expect(gap > 0)
        for a in [0.05, 0.5, 1.5] {
            let g = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: 1.1)
            let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: n, slope: a, sigma: 1.1)
            #expect(abs((o.lyapunovExponent - g.lyapunovExponent) - gap) < 1e-12)
        }
    }

    @Test("ReLU: lambda = -infinity, reported with the death probability 2^-N, never NaN",
          arguments: Ensemble.allCases)
    func reluIsDeadInTheLimit(ensemble: Ensemble) throws {
        for n in [1, 2, 5, 12, 64] {
            let p = try LyapunovTheory.predict(ensemble: ensemble, width: n, slope: 0, sigma: 2.squareRoot())
            #expect(p.lyapunovExponent == -.infinity)
            #expect(p.cltVariance == .infinity)
            #expect(p.criticalSigma == nil)
            #expect(p.deathProbabilityPerLayer == pow(2, -Double(n)))
            #expect(p.survivingLyapunovExponent.isFinite)
            #expect(p.infiniteReason != nil)
            let l = 37
            #expect(abs(p.deathProbability(depth: l) - (1 - pow(1 - pow(2, -Double(n)), Double(l)))) < 1e-14)
        }
    }

    @Test("Hanin and Nica (2019): near ReLU at large N, log||x||^2 per layer has mean ~ -5/(2N) and variance ~ 5/N")
    func haninNicaFiveBetaLaw() throws {
        for n in [256, 1024, 4096] {
            let p = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: 1e-6, sigma: 2.squareRoot())
            let meanTimesN = 2 * p.lyapunovExponent * Double(n)
            let varianceTimesN = 4 * p.cltVariance * Double(n)
            // Corrections are O(1/N): 10/N is ample, and still rejects the
            // linear-network values (-1 and 2) and nearby wrong constants like 2.
            #expect(abs(meanTimesN + 2.5) < 10 / Double(n), "N=\(n): \(meanTimesN)")
            #expect(abs(varianceTimesN - 5) < 20 / Double(n), "N=\(n): \(varianceTimesN)")
        }
    }

    @Test("infinite width, any slope, He gain: lambda -> 0 and s^2 -> 0")
    func infiniteWidthLimit() throws {
        for a in [0.1, 0.5, 2.0] {
            let p = try LyapunovTheory.predict(ensemble: .gaussian, width: 4096, slope: a,
                                               sigma: LeakyReLU(slope: a).heGain)
            #expect(abs(p.lyapunovExponent) < 1e-3)
            #expect(p.cltVariance < 1e-3)
        }
    }

    @Test("GSL failures become Swift errors, never an abort")
    func gslErrorsAreThrown() {
        #expect(throws: GSLError.self) { try Special.digamma(0) }
        #expect(throws: GSLError.self) { try Special.trigamma(-1) }
    }
}

/// The delta-method limits of N lambda and N s^2 (T7) against the exact closed forms.
@Suite("Large-width limits")
struct LargeWidthLimitTests {
    @Test("N s^2 and N lambda at N = 4096 are within 2/N-relative of their large-width limits",
          arguments: [0.0, 0.1, 0.5, 2.0])
    func limits(slope: Double) throws {
        let n = 4096.0
        let limit = LargeWidthLimit(slope: slope)
        let he = LeakyReLU(slope: slope).heGain
        let g = try LyapunovTheory.predict(ensemble: .gaussian, width: 4096, slope: slope, sigma: he)
        let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: 4096, slope: slope, sigma: he)
        let tol = 20 / n
        #expect(abs(n * g.survivingCLTVariance - limit.gaussianNVariance) < tol)
        #expect(abs(n * o.survivingCLTVariance - limit.orthogonalNVariance) < tol)
        #expect(abs(n * g.survivingLyapunovExponent - limit.gaussianNLambda) < tol)
        #expect(abs(n * o.survivingLyapunovExponent - limit.orthogonalNLambda) < tol)
        // Power: the gaussian limit is not the orthogonal one (they differ by 1/2).
        #expect(abs(n * o.survivingCLTVariance - limit.gaussianNVariance) > tol)
    }
}
