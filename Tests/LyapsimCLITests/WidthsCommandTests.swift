import Foundation
import Testing

/// `--widths N0,...,NL`: networks whose layers differ, through theory,
/// estimate (with shards and merge) and the refusals.
@Suite("CLI: --widths")
struct WidthsCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("theory --widths: E S_L is the sum of the layers' mean log-gains, with per-layer fan_in, fan_out, sigma, critical_sigma")
    func theoryJSON() throws {
        let out = try CLIRunner.run(["theory", "--widths", "784,64,64,10", "--slope", "0.1", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try Self.json(out.stdout)
        let layers = try #require(doc["layers"] as? [[String: Any]])
        #expect(layers.map { $0["fan_in"] as? Int } == [784, 64, 64])
        #expect(layers.map { $0["fan_out"] as? Int } == [64, 64, 10])
        let sum = layers.compactMap { $0["mean_log_gain"] as? Double }.reduce(0, +)
        let total = try #require(doc["mean_log_norm"] as? Double)
        #expect(abs(sum - total) <= 1e-12 * abs(total))
        for layer in layers { #expect((layer["critical_sigma"] as? Double ?? 0) > 0) }
        #expect(doc["variance_log_norm"] as? Double != nil)
    }

    @Test("estimate --widths agrees with the exact sums, and 3 shards merged print the single run's JSON byte for byte")
    func estimateAndMerge() throws {
        let args = ["--widths", "6,12,3,9", "--slope", "0.2", "--ensemble", "orthogonal", "--samples", "600",
                    "--rng", "xoshiro256++x8"]
        let single = try CLIRunner.run(["estimate"] + args + ["--format", "json"])
        #expect(single.status == 0, "\(single.stderr)")
        let doc = try Self.json(single.stdout)
        #expect(doc["agrees"] as? Bool == true)
        let estimate = try #require(doc["estimate"] as? [String: Any])
        #expect(estimate["mean_log_norm"] as? Double != nil && estimate["stderr"] as? Double != nil)
        let dir = try ShellRunner.scratch()
        let files = try (0..<3).map { k -> String in
            let path = dir.appendingPathComponent("w\(k).lyp").path
            let out = try CLIRunner.run(["estimate"] + args + ["--shard", "\(k)/3", "--save", path, "--threads", "\(1 + k % 2)"])
            #expect(out.status == 0, "\(out.stderr)")
            return path
        }
        let merged = try CLIRunner.run(["merge", files[2], files[0], files[1], "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
    }

    @Test("refusals: one line naming the flag, exit 64",
          arguments: [
              (["theory", "--widths", "8,0", "--slope", "0.1"], "--widths"),
              (["theory", "--widths", "8", "--slope", "0.1"], "--widths"),
              (["theory", "--widths", "8,9000", "--slope", "0.1"], "--widths"),
              (["theory", "--width", "8", "--widths", "8,8", "--slope", "0.1"], "--width"),
              (["theory", "--slope", "0.1"], "--width"),
              (["estimate", "--widths", "8,4", "--slope", "0.1", "--depth", "5"], "--depth"),
              (["estimate", "--widths", "8,4", "--slope", "0.1", "--ensemble", "diagonal-noise", "--noise", "0.3"], "--ensemble"),
              (["theory", "--widths", "8,4", "--slope", "0.1", "--ensemble", "student-t", "--dof", "5"], "--ensemble"),
              (["spectrum", "--widths", "8,4", "--slope", "0.1"], "--widths"),
              (["theory", "--widths", "8,4", "--slope", "0.1", "--preset", "torch-orthogonal"], "--preset"),
              (["estimate", "--width", "8", "--slope", "0.1", "--residual", "0.5", "--preset", "torch-default"], "--preset"),
              (["init", "--widths", "5,4,3", "--slope", "0"], "--slope"),
              (["init", "--widths", "5,4,3", "--slope", "0", "--save-weights", "/tmp/lyapsim-never-written.npz"], "--init"),
          ])
    func refusals(args: [String], flag: String) throws {
        let out = try CLIRunner.run(args)
        #expect(out.status == 64, "\(args): \(out.stderr)")
        let lines = out.stderr.split(separator: "\n")
        #expect(lines.count == 1 && out.stderr.contains(flag), "\(args): \(out.stderr)")
        #expect(out.stdout.isEmpty)
    }
}

/// `--arch FILE` through the command line.
@Suite("CLI: --arch")
struct ArchCommandTests {
    @Test("theory --arch equals theory --widths for the same layers; an unknown key exits 64 naming file and key")
    func archMatchesWidths() throws {
        let dir = try ShellRunner.scratch()
        let file = dir.appendingPathComponent("net.json")
        try Data(#"{"input": 12, "slope": 0.2, "layers": [{"width": 5, "repeat": 2}, {"width": 9}]}"#.utf8).write(to: file)
        let arch = try CLIRunner.run(["theory", "--arch", file.path, "--format", "csv"])
        let widths = try CLIRunner.run(["theory", "--widths", "12,5,5,9", "--slope", "0.2", "--format", "csv"])
        #expect(arch.status == 0 && arch.stdout == widths.stdout, "\(arch.stderr)")
        try Data(#"{"input": 12, "layers": [{"width": 5, "slope": 0.2, "sigmaa": 1}]}"#.utf8).write(to: file)
        let bad = try CLIRunner.run(["estimate", "--arch", file.path])
        #expect(bad.status == 64 && bad.stderr.contains("net.json") && bad.stderr.contains("layers[0].sigmaa")
                && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        let both = try CLIRunner.run(["theory", "--arch", file.path, "--width", "4"])
        #expect(both.status == 64 && both.stderr.split(separator: "\n").count == 1)
    }
}
