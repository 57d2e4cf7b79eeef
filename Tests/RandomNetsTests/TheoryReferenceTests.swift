import Foundation
import RandomNets
import Testing

/// The closed forms against values computed independently in 32-digit
/// arithmetic (tools/reference_theory.py, mpmath): E log S and Var log S from
/// the Laplace transform of phi(z)^2 alone (Frullani's and Mellin's
/// identities), with no Beta decomposition and no slope symmetry, on widths
/// 1...4096 and slopes from 1e-300 to 1e300 of either sign. The extreme slopes
/// exercise what the symmetries of docs/theory.md ("Symmetries") make computable: slope
/// inversion for |a| > 1 and a^2 underflowing to 0 below |a| ~ 1.5e-162.
@Suite("Closed forms match high-precision references")
struct TheoryReferenceTests {
    static let tolerance = 1e-9

    @Test("lambda, s^2 and sigma_crit = exp(-lambda(1)) match the 32-digit Laplace-Mellin values to 1e-9, N = 1...4096, 1e-300 <= |a| <= 1e300",
          arguments: TheoryReferenceValues.cases.map { ReferenceCase($0) })
    func closedForms(_ c: ReferenceCase) throws {
        for (ensemble, lambda, variance) in [(Ensemble.gaussian, c.gaussianLambda, c.gaussianVariance),
                                             (.orthogonal, c.orthogonalLambda, c.orthogonalVariance)] {
            let p = try LyapunovTheory.predict(ensemble: ensemble, width: c.width, slope: c.slope, sigma: 1)
            // A nonzero slope, however small, never kills the signal.
            #expect(p.deathProbabilityPerLayer == 0, "\(ensemble)")
            #expect(abs(p.lyapunovExponent - lambda) <= Self.tolerance,
                    "\(ensemble): lambda \(p.lyapunovExponent), reference \(lambda)")
            #expect(abs(p.cltVariance - variance) <= Self.tolerance,
                    "\(ensemble): s^2 \(p.cltVariance), reference \(variance)")
            // |log sigma_crit + lambda(1)| is sigma_crit's relative error.
            let critical = try #require(p.criticalSigma)
            #expect(abs(log(critical) + lambda) <= Self.tolerance,
                    "\(ensemble): sigma_crit \(critical), reference exp(\(-lambda))")
        }
    }

    @Test("the Laplace route in Swift (QAGIU) matches the same lambda references to 1e-9",
          arguments: TheoryReferenceValues.cases.map { ReferenceCase($0) })
    func laplaceRoute(_ c: ReferenceCase) throws {
        let g = try LaplaceRoute.gaussianLyapunovExponent(width: c.width, slope: c.slope, sigma: 1)
        let o = try LaplaceRoute.orthogonalLyapunovExponent(width: c.width, slope: c.slope, sigma: 1)
        #expect(abs(g - c.gaussianLambda) <= Self.tolerance, "gaussian: \(g), reference \(c.gaussianLambda)")
        #expect(abs(o - c.orthogonalLambda) <= Self.tolerance, "orthogonal: \(o), reference \(c.orthogonalLambda)")
    }

    @Test("a = 0 exactly stays ReLU (lambda = -infinity, death 2^-N); the smallest slopes in the grid do not")
    func zeroSlopeIsReLU() throws {
        for n in [1, 2, 64] {
            let relu = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: 0, sigma: 1)
            #expect(relu.lyapunovExponent == -.infinity)
            #expect(relu.deathProbabilityPerLayer == scalbn(1.0, -n))
            for a in [1e-300, -1e-300, 5e-324] {
                let leaky = try LyapunovTheory.predict(ensemble: .gaussian, width: n, slope: a, sigma: 1)
                #expect(leaky.lyapunovExponent.isFinite, "N=\(n) a=\(a)")
                #expect(leaky.deathProbabilityPerLayer == 0, "N=\(n) a=\(a)")
            }
        }
    }
}

struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let width: Int, slope: Double
    let gaussianLambda: Double, orthogonalLambda: Double
    let gaussianVariance: Double, orthogonalVariance: Double
    init(_ t: (width: Int, slope: Double, gaussianLambda: Double, orthogonalLambda: Double,
               gaussianVariance: Double, orthogonalVariance: Double)) {
        (width, slope, gaussianLambda, orthogonalLambda, gaussianVariance, orthogonalVariance) =
            (t.width, t.slope, t.gaussianLambda, t.orthogonalLambda, t.gaussianVariance, t.orthogonalVariance)
    }
    var testDescription: String { "N=\(width) a=\(slope)" }
}
