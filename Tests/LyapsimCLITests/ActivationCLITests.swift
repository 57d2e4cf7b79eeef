import Foundation
import Testing

/// The commands for activations beyond Leaky ReLU (`meanfield`, `profile`, `init --target-depth`,
/// `--activation`): refusals and the documented JSON.
@Suite("CLI: activations, mean field, profile")
struct ActivationCLITests {
    static let cases: [BadInputTests.Case] = [
        // The log-norm theory needs a positively homogeneous activation.
        .init(arguments: ["estimate", "--width", "4", "--activation", "tanh", "--samples", "10", "--depth", "5"], flag: "--activation"),
        .init(arguments: ["theory", "--width", "4", "--activation", "sigmoid"], flag: "--activation"),
        .init(arguments: ["estimate", "--width", "4", "--samples", "10", "--depth", "5"], flag: "--slope"),
        .init(arguments: ["estimate", "--width", "4", "--activation", "relu", "--slope", "0.1"], flag: "--slope"),
        .init(arguments: ["estimate", "--width", "4", "--activation", "swish", "--slope", "0.1"], flag: "--activation"),
        .init(arguments: ["meanfield", "--activation", "tanh", "--slope", "0.1", "--sigma", "1"], flag: "--slope"),
        .init(arguments: ["meanfield", "--activation", "scaled-tanh", "--sigma", "1"], flag: "--beta"),
        .init(arguments: ["meanfield", "--activation", "scaled-tanh", "--beta", "0", "--sigma", "1"], flag: "--beta"),
        .init(arguments: ["meanfield", "--activation", "tanh", "--beta", "2", "--sigma", "1"], flag: "--beta"),
        .init(arguments: ["meanfield", "--activation", "tanh", "--sigma", "1e11"], flag: "--sigma"),
        .init(arguments: ["meanfield", "--activation", "tanh", "--sigma", "nan"], flag: "--sigma"),
        .init(arguments: ["profile", "--activation", "tanh", "--width", "4", "--depth", "3", "--inputs", "0"], flag: "--inputs"),
        .init(arguments: ["profile", "--activation", "tanh", "--width", "4", "--depth", "0"], flag: "--depth"),
        .init(arguments: ["profile", "--activation", "tanh", "--width", "4", "--depth", "3", "--noise", "0.1"], flag: "--noise"),
        .init(arguments: ["profile", "--activation", "tanh", "--width", "4", "--depth", "3", "--ensemble", "diagonal-noise"], flag: "--noise"),
        .init(arguments: ["profile", "--activation", "tanh", "--width", "4", "--depth", "3", "--ensemble", "diagonal-noise", "--noise", "-1"], flag: "--noise"),
        .init(arguments: ["profile", "--activation", "relu", "--width", "4", "--depth", "3", "--preset", "torch-default", "--sigma", "1"], flag: "--sigma"),
        .init(arguments: ["init", "--width", "4", "--activation", "tanh", "--target-depth", "10"], flag: "--target-depth"),
        .init(arguments: ["init", "--width", "4", "--activation", "tanh", "--ensemble", "diagonal-noise", "--target-depth", "0"], flag: "--target-depth"),
        .init(arguments: ["init", "--width", "4", "--activation", "tanh", "--ensemble", "diagonal-noise", "--target-depth", "5", "--noise", "0.1"], flag: "--noise"),
        .init(arguments: ["init", "--width", "4", "--activation", "tanh"], flag: "--activation"),
    ]

    @Test("exit 64, one line on stderr naming the flag, nothing on stdout", arguments: cases)
    func rejected(_ c: BadInputTests.Case) throws {
        let outcome = try CLIRunner.run(c.arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains(c.flag), "stderr: \(outcome.stderr)")
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let outcome = try CLIRunner.run(args)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// The acceptance check: q* and chi_1 for tanh at sigma 1.5 within
    /// 1e-10 of the 30-digit values of tools/reference_meanfield.py.
    @Test("meanfield --activation tanh --sigma 1.5 --format json: fixed_point_q, chi_1, depth_scale at the top level, to 1e-10")
    func meanFieldJSON() throws {
        let j = try json(["meanfield", "--activation", "tanh", "--sigma", "1.5", "--format", "json"])
        let q = try #require(j["fixed_point_q"] as? Double), chi = try #require(j["chi_1"] as? Double)
        let xi = try #require(j["depth_scale"] as? Double)
        #expect(abs(q - 0.79335404260677771013) <= 1e-10)
        #expect(abs(chi - 1.1393232249854864129) <= 1e-10)
        #expect(abs(xi - 17.048202795739449397) <= 1e-9)
        // Leaky ReLU: no q*, infinite depth scale, both null.
        let leaky = try json(["meanfield", "--activation", "leaky-relu", "--slope", "0.1", "--sigma", "1", "--format", "json"])
        #expect(leaky["fixed_point_q"] is NSNull && leaky["depth_scale"] is NSNull)
    }

    @Test("profile --format json: a layers array with the documented keys; identical for 1 and 3 threads")
    func profileJSON() throws {
        let args = ["profile", "--activation", "relu", "--width", "6", "--depth", "4", "--samples", "20", "--format", "json"]
        let j = try json(args + ["--threads", "1"])
        let layers = try #require(j["layers"] as? [[String: Any]])
        #expect(layers.count == 4)
        for key in ["layer", "q", "q_stderr", "q_meanfield", "saturated_fraction", "saturated_fraction_stderr",
                    "collapsed_fraction", "collapsed_fraction_stderr", "dead_fraction", "dead_fraction_stderr",
                    "preactivation_mean", "preactivation_mean_stderr", "sparsity", "sparsity_stderr",
                    "dead_fraction_exact", "dispersion", "correlation"] {
            #expect(layers[0][key] != nil, "missing \(key)")
        }
        #expect(try CLIRunner.run(args + ["--threads", "1"]).stdout == CLIRunner.run(args + ["--threads", "3"]).stdout)
    }

    /// ReLU with Gaussian weights: q_l = sigma^2 (sigma^2 / 2)^(l-1) q_0 in the mean field (q_1 = sigma^2
    /// q_0, then half the units pass), so at sigma = 1e10 the squared length of the pre-activations,
    /// N q_l, passes the largest double (1.8e308) at layer 16 (1.9e298 at 15, 1.6e318 at 16), and at
    /// sigma = 1e-10 falls below the smallest normal one (2.2e-308) at layer 16 (1e-303 at 15, a spread
    /// of networks below that can take one across at 15).
    @Test("profile refuses a network whose values leave a double's range (ReLU at sigma 1e10 or 1e-10, depth 30: layer 16, or 15 for the smallest), naming --sigma; shallower, q = sigma^2 (sigma^2/2)^(l-1) to 4 standard errors")
    func profileOutOfRange() throws {
        for sigma in ["1e10", "1e-10"] {
            for extra in [[], ["--shard", "0/2", "--save", FileManager.default.temporaryDirectory.appendingPathComponent("lyapsim-range-\(sigma).lyp").path]] {
                let run = try CLIRunner.run(["profile", "--activation", "relu", "--width", "16", "--sigma", sigma, "--depth", "30",
                                             "--samples", "100"] + extra)
                #expect(run.status == 64, "\(sigma): \(run.stderr)")
                #expect(run.stdout.isEmpty)
                let layer = sigma == "1e10" ? ["by layer 16 of 30"] : ["by layer 15 of 30", "by layer 16 of 30"]
                #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("--sigma")
                        && layer.contains { run.stderr.contains($0) }, "\(run.stderr)")
            }
        }
        // The spread across two inputs squares differences of entries near 1e154 and overflows first (linear
        // layers at sigma 3.6e9: |h| grows 3.6e9 a layer); the noise of W = I + Z is named when it is the cause.
        for (args, flag) in [(["--activation", "leaky-relu", "--slope", "1", "--width", "2", "--inputs", "2", "--sigma", "3.6e9",
                                "--depth", "16", "--seed", "5"], "--sigma"),
                               (["--activation", "relu", "--width", "16", "--ensemble", "diagonal-noise", "--noise", "1000",
                                 "--depth", "60"], "--noise"),
                               // He's sigma follows the slope: 1.4e-300 at |a| = 1e300, and h is below 1e-154 at layer 1.
                               (["--width", "4", "--slope", "1e300", "--depth", "10"], "--slope")] {
            let dir = try ShellRunner.scratch()
            let checkpoint = dir.appendingPathComponent("nested/deeper/run.lyp").path
            let run = try CLIRunner.run(["profile", "--samples", "200", "--checkpoint", checkpoint] + args)
            #expect(run.status == 64 && run.stdout.isEmpty && run.stderr.hasPrefix("lyapsim: \(flag):"), "\(run.stderr)")
            // No file and no folder left behind.
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nested").path))
        }
        // Not refused: weights with exact zeros (sparse, Rademacher) send a normal-sized input to exactly 0, a real death.
        for args in [["--ensemble", "sparse", "--density", "0.2", "--depth", "60"], ["--ensemble", "rademacher", "--width", "8", "--depth", "30"]] {
            let run = try CLIRunner.run(["profile", "--activation", "relu", "--width", "16", "--samples", "200"] + args)
            #expect(run.status == 0 && !run.stdout.contains("inf +-") && !run.stdout.contains("nan"), "\(args): \(run.stderr)")
        }
        // Power: the same networks to depth 15 stay in range and are reported, q against the mean field.
        for (sigma, depth) in [(1e10, 15), (1e-10, 13)] {
            let j = try json(["profile", "--activation", "relu", "--width", "16", "--sigma", "\(sigma)", "--depth", "\(depth)",
                              "--samples", "400", "--format", "json"])
            let layers = try #require(j["layers"] as? [[String: Any]])
            let last = layers[depth - 1]
            let q = try #require(last["q"] as? Double), se = try #require(last["q_stderr"] as? Double)
            let theory = sigma * sigma * pow(sigma * sigma / 2, Double(depth - 1))
            #expect(q.isFinite && se > 0 && abs(q - theory) <= 4 * se, "q \(q) +- \(se), theory \(theory)")
            // Power: one layer off (a factor sigma^2 / 2) is rejected by the same check.
            #expect(abs(q - theory * sigma * sigma / 2) > 4 * se && abs(q - theory * 2 / (sigma * sigma)) > 4 * se)
            #expect(abs(try #require(last["q_meanfield"] as? Double) / theory - 1) < 1e-12)
        }
    }
}
