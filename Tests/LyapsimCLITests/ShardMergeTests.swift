import Foundation
import Testing

/// Sample i draws from the stream of (seed, i) alone, so a run over 0..<M is
/// the union of runs over disjoint index ranges: shards merged in index order
/// must print exactly the single run's bytes, and merge must refuse any set
/// of files that is not one run's complete, disjoint cover.
@Suite("CLI: shards and merge")
struct ShardMergeTests {
    /// 103 samples: 4 shards of 26, 26, 26 and 25, so uneven ranges are covered.
    static let base = ["--width", "8", "--slope", "0.3", "--depth", "30", "--samples", "103"]

    static func shards(_ args: [String], count: Int, in dir: URL, name: String = "s") throws -> [String] {
        try (0..<count).map { k in
            let path = dir.appendingPathComponent("\(name)\(k).lyp").path
            let outcome = try CLIRunner.run(["estimate"] + args + ["--shard", "\(k)/\(count)", "--save", path,
                                                                    "--threads", String(1 + k % 2)])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return path
        }
    }

    @Test("4 shards merged in any order print the single run's text, JSON and CSV byte for byte",
          arguments: [
              base,
              // Markov-chain statistics (burn-in, batch means) from the increment rows.
              ["--width", "6", "--slope", "0.4", "--depth", "40", "--samples", "50", "--ensemble", "student-t", "--dof", "5"],
              // ReLU at width 2: dead networks (S_L = -inf) are carried through.
              ["--width", "2", "--slope", "0", "--depth", "6", "--samples", "64"],
          ])
    func mergeIsExact(args: [String]) throws {
        let dir = try ShellRunner.scratch()
        let files = try Self.shards(args, count: 4, in: dir)
        for format in ["text", "json", "csv"] {
            let single = try CLIRunner.run(["estimate"] + args + ["--format", format])
            #expect(single.status == 0)
            let merged = try CLIRunner.run(["merge", files[2], files[0], files[3], files[1], "--format", format])
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == single.stdout, "format \(format)")
        }
        // Power: the comparison sees a one-seed change.
        let other = try CLIRunner.run(["estimate"] + args + ["--seed", "2", "--format", "json"])
        let merged = try CLIRunner.run(["merge"] + files + ["--format", "json"])
        #expect(other.stdout != merged.stdout)
    }

    @Test("merge refuses missing, overlapping, foreign, other-version, incomplete and damaged files with exit 64 and one line")
    func refusals() throws {
        let dir = try ShellRunner.scratch()
        let files = try Self.shards(Self.base, count: 4, in: dir)
        let half = try Self.shards(Self.base, count: 2, in: dir, name: "h")
        let foreign = try Self.shards(Self.base + ["--seed", "7"], count: 4, in: dir, name: "f")
        let text = try String(contentsOfFile: files[1], encoding: .isoLatin1)
        let oldVersion = dir.appendingPathComponent("old.lyp").path
        let versionLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("lyapsim-version: ") })
        let version = versionLine.dropFirst("lyapsim-version: ".count)
        try Data(text.replacingOccurrences(of: String(versionLine), with: "lyapsim-version: 0.0.0-old")
            .data(using: .isoLatin1)!).write(to: URL(fileURLWithPath: oldVersion))
        let damaged = dir.appendingPathComponent("damaged.lyp").path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: files[2]))
        try bytes.dropLast(8).write(to: URL(fileURLWithPath: damaged))
        // Same size, one value replaced by NaN: only the checksum sees it.
        let edited = dir.appendingPathComponent("edited.lyp").path
        var nanBytes = bytes
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { nanBytes.replaceSubrange((nanBytes.count - 8)..<nanBytes.count, with: $0) }
        try nanBytes.write(to: URL(fileURLWithPath: edited))
        let incomplete = dir.appendingPathComponent("incomplete.ckpt").path
        let stopped = try ShellRunner.run(CLIRunner.binary.path, ["estimate"] + Self.base + ["--shard", "3/4", "--save", files[3] + ".x", "--checkpoint", incomplete],
                                          environment: ["LYAPSIM_TEST_STOP_AFTER": "5"])
        #expect(stopped.status == 130)
        let cases: [([String], String)] = [
            ([files[0], files[1], files[3]], "samples 52..<78 of 0..<103 are in no file"),
            ([files[0], files[1], files[2]], "samples 78..<103"),
            (files + [half[0]], "overlap"),
            ([files[0], files[1], foreign[2], files[3]], "--seed (not given) vs 7"),
            ([files[0], oldVersion, files[2], files[3]], "lyapsim-version \(version) vs 0.0.0-old"),
            ([files[0], files[1], files[2], incomplete], "incomplete: 5 of the 25 samples"),
            ([files[0], files[1], damaged, files[3]], "truncated or damaged"),
            ([files[0], files[1], edited, files[3]], "do not match the header's checksum"),
            ([files[0], dir.path + "/nothing.lyp"], "cannot be read"),
        ]
        for (given, expected) in cases {
            let outcome = try CLIRunner.run(["merge"] + given)
            #expect(outcome.status == 64, "\(given): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stderr.contains(expected),
                    "expected \(expected): \(outcome.stderr)")
        }
        // Power: the complete set, and the 2-shard set, merge.
        #expect(try CLIRunner.run(["merge"] + files).status == 0)
        #expect(try CLIRunner.run(["merge"] + half).status == 0)
    }

    @Test("--shard refusals name the flag and its range")
    func shardRefusals() throws {
        for (shard, expected) in [("4/4", "0 <= K < N"), ("1/0", "0 <= K < N"), ("a/b", "K/N"), ("0/104", "at most 103")] {
            let outcome = try CLIRunner.run(["estimate"] + Self.base + ["--shard", shard, "--save", "/tmp/x.lyp"])
            #expect(outcome.status == 64 && outcome.stderr.hasPrefix("lyapsim: --shard") && outcome.stderr.contains(expected),
                    "\(shard): \(outcome.stderr)")
        }
        let noSave = try CLIRunner.run(["estimate"] + Self.base + ["--shard", "0/2"])
        #expect(noSave.status == 64 && noSave.stderr.contains("needs --save"))
        // Under a plain file no folder can be made: exit 73 before any computing.
        let dir = try ShellRunner.scratch()
        try Data("x".utf8).write(to: dir.appendingPathComponent("afile"))
        let badPath = try CLIRunner.run(["estimate"] + Self.base + ["--shard", "0/2", "--save", dir.path + "/afile/x.lyp"])
        #expect(badPath.status == 73 && badPath.stderr.contains("--save"))
        // Power: missing folders on the way are created.
        let nested = dir.path + "/new/deeper/x.lyp"
        #expect(try CLIRunner.run(["estimate"] + Self.base + ["--shard", "0/2", "--save", nested]).status == 0)
        #expect(FileManager.default.fileExists(atPath: nested))
        // The size guard (1e15 random numbers) applies per shard: the whole run is refused,
        // one of 1000 shards starts (and is stopped before its first sample).
        let huge = ["--width", "1024", "--slope", "0.1", "--depth", "1000", "--samples", "1200000"]
        let whole = try CLIRunner.run(["estimate"] + huge)
        #expect(whole.status == 64 && whole.stderr.contains("--samples"))
        let shard = try ShellRunner.run(CLIRunner.binary.path, ["estimate"] + huge + ["--shard", "0/1000", "--save", dir.path + "/h.lyp",
                                                                                  "--checkpoint", dir.path + "/h.ckpt"],
                                        environment: ["LYAPSIM_TEST_STOP_AFTER": "0"])
        #expect(shard.status == 130, "\(shard.stderr)")
    }

    @Test("the GNU parallel recipe (4 shards on 2 job slots) merges to the single run's output byte for byte")
    func gnuParallel() throws {
        try #require(ShellRunner.available("parallel"), "GNU parallel missing: run scripts/setup.sh")
        let dir = try ShellRunner.scratch()
        let script = ShellRunner.repository.appendingPathComponent("scripts/shards-parallel.sh").path
        let outcome = try ShellRunner.run("bash", [script, "4", "2", dir.appendingPathComponent("run").path] + Self.base,
                                          environment: ["LYAPSIM": CLIRunner.binary.path, "FORMAT": "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let single = try CLIRunner.run(["estimate"] + Self.base + ["--format", "json"])
        #expect(outcome.stdout == single.stdout)
        #expect(outcome.stdout.contains("\"samples\": 103") || outcome.stdout.contains("\"samples\":103"))
        // Any recorded command, named first: training runs as shards.
        let train = ["train", "--task", "quintic", "--width", "6", "--depth", "4", "--init", "he", "--runs", "6", "--steps", "100"]
        let trained = try ShellRunner.run("bash", [script, "3", "2", dir.appendingPathComponent("train").path] + train,
                                          environment: ["LYAPSIM": CLIRunner.binary.path, "FORMAT": "json"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout == (try CLIRunner.run(train + ["--format", "json"])).stdout)
    }

    @Test("the Slurm array script, run for every SLURM_ARRAY_TASK_ID, and the merge job give the single run's output")
    func slurmArray() throws {
        let dir = try ShellRunner.scratch().appendingPathComponent("run")
        let scripts = ShellRunner.repository.appendingPathComponent("scripts")
        for k in 0..<4 {
            let task = try ShellRunner.run("bash", [scripts.appendingPathComponent("slurm-shard.sbatch").path, dir.path] + Self.base,
                                           environment: ["LYAPSIM": CLIRunner.binary.path, "SLURM_ARRAY_TASK_ID": String(k),
                                                         "SLURM_ARRAY_TASK_MAX": "3", "SLURM_CPUS_PER_TASK": "1"])
            #expect(task.status == 0, "\(task.stderr)")
        }
        let merge = try ShellRunner.run("bash", [scripts.appendingPathComponent("slurm-merge.sbatch").path, dir.path],
                                        environment: ["LYAPSIM": CLIRunner.binary.path, "FORMAT": "csv"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let result = try String(contentsOf: dir.appendingPathComponent("result.csv"), encoding: .utf8)
        let single = try CLIRunner.run(["estimate"] + Self.base + ["--format", "csv"])
        #expect(result == single.stdout)
    }
}
