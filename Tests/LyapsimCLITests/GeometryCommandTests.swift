import Foundation
import Testing

/// `spectrum`, `angles` and `gradients` as a user runs them: the
/// acceptance checks, the JSON keys, and refusals of what they cannot do.
@Suite("CLI: spectrum, angles and gradients")
struct GeometryCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CLIRunner.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test("spectrum --width 8 --slope 1 --format json: Newman's eight exponents within 4 standard errors each")
    func newmanFromTheCommandLine() throws {
        let doc = try Self.json(["spectrum", "--width", "8", "--slope", "1", "--samples", "300", "--depth", "100"])
        let estimate = try #require(doc["estimate"] as? [String: Any])
        let theory = try #require(doc["theory"] as? [String: Any])
        let mc = try #require(estimate["exponents"] as? [Double])
        let se = try #require(estimate["stderr"] as? [Double])
        let exact = try #require(theory["exponents"] as? [Double])
        #expect(mc.count == 8 && se.count == 8 && exact.count == 8)
        for k in 0..<8 { #expect(abs(mc[k] - exact[k]) < 4 * se[k], "k = \(k + 1)") }
        #expect(theory["exponent_sum"] is Double)
        #expect(estimate["forward_lyapunov_exponent"] is Double)
        #expect(doc["agrees"] as? Bool == true)
    }

    @Test("the exponent sum agrees with its closed form at a = 0.1 for both closed-form ensembles",
          arguments: ["gaussian", "orthogonal"])
    func exponentSumFromTheCommandLine(ensemble: String) throws {
        let doc = try Self.json(["spectrum", "--width", "6", "--slope", "0.1", "--ensemble", ensemble,
                                 "--samples", "200", "--depth", "100"])
        let estimate = try #require(doc["estimate"] as? [String: Any])
        let theory = try #require(doc["theory"] as? [String: Any])
        let sum = try #require(estimate["exponent_sum"] as? Double)
        let se = try #require(estimate["exponent_sum_stderr"] as? Double)
        let exact = try #require(theory["exponent_sum"] as? Double)
        #expect(abs(sum - exact) < 4 * se)
    }

    @Test("angles --format json has one object per layer with mean_cos, stderr, quantiles and kernel_cos")
    func anglesJSON() throws {
        let doc = try Self.json(["angles", "--width", "64", "--slope", "0.1", "--angle", "1.0", "--depth", "5",
                                 "--samples", "200", "--method", "reduced"])
        let layers = try #require(doc["layers"] as? [[String: Any]])
        #expect(layers.count == 5)
        for (i, layer) in layers.enumerated() {
            #expect(layer["layer"] as? Int == i + 1)
            for key in ["mean_cos", "stderr", "kernel_cos"] { #expect(layer[key] is Double, "\(key)") }
            #expect((layer["quantiles"] as? [String: Any])?.count == 5)
        }
    }

    @Test("gradients and spectrum output is byte-identical for 1 and 2 threads")
    func threadCount() throws {
        for base in [["gradients", "--width", "3", "--slope", "0.2", "--depth", "20", "--samples", "30"],
                     ["spectrum", "--width", "5", "--slope", "0.2", "--ensemble", "uniform", "--depth", "20", "--samples", "30"],
                     ["angles", "--width", "5", "--slope", "0", "--depth", "20", "--samples", "30"]] {
            let one = try CLIRunner.run(base + ["--threads", "1"]), two = try CLIRunner.run(base + ["--threads", "2"])
            #expect(one.status == 0 && two.status == 0)
            #expect(one.stdout == two.stdout)
            #expect(!one.stdout.lowercased().contains("nan"))
        }
    }

    @Test("exact cases (orthogonal weights, |a| = 1: J_L is sigma^L times an orthogonal matrix) are judged within rounding, never DISAGREES",
          arguments: [["gradients", "--slope", "1"], ["gradients", "--slope", "-1"], ["spectrum", "--slope", "1"],
                      ["spectrum", "--slope", "-1"]])
    func exactCases(arguments: [String]) throws {
        for sigma in ["0.7", "1.3", "3"] {
            let doc = try Self.json(arguments + ["--width", "5", "--ensemble", "orthogonal", "--sigma", sigma,
                                                 "--samples", "200", "--depth", "50"])
            #expect(doc["agrees"] as? Bool == true, "\(arguments) sigma \(sigma)")
        }
    }

    @Test("width 1: lambda_1 - S_L/L and backward - forward are zero in every network (one 1 x 1 step), so only rounding is left and the paired rows are judged exact, never DISAGREES",
          arguments: ["spectrum", "gradients"])
    func widthOnePairedRows(command: String) throws {
        for depth in ["2", "10", "200"] {
            let outcome = try CLIRunner.run([command, "--width", "1", "--slope", "0.1", "--depth", depth, "--samples", "500", "--quiet"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n")
            let paired = try #require(lines.first { $0.contains("(paired)") })
            #expect(paired.contains("exact") && paired.contains(" ok") && !paired.contains("DISAGREES"), "depth \(depth): \(paired)")
            // The Monte Carlo rows are still z-tested, not waved through as exact.
            let forward = try #require(lines.first { $0.contains("forward") && !$0.contains("(paired)") })
            #expect(!forward.contains("exact") && forward.contains("+-"), "\(forward)")
            #expect(outcome.stdout.contains("verdict: simulation agrees"), "depth \(depth):\n\(outcome.stdout)")
        }
    }

    @Test("gradients at sigma 1e100 over 1000 layers: the norms beyond double's range are written e^m, never inf")
    func hugeGradientNorms() throws {
        let outcome = try CLIRunner.run(["gradients", "--width", "4", "--slope", "0.1", "--sigma", "1e100", "--depth", "1000",
                                         "--samples", "20", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let layers = outcome.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(!layers.isEmpty && layers.allSatisfy { !$0.contains("inf") }, "\(outcome.stdout)")
        #expect(layers.contains { $0.contains("e^2") }, "the deep layers' norms, about e^230000")
    }

    @Test("orthogonal weights at a = 1 keep the angle exactly: no departure from the (identity) kernel map is reported")
    func exactAngles() throws {
        let doc = try Self.json(["angles", "--width", "5", "--slope", "1", "--ensemble", "orthogonal",
                                 "--samples", "200", "--depth", "10"])
        #expect(doc["first_departure_layer"] is NSNull)
        let layers = try #require(doc["layers"] as? [[String: Any]])
        #expect(layers.allSatisfy { ($0["z_score"] as? Double) == 0 })
    }

    @Test("refusals: exit 64 with one line naming the flag", arguments: [
        (["spectrum", "--width", "4", "--slope", "0.1", "--exponents", "5"], "--exponents"),
        (["spectrum", "--width", "4", "--slope", "0.1", "--exponents", "0"], "--exponents"),
        (["spectrum", "--width", "4", "--slope", "0"], "--slope"),
        (["spectrum", "--width", "4", "--slope", "1e-9"], "--slope"),
        (["spectrum", "--width", "4", "--slope", "0.1", "--ensemble", "uniform", "--method", "reduced"], "--method"),
        (["angles", "--width", "1", "--slope", "0.1"], "--width"),
        (["angles", "--width", "4", "--slope", "0.1", "--angle", "4"], "--angle"),
        (["angles", "--width", "4", "--slope", "0.1", "--angle", "nan"], "--angle"),
        (["gradients", "--width", "4", "--slope", "0.1", "--method", "reduced"], "--method"),
        (["gradients", "--width", "8192", "--slope", "0.1", "--depth", "100000"], "--depth"),
    ])
    func refusals(arguments: [String], flag: String) throws {
        let outcome = try CLIRunner.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(flag), "\(outcome.stderr)")
    }
}
