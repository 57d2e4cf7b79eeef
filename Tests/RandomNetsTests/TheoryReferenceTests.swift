import Foundation
import RandomNets
import Testing

/// The closed forms against values computed independently in 30-digit
/// arithmetic (tools/reference_theory.py, mpmath): lambda by the Laplace
/// route, s^2 by the Beta mixture.
@Suite("Closed forms match high-precision references")
struct TheoryReferenceTests {
    static let tolerance = 1e-9

    @Test("lambda matches the 30-digit Laplace-route value to 1e-9, N = 1...4096",
          arguments: TheoryReferenceValues.lyapunovExponents.map { ReferenceCase($0) })
    func lyapunovExponent(_ c: ReferenceCase) throws {
        let g = try LyapunovTheory.predict(ensemble: .gaussian, width: c.width, slope: c.slope, sigma: 1)
        let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: c.width, slope: c.slope, sigma: 1)
        #expect(abs(g.lyapunovExponent - c.gaussian) <= Self.tolerance)
        #expect(abs(o.lyapunovExponent - c.orthogonal) <= Self.tolerance)
    }

    @Test("s^2 matches the 30-digit Beta-mixture value to 1e-9",
          arguments: TheoryReferenceValues.cltVariances.map { ReferenceCase($0) })
    func cltVariance(_ c: ReferenceCase) throws {
        let g = try LyapunovTheory.predict(ensemble: .gaussian, width: c.width, slope: c.slope, sigma: 1)
        let o = try LyapunovTheory.predict(ensemble: .orthogonal, width: c.width, slope: c.slope, sigma: 1)
        #expect(abs(g.cltVariance - c.gaussian) <= Self.tolerance)
        #expect(abs(o.cltVariance - c.orthogonal) <= Self.tolerance)
    }
}

struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let width: Int, slope: Double, gaussian: Double, orthogonal: Double
    init(_ t: (width: Int, slope: Double, gaussian: Double, orthogonal: Double)) {
        (width, slope, gaussian, orthogonal) = (t.width, t.slope, t.gaussian, t.orthogonal)
    }
    var testDescription: String { "N=\(width) a=\(slope)" }
}
