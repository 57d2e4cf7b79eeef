import Foundation
import RandomNets
import Testing

/// A seed fixes the output bit for bit, whatever the thread count.
@Suite("Reproducibility")
struct ReproducibilityTests {
    @Test("the same seed gives bit-identical S_l for 1, 2 and 5 threads", arguments: Ensemble.allCases)
    func threadCountDoesNotMatter(ensemble: Ensemble) throws {
        let spec = try NetworkSpec(width: 7, depth: 30, slope: 0.1, ensemble: ensemble, sigma: 1.3)
        var runs: [SimulationResult] = []
        for threads in [1, 2, 5] {
            let config = try SimulationConfig(samples: 23, seed: 2026, threads: threads, recordTrajectories: true)
            runs.append(try Simulator.run(spec, config))
        }
        for r in runs.dropFirst() {
            #expect(r.finalLogNorms.map(\.bitPattern) == runs[0].finalLogNorms.map(\.bitPattern))
            #expect(r.trajectories.map(\.bitPattern) == runs[0].trajectories.map(\.bitPattern))
        }
        // And a different seed changes it.
        let other = try Simulator.run(spec, SimulationConfig(samples: 23, seed: 2027, threads: 2))
        #expect(other.finalLogNorms != runs[0].finalLogNorms)
    }

    @Test("the trajectory ends at S_L and runs through every layer")
    func trajectoryMatchesFinal() throws {
        let spec = try NetworkSpec(width: 5, depth: 12, slope: 0.3, ensemble: .gaussian, sigma: 1.2)
        let r = try Simulator.run(spec, SimulationConfig(samples: 4, seed: 8, threads: 1, recordTrajectories: true))
        for i in 0..<4 {
            #expect(r.trajectory(sample: i).count == 12)
            #expect(r.trajectory(sample: i).last == r.finalLogNorms[i])
        }
    }

    @Test("depth 10^6 neither overflows nor underflows (renormalized every layer)")
    func veryDeep() throws {
        let spec = try NetworkSpec(width: 2, depth: 1_000_000, slope: 0.5, ensemble: .gaussian, sigma: 3)
        let r = try Simulator.run(spec, SimulationConfig(samples: 2, seed: 3, method: .reduced))
        let theory = try LyapunovTheory.predict(ensemble: .gaussian, width: 2, slope: 0.5, sigma: 3)
        for s in r.finalLogNorms {
            #expect(s.isFinite)
            // One sample: S_L/L within 5 s/sqrt(L) of lambda.
            #expect(abs(s / 1e6 - theory.lyapunovExponent) < 5 * (theory.cltVariance / 1e6).squareRoot())
        }
    }
}
