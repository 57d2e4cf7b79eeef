import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// The Anderson-Darling p-value (D'Agostino and Stephens 1986, Table 4.9 fit)
/// must fall monotonically to 0 as the modified statistic A* grows, and keep
/// the published percentage points where the fit is calibrated.
@Suite("Anderson-Darling p-value")
struct AndersonDarlingTests {
    @Test("p(A*) is in [0, 1], strictly decreasing over A* = 0.1, 1, 10, 100, 1000, and near 0 from A* = 10 on")
    func pValueFallsToZero() {
        let points = [0.1, 1, 10, 100, 1000]
        let p = points.map { AndersonDarling.pValue(modifiedStatistic: $0) }
        for v in p { #expect(v >= 0 && v <= 1, "p = \(v)") }
        for i in 1..<p.count { #expect(p[i] <= p[i - 1], "p(\(points[i])) = \(p[i]) > p(\(points[i - 1])) = \(p[i - 1])") }
        #expect(p[0] > p[1] && p[1] > p[2] && p[2] > p[3])
        #expect(p[0] > 0.99)  // 0.9961
        #expect(abs(p[1] - 0.0123) < 0.0005)  // exp(1.2937 - 5.709 + 0.0186)
        for v in p[2...] { #expect(v < 1e-20, "p = \(v)") }
        // The fitted exponent alone would turn upward past A* = 153.5; the
        // continuation must not.
        let grid = Array(stride(from: 0.6, through: 2000, by: 0.5))
        let values = grid.map { AndersonDarling.pValue(modifiedStatistic: $0) }
        let rise = (1..<grid.count).first { values[$0] > values[$0 - 1] }
        #expect(rise == nil, "p rises at A* = \(rise.map { grid[$0] } ?? 0)")
    }

    @Test("p matches D'Agostino and Stephens's upper percentage points for A* (15%, 10%, 5%, 2.5%, 1%) to 3%",
          arguments: [(0.561, 0.15), (0.631, 0.10), (0.752, 0.05), (0.873, 0.025), (1.035, 0.01)])
    func publishedPercentagePoints(_ point: (statistic: Double, level: Double)) {
        let p = AndersonDarling.pValue(modifiedStatistic: point.statistic)
        #expect(abs(p / point.level - 1) < 0.03, "p(\(point.statistic)) = \(p)")
        // Power: the neighbouring tabulated level is rejected by the same check.
        #expect(abs(p / (point.level * 1.25) - 1) >= 0.03)
    }

    @Test("a grossly non-normal S_L (orthogonal, N = 2, a = 0.01, one layer, M = 3000) is rejected")
    func grossDepartureIsRejected() throws {
        let (_, est, _) = try TestSupport.estimate(.orthogonal, width: 2, slope: 0.01, depth: 1,
                                                   samples: 3000, seed: 1)
        let ad = try #require(est.normality)
        #expect(ad.statistic > 100, "A* = \(ad.statistic)")
        #expect(ad.pValue < 1e-20, "A* = \(ad.statistic), p = \(ad.pValue)")
    }
}
