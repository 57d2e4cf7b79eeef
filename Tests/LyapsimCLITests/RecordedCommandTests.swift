import Foundation
import Testing

/// Every command whose work is independent records (networks, replications,
/// training runs) goes through one run layer: record i depends on (seed, i)
/// alone, so shards merged, a run stopped and resumed, and a run on one or
/// two threads all print the uninterrupted run's bytes; progress shows on a
/// terminal only. `estimate` has its own, longer suites (ShardMergeTests,
/// CheckpointProgressTests); here every other recorded command is checked
/// the same way, and a command that declares --shard without a case here
/// fails the coverage test.
@Suite("CLI: spectrum, gradients, angles, calibrate, profile and train shard, merge, resume and show progress")
struct RecordedCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let command: String
        /// A small run (a fraction of a second).
        let args: [String]
        /// What it counts, and how many.
        let unit: String
        let count: Int
        /// A run of a second or two, long enough to be hit by a real signal.
        let long: [String]
        var testDescription: String { ([command] + args.prefix(6)).joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(command: "spectrum", args: ["--width", "6", "--slope", "0.2", "--depth", "30", "--samples", "41"],
             unit: "samples", count: 41,
             long: ["--width", "16", "--slope", "0.2", "--depth", "200", "--samples", "900"]),
        Case(command: "spectrum",
             args: ["--width", "6", "--slope", "0.2", "--depth", "30", "--samples", "41", "--bias-sigma", "0.3", "--exponents", "2"],
             unit: "samples", count: 41,
             long: ["--width", "16", "--slope", "0.2", "--depth", "200", "--samples", "1000", "--bias-sigma", "0.3", "--exponents", "2"]),
        Case(command: "gradients", args: ["--width", "5", "--slope", "0.3", "--depth", "20", "--samples", "41"],
             unit: "samples", count: 41,
             long: ["--width", "16", "--slope", "0.3", "--depth", "100", "--samples", "2000"]),
        Case(command: "angles", args: ["--width", "5", "--slope", "0.3", "--depth", "20", "--samples", "41", "--angle", "0.7"],
             unit: "samples", count: 41,
             long: ["--width", "32", "--slope", "0.3", "--depth", "300", "--samples", "250"]),
        Case(command: "calibrate",
             args: ["--width", "4", "--slope", "0.1", "--depth", "10", "--samples", "20", "--replications", "13"],
             unit: "replications", count: 13,
             long: ["--width", "16", "--slope", "0.1", "--depth", "100", "--samples", "200", "--replications", "15"]),
        Case(command: "profile", args: ["--width", "6", "--depth", "12", "--activation", "relu", "--samples", "41"],
             unit: "samples", count: 41,
             long: ["--width", "32", "--depth", "200", "--activation", "relu", "--samples", "300"]),
        Case(command: "train", args: ["--task", "quintic", "--width", "8", "--depth", "6", "--init", "he", "--runs", "7", "--steps", "200"],
             unit: "runs", count: 7,
             long: ["--task", "quintic", "--width", "8", "--depth", "10", "--init", "he", "--runs", "40", "--steps", "1000"]),
    ]

    static let stop = "LYAPSIM_TEST_STOP_AFTER"

    func run(_ c: Case, _ extra: [String], environment: [String: String] = [:]) throws -> CLIRunner.Outcome {
        try CLIRunner.run([c.command] + c.args + extra, environment: environment)
    }

    @Test("every command that declares --shard is a case here or estimate, and merge joins each")
    func coverage() throws {
        let help = try CLIRunner.run(["--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
        let subcommands = try #require((json["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        let sharded = subcommands.filter { sub in
            (sub["arguments"] as? [[String: Any]] ?? []).contains { argument in
                (argument["names"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "shard" }
            }
        }.compactMap { $0["commandName"] as? String }
        #expect(Set(sharded) == Set(Self.cases.map(\.command) + ["estimate"]), "\(sharded)")
    }

    @Test("3 shards (on 1 and 2 threads) merged in any order print the single run's text, JSON and CSV", arguments: cases)
    func shardsMerge(_ c: Case) throws {
        let dir = try ShellRunner.scratch()
        let files = try (0..<3).map { k in
            let path = dir.appendingPathComponent("s\(k).lyp").path
            let outcome = try run(c, ["--shard", "\(k)/3", "--save", path, "--threads", String(1 + k % 2)])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("shard \(k)/3 ran \(c.unit)"))
            return path
        }
        for format in ["text", "json", "csv"] {
            let single = try run(c, ["--format", format])
            #expect(single.status == 0, "\(single.stderr)")
            let merged = try CLIRunner.run(["merge", files[2], files[0], files[1], "--format", format])
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(merged.stdout == single.stdout, "format \(format)")
        }
        // Power: the comparison sees a one-seed change.
        let other = try run(c, ["--seed", "2", "--format", "json"])
        #expect(other.stdout != (try CLIRunner.run(["merge"] + files + ["--format", "json"])).stdout)
        // A shard answers in the format asked for: JSON naming its records and file.
        let note = try run(c, ["--shard", "0/3", "--save", dir.appendingPathComponent("j.lyp").path, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(note.stdout.utf8)) as? [String: Any])
        #expect(json["unit"] as? String == c.unit && json["total"] as? Int == c.count && json["first"] as? Int == 0)
        // Incomplete: one shard missing is refused with one line.
        let partial = try CLIRunner.run(["merge", files[0], files[2]])
        #expect(partial.status == 64 && partial.stderr.split(separator: "\n").count == 1, "\(partial.stderr)")
    }

    @Test("stopped twice and resumed, the output is the uninterrupted run's; 1 and 2 threads agree", arguments: cases)
    func resume(_ c: Case) throws {
        let dir = try ShellRunner.scratch()
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        let single = try run(c, ["--format", "json", "--threads", "1"])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(try run(c, ["--format", "json", "--threads", "2"]).stdout == single.stdout)
        for (k, threads) in [(1, "2"), (c.count / 2, "1")] {
            let stopped = try run(c, ["--format", "json", "--checkpoint", checkpoint, "--threads", threads],
                                  environment: [Self.stop: String(k)])
            #expect(stopped.status == 130, "\(stopped.stderr)")
            #expect(stopped.stdout.isEmpty && stopped.stderr.contains("after \(k) of \(c.count) \(c.unit)"), "\(stopped.stderr)")
        }
        let resumed = try run(c, ["--format", "json", "--checkpoint", checkpoint])
        #expect(resumed.status == 0 && resumed.stdout == single.stdout, "\(resumed.stderr)")
        // Another run's checkpoint is refused, naming the file, and left as it was.
        let before = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        let foreign = try run(c, ["--seed", "9", "--checkpoint", checkpoint])
        #expect(foreign.status == 64 && foreign.stderr.hasPrefix("lyapsim: --checkpoint")
                && foreign.stderr.split(separator: "\n").count == 1, "\(foreign.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == before)
    }

    @Test("a run that fails after it started leaves none of the files it created")
    func failureLeavesNothing() throws {
        let dir = try ShellRunner.scratch()
        let save = dir.appendingPathComponent("run.lyp").path, checkpoint = dir.appendingPathComponent("run.ckpt").path
        // Every ReLU network of width 4 dies within 200 layers: the report cannot be made.
        let failed = try CLIRunner.run(["calibrate", "--width", "4", "--activation", "relu", "--sigma", "1.4", "--samples", "10",
                                        "--replications", "2", "--save", save, "--checkpoint", checkpoint])
        #expect(failed.status == 64 && failed.stderr.split(separator: "\n").count == 1, "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: save) && !FileManager.default.fileExists(atPath: checkpoint))
        // Power: at depth 5 the same run succeeds and keeps both files.
        let ok = try CLIRunner.run(["calibrate", "--width", "4", "--activation", "relu", "--sigma", "1.4", "--samples", "10",
                                    "--replications", "2", "--depth", "5", "--save", save, "--checkpoint", checkpoint])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: save) && FileManager.default.fileExists(atPath: checkpoint))
    }

    @Test("a real SIGINT saves the checkpoint and exits 130; the resumed run matches the uninterrupted one", arguments: cases)
    func realSignal(_ c: Case) throws {
        let args = [c.command] + c.long + ["--format", "csv"]
        let single = try CLIRunner.run(args)
        #expect(single.status == 0, "\(single.stderr)")
        let dir = try ShellRunner.scratch()
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        #expect(try CLIRunner.interrupted(args + ["--checkpoint", checkpoint], checkpoint: checkpoint, signal: SIGINT) == 130)
        let header = try String(contentsOfFile: checkpoint, encoding: .isoLatin1)
        let total = header.split(separator: "\n").first { $0.hasPrefix("samples: ") }.map { String($0.dropFirst(9)) }
        #expect(!header.contains("completed: \(total ?? "?")\n"), "the run finished before the signal")
        let resumed = try CLIRunner.run(args + ["--checkpoint", checkpoint])
        #expect(resumed.status == 0 && resumed.stdout == single.stdout, "\(resumed.stderr)")
    }

    @Test("progress is drawn under a pseudo-terminal, counting the command's records; nothing in a pipe", arguments: cases)
    func progress(_ c: Case) throws {
        try #require(ShellRunner.available("script"), "script (util-linux) missing: run scripts/setup.sh")
        let command = ([CLIRunner.binary.path, c.command] + c.args).joined(separator: " ")
        let tty = try ShellRunner.run("script", ["-qec", command, "/dev/null"])
        #expect(tty.status == 0)
        #expect(tty.stdout.contains("\(c.command): 0/\(c.count) \(c.unit) (0%)"), "\(tty.stdout.prefix(300))")
        let piped = try run(c, [])
        #expect(piped.status == 0 && piped.stderr.isEmpty)
        let quiet = try ShellRunner.run("script", ["-qec", command + " --quiet", "/dev/null"])
        #expect(quiet.status == 0 && !quiet.stdout.contains("\(c.unit) (") && !quiet.stdout.contains("\u{1B}"))
    }
}
