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

    /// S_L constant up to rounding: the checks are the rounding bound's, and no
    /// interval, normality test or autocorrelation is made of rounding noise.
    @Test("an exact prediction in JSON and CSV: agrees, carries its rounding bound, no interval or normality p; the CSV row has the header's columns")
    func exactOutputs() throws {
        let square = try json(["estimate", "--width", "4", "--slope", "1", "--ensemble", "orthogonal", "--sigma", "1.7",
                               "--depth", "700", "--samples", "20", "--format", "json"])
        #expect(square["agrees"] as? Bool == true && square["exact_rounding_bound"] as? Double != nil)
        let estimate = try #require(square["estimate"] as? [String: Any])
        #expect(estimate["clt_variance_ci"] == nil && estimate["normality_pvalue"] == nil && estimate["lag1_autocorrelation"] == nil)
        // sigma = 1: lambda = 0, where the autocorrelation's own threshold cannot see rounding.
        let unit = try json(["estimate", "--width", "64", "--slope", "1", "--ensemble", "orthogonal", "--sigma", "1",
                             "--depth", "5000", "--samples", "4", "--format", "json"])
        #expect(unit["agrees"] as? Bool == true && (unit["estimate"] as? [String: Any])?["lag1_autocorrelation"] == nil)
        let squareCSV = try CLIRunner.run(["estimate", "--width", "4", "--slope", "1", "--ensemble", "orthogonal", "--sigma", "0.5",
                                           "--depth", "50", "--samples", "20", "--format", "csv"])
        let squareRow = try #require(squareCSV.stdout.split(separator: "\n").last).split(separator: ",", omittingEmptySubsequences: false)
        let squareHeader = try #require(squareCSV.stdout.split(separator: "\n").first).split(separator: ",")
        let column = { (name: String) in squareHeader.firstIndex { $0 == name }.map { String(squareRow[$0]) } }
        #expect(column("estimate_clt_variance_ci_low") == "" && column("estimate_normality_pvalue") == "" && column("agrees") == "true",
                "\(squareCSV.stdout)")
        let widths = try json(["estimate", "--widths", "4,6,8", "--slope", "1", "--ensemble", "orthogonal", "--sigma", "1.7",
                               "--format", "json"])
        #expect(widths["agrees"] as? Bool == true && widths["exact_rounding_bound"] as? Double != nil)
        let widthsEstimate = try #require(widths["estimate"] as? [String: Any])
        #expect(widthsEstimate["variance_ci_low"] is NSNull && widthsEstimate["normality_pvalue"] is NSNull)
        // beta = 0 is the identity for any branch: a closed form, S_L = 0.
        let csv = try CLIRunner.run(["estimate", "--width", "4", "--slope", "0.5", "--residual", "0", "--depth", "5",
                                     "--samples", "20", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(csv.status == 0 && lines.count == 2, "\(csv.stdout)\(csv.stderr)")
        let fields = try ShellRunner.run("python3", ["-c", "import csv, sys; print(*[len(r) for r in csv.reader(sys.argv[1].splitlines())])",
                                                     csv.stdout])
        let counts = fields.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(counts.count == 2 && counts[0] == counts[1], "\(fields.stdout)")
        #expect(lines.last?.hasSuffix(",true") == true, "\(csv.stdout)")
        // The per-layer theory CSV names each layer's beta.
        let theory = try CLIRunner.run(["theory", "--width", "4", "--slope", "1", "--residual", "0.5", "--format", "csv"])
        let theoryLines = theory.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let residualColumn = try #require(theoryLines.first?.firstIndex(of: "residual"), "\(theory.stdout)")
        #expect(theoryLines.count == 2 && theoryLines[1][residualColumn] == "0.5", "\(theory.stdout)")
        let theoryJSON = try json(["theory", "--width", "4", "--slope", "1", "--residual", "0.5", "--format", "json"])
        #expect(((theoryJSON["layers"] as? [[String: Any]])?.first?["residual"] as? Double) == 0.5, "\(theoryJSON)")
        // Power: a network one step from exact is judged by z, not by the bound.
        let near = try json(["estimate", "--width", "4", "--slope", "0.9", "--ensemble", "orthogonal", "--sigma", "1.7",
                             "--depth", "20", "--samples", "50", "--format", "json"])
        #expect(near["exact_rounding_bound"] == nil && near["z_score"] as? Double != nil)
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
