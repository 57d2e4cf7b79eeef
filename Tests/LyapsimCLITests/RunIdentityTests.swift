import Foundation
import Testing

/// A run's identity (the `run:` line of a partial-result file) is derived from
/// the resolved values the simulation consumes. Every option `estimate`
/// declares (read from the binary's own --experimental-dump-help, not from a
/// list here) must either change the identity when changed, or be one that
/// cannot change a number; an option this test does not classify fails it.
@Suite("CLI: a run's identity covers every option that can change a number")
struct RunIdentityTests {
    static let base = ["--width", "4", "--slope", "0.1", "--depth", "6", "--samples", "4"]

    /// For each option: a run without it (or with one value) and a run with
    /// another value; the two must have different identities.
    static let changing: [String: (before: [String], after: [String])] = [
        "width": (base, ["--width", "5", "--slope", "0.1", "--depth", "6", "--samples", "4"]),
        "slope": (base, ["--width", "4", "--slope", "0.2", "--depth", "6", "--samples", "4"]),
        "activation": (base, ["--width", "4", "--activation", "relu", "--depth", "6", "--samples", "4"]),
        "ensemble": (base, base + ["--ensemble", "orthogonal"]),
        "dof": (base + ["--ensemble", "student-t", "--dof", "5"], base + ["--ensemble", "student-t", "--dof", "6"]),
        "density": (base + ["--ensemble", "sparse", "--density", "0.5"], base + ["--ensemble", "sparse", "--density", "0.6"]),
        // The option the hand-kept list of flags once left out.
        "noise": (base + ["--ensemble", "diagonal-noise", "--noise", "0.3"],
                  base + ["--ensemble", "diagonal-noise", "--noise", "5"]),
        // Any declared parameter by name (the form a new ensemble's parameter takes).
        "parameter": (base + ["--ensemble", "student-t", "--parameter", "dof=5"],
                      base + ["--ensemble", "student-t", "--parameter", "dof=6"]),
        "sigma": (base, base + ["--sigma", "1.2"]),
        "residual": (base + ["--residual", "0.3"], base + ["--residual", "0.4"]),
        // Two layer lists that differ only in one layer's slope (files written by `identity`).
        "arch": (["--arch", "ARCH1", "--samples", "4"], ["--arch", "ARCH2", "--samples", "4"]),
        "widths": (["--widths", "4,5,3", "--slope", "0.1", "--samples", "4"],
                   ["--widths", "4,5,4", "--slope", "0.1", "--samples", "4"]),
        "init": (base, base + ["--init", "lyapunov"]),
        "preset": (base, base + ["--preset", "torch-orthogonal"]),
        "depth": (base, base + ["--depth", "7"]),
        "samples": (base, base + ["--samples", "5"]),
        "seed": (base, base + ["--seed", "2"]),
        "rng": (base, base + ["--rng", "xoshiro256++x8"]),
        "method": (base, base + ["--method", "reduced"]),
        "burn-in": (base + ["--ensemble", "student-t", "--dof", "5", "--burn-in", "1"],
                    base + ["--ensemble", "student-t", "--dof", "5", "--burn-in", "2"]),
        // Not a number of the output, but what the file records (a column
        // more), so files with and without it are not one run.
        "save-trajectories": (base, base + ["--save-trajectories", "OUT.npy"]),
    ]

    /// Options that cannot change a number: the same identity with and without.
    static let neutral: [String: [String]] = [
        "threads": ["--threads", "2"],
        "quiet": ["--quiet"],
        "format": ["--format", "json"],
        "save-samples": ["--save-samples", "OUT.npy"],
        "checkpoint": ["--checkpoint", "CHECKPOINT"],
    ]

    /// Used by every run of this test to read the identity back.
    static let recording: Set<String> = ["shard", "save"]

    static func identity(_ args: [String], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(UUID().uuidString).path
        let checkpoint = dir.appendingPathComponent(UUID().uuidString).path
        let output = dir.appendingPathComponent(UUID().uuidString + ".npy").path
        var files: [String: String] = ["CHECKPOINT": checkpoint, "OUT.npy": output]
        for (name, slope) in [("ARCH1", "0.1"), ("ARCH2", "0.2")] {
            let file = dir.appendingPathComponent(name + ".json")
            try Data(#"{"input": 4, "layers": [{"width": 5, "slope": 0.1}, {"width": 3, "slope": SLOPE}]}"#
                .replacingOccurrences(of: "SLOPE", with: slope).utf8).write(to: file)
            files[name] = file.path
        }
        let arguments = args.map { files[$0] ?? $0 }
        let outcome = try CLIRunner.run(["estimate"] + arguments + ["--shard", "0/1", "--save", path])
        #expect(outcome.status == 0, "\(args): \(outcome.stderr)")
        let text = String(decoding: (FileManager.default.contents(atPath: path) ?? Data()).prefix(400), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("run: ") }
        return line.map(String.init) ?? "no run line"
    }

    @Test("every declared option of estimate is classified; changing one changes the identity, neutral ones do not")
    func everyOptionCounts() throws {
        let help = try CLIRunner.run(["estimate", "--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let declared = (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument in
            (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
        }.filter { !["help", "version"].contains($0) }
        #expect(declared.count >= 20)
        for name in declared {
            #expect(Self.changing[name] != nil || Self.neutral[name] != nil || Self.recording.contains(name),
                    "--\(name) is neither known to change the run nor known to be neutral: classify it here")
        }
        let dir = try ShellRunner.scratch()
        let base = try Self.identity(Self.base, in: dir)
        #expect(base.count == "run: ".count + 16)
        for (name, pair) in Self.changing.sorted(by: { $0.key < $1.key }) {
            #expect(try Self.identity(pair.before, in: dir) != Self.identity(pair.after, in: dir), "--\(name)")
        }
        for (name, extra) in Self.neutral.sorted(by: { $0.key < $1.key }) {
            #expect(try Self.identity(Self.base + extra, in: dir) == base, "--\(name)")
        }
        // Spelling does not make another run: 1.2 and 1.20 are one sigma.
        #expect(try Self.identity(Self.base + ["--sigma", "1.2"], in: dir)
                == Self.identity(Self.base + ["--sigma", "1.20"], in: dir))
    }

    @Test("a checkpoint of a diagonal-noise run is refused by a run with another noise scale, naming --noise")
    func checkpointOfAnotherNoiseIsRefused() throws {
        let dir = try ShellRunner.scratch()
        let ck = dir.appendingPathComponent("ck").path
        let args = ["estimate", "--ensemble", "diagonal-noise", "--width", "8", "--slope", "0.1", "--depth", "50",
                    "--samples", "200", "--checkpoint", ck, "--format", "csv"]
        let first = try CLIRunner.run(args + ["--noise", "0.3"])
        #expect(first.status == 0)
        let second = try CLIRunner.run(args + ["--noise", "5"])
        #expect(second.status == 64)
        #expect(second.stderr.contains("--noise 0.3 vs 5"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1)
        // The same run resumes from it and prints the same bytes.
        let again = try CLIRunner.run(args + ["--noise", "0.3"])
        #expect(again.status == 0 && again.stdout == first.stdout)
    }

    @Test("shards of a diagonal-noise run merge to the single run's bytes")
    func diagonalNoiseShardsMerge() throws {
        let dir = try ShellRunner.scratch()
        let args = ["--ensemble", "diagonal-noise", "--noise", "5", "--width", "8", "--slope", "0.1", "--depth", "20",
                    "--samples", "40"]
        let files = try ShardMergeTests.shards(args, count: 2, in: dir)
        let single = try CLIRunner.run(["estimate"] + args + ["--format", "json"])
        let merged = try CLIRunner.run(["merge"] + files + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
    }
}
