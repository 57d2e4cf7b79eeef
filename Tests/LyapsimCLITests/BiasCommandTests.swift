import Foundation
import Testing

/// `--bias-sigma` in meanfield and spectrum.
@Suite("CLI: --bias-sigma")
struct BiasCommandTests {
    static func json(_ out: CLIRunner.Outcome) throws -> [String: Any] {
        #expect(out.status == 0, "\(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    @Test("meanfield --bias-sigma: Leaky ReLU's q* = sigma_b^2/(1 - chi_1) and chi_1 in JSON")
    func meanfield() throws {
        let doc = try Self.json(try CLIRunner.run(["meanfield", "--slope", "0.1", "--sigma", "1.2", "--bias-sigma", "0.5",
                                                   "--format", "json"]))
        let chi = 1.44 * 1.01 / 2
        #expect(abs((doc["chi_1"] as? Double ?? 0) - chi) <= 1e-15)
        #expect(abs((doc["fixed_point_q"] as? Double ?? 0) - 0.25 / (1 - chi)) <= 1e-14)
        #expect(doc["bias_sigma"] as? Double == 0.5)
    }

    @Test("spectrum --bias-sigma: JSON exponents and the mean-field top exponent (1/2) log chi_1; lambda_1 below it at N = 16")
    func spectrum() throws {
        let doc = try Self.json(try CLIRunner.run(["spectrum", "--width", "16", "--slope", "0.1", "--sigma", "1.2",
                                                   "--bias-sigma", "0.5", "--depth", "100", "--samples", "20",
                                                   "--rng", "xoshiro256++x8", "--format", "json"]))
        let top = try #require(doc["mean_field_top_exponent"] as? Double)
        #expect(abs(top - 0.5 * log(1.44 * 1.01 / 2)) <= 1e-15)
        let exponents = try #require(doc["exponents"] as? [[String: Any]])
        let l1 = try #require(exponents.first?["estimate"] as? Double)
        let se = try #require(exponents.first?["stderr"] as? Double)
        #expect(l1 + 4 * se < top, "finite width lowers lambda_1: \(l1) +- \(se) vs \(top)")
    }

    @Test("refusals: a negative or huge --bias-sigma exits 64 with one line", arguments: [
        ["meanfield", "--activation", "tanh", "--sigma", "1", "--bias-sigma", "-1"],
        ["meanfield", "--activation", "tanh", "--sigma", "1", "--bias-sigma", "1e11"],
        ["spectrum", "--width", "4", "--slope", "0.1", "--bias-sigma", "nan"],
    ])
    func refusals(args: [String]) throws {
        let out = try CLIRunner.run(args)
        #expect(out.status == 64 && out.stderr.contains("--bias-sigma") && out.stderr.split(separator: "\n").count == 1,
                "\(out.stderr)")
    }
}
