import Foundation
import Testing

/// The machine-readable outputs carry the documented keys.
@Suite("CLI: JSON and CSV outputs")
struct OutputFormatTests {
    func json(_ args: [String]) throws -> [String: Any] {
        let outcome = try CLIRunner.run(args)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("estimate --format json has the documented keys")
    func estimateJSON() throws {
        let j = try json(["estimate", "--width", "4", "--slope", "0.1", "--depth", "20", "--samples", "50",
                          "--format", "json"])
        for key in ["width", "slope", "ensemble", "sigma", "depth", "samples", "seed", "rng", "z_score"] {
            #expect(j[key] != nil, "missing \(key)")
        }
        let theory = try #require(j["theory"] as? [String: Any])
        for key in ["lyapunov_exponent", "clt_variance", "critical_sigma"] { #expect(theory[key] != nil) }
        let estimate = try #require(j["estimate"] as? [String: Any])
        for key in ["lyapunov_exponent", "stderr", "clt_variance", "clt_variance_ci", "normality_pvalue"] {
            #expect(estimate[key] != nil, "missing estimate.\(key)")
        }
        #expect((estimate["clt_variance_ci"] as? [Double])?.count == 2)
    }

    @Test("theory --format json puts lambda, s^2 and sigma_crit at the top level; ReLU gives null with a reason")
    func theoryJSON() throws {
        let j = try json(["theory", "--width", "8", "--slope", "0.2", "--format", "json"])
        #expect(abs((j["lyapunov_exponent"] as? Double ?? 0) - -0.1600908733) < 1e-9)
        #expect(j["clt_variance"] as? Double != nil)
        #expect(j["critical_sigma"] as? Double != nil)
        let relu = try json(["theory", "--width", "8", "--slope", "0", "--format", "json"])
        #expect(relu["lyapunov_exponent"] is NSNull)
        #expect((relu["infinite_reason"] as? String)?.contains("2^-8") == true)
    }

    @Test("estimate output is byte-identical for 1 and 2 threads")
    func threadsDoNotChangeOutput() throws {
        let base = ["estimate", "--width", "5", "--slope", "0.3", "--depth", "40", "--samples", "64", "--format", "json"]
        let one = try CLIRunner.run(base + ["--threads", "1"])
        let two = try CLIRunner.run(base + ["--threads", "2"])
        #expect(one.stdout == two.stdout)
        #expect(!one.stdout.isEmpty)
    }
}
