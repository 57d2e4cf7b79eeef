import Foundation
import RandomNets
import _RandomNetsTestSupport
import Testing

/// `lyapsim calibrate`'s engine: replications on independent streams give
/// the nominal coverage when the prediction is right, and not when it is wrong.
@Suite("Calibration: lyapsim's intervals cover at their nominal level")
struct CalibrationTests {
    static func calibrate(shift: Double = 0, depth: Int = 20, replications: Int = 300) throws -> Calibration {
        let sigma = LeakyReLU(slope: 0.1).heGain
        let spec = try NetworkSpec(width: 4, depth: depth, slope: 0.1, ensemble: .gaussian, sigma: sigma)
        let config = try SimulationConfig(samples: 100, seed: 17, generator: .fast, threads: 2, method: .reduced)
        let exact = try LyapunovTheory.predict(ensemble: .gaussian, width: 4, slope: 0.1, sigma: sigma)
        let theory = exact.shiftingLyapunovExponent(by: shift)
        return try Calibration(spec: spec, config: config, theory: theory, replications: replications)
    }

    @Test("lambda coverage within 4 binomial standard errors of 95%; z has mean 0 and SD 1 within 4 standard errors")
    func nominalCoverage() throws {
        let c = try Self.calibrate()
        let r = Double(c.replications)
        let binomialSE = (0.95 * 0.05 / r).squareRoot()
        #expect(abs(c.lambdaCoverage.value - 0.95) <= 4 * binomialSE, "coverage \(c.lambdaCoverage.value)")
        #expect(abs(c.zMean) <= 4 / r.squareRoot(), "z mean \(c.zMean)")
        #expect(abs(c.zStandardDeviation - 1) <= 4 / (2 * r).squareRoot(), "z sd \(c.zStandardDeviation)")
        // s^2 is normal enough at depth 20 with N = 4 for the interval to cover.
        #expect(abs(c.cltVarianceCoverage.value - 0.95) <= 4 * binomialSE, "s^2 coverage \(c.cltVarianceCoverage.value)")
    }

    @Test("power: a prediction off by 3 standard errors of one run is caught by the coverage and by the mean of z")
    func wrongPredictionRejected() throws {
        // One run's standard error: s / sqrt(L M) = sqrt(0.60 / 2000), about 0.017.
        let c = try Self.calibrate(shift: 0.05)
        let binomialSE = (0.95 * 0.05 / Double(c.replications)).squareRoot()
        #expect(c.lambdaCoverage.value < 0.95 - 4 * binomialSE)
        #expect(abs(c.zMean) > 4 / Double(c.replications).squareRoot())
    }

    @Test("Wilson interval: inside [0, 1], contains the estimate, and is exact at the ends")
    func wilson() {
        for (k, n) in [(0, 10), (10, 10), (95, 100), (1, 1000)] {
            let f = Calibration.Fraction(count: k, total: n)
            #expect(f.interval.lowerBound >= 0 && f.interval.upperBound <= 1)
            #expect(f.interval.contains(f.value))
        }
        // 95 of 100: Wilson's interval is about [0.888, 0.978].
        let f = Calibration.Fraction(count: 95, total: 100)
        #expect(abs(f.interval.lowerBound - 0.8883) < 1e-3 && abs(f.interval.upperBound - 0.9785) < 1e-3)
    }
}
