import Foundation
import Testing

/// A checkpointed run resumes to exactly the bytes of an uninterrupted run
/// (sample i's values depend on (seed, i) only, never on where the run
/// stopped); progress goes to a terminal and nowhere else; exported samples
/// give NumPy the same lambda-hat = mean(S_L)/L.
@Suite("CLI: checkpoint, progress and sample export")
struct CheckpointProgressTests {
    static let base = ["--width", "8", "--slope", "0.3", "--depth", "30", "--samples", "103"]
    static let stop = "LYAPSIM_TEST_STOP_AFTER"

    func estimate(_ args: [String], environment: [String: String] = [:]) throws -> CLIRunner.Outcome {
        try ShellRunner.run(CLIRunner.binary.path, ["estimate"] + args, environment: environment)
    }

    @Test("stopped after 1, 40 and 97 samples and resumed each time (threads 1 and 2), the output is the uninterrupted run's")
    func resumeIsExact() throws {
        let dir = try ShellRunner.scratch()
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        let args = Self.base + ["--format", "json", "--checkpoint", checkpoint]
        for (k, threads) in [(1, "2"), (40, "1"), (97, "2")] {
            let stopped = try estimate(args + ["--threads", threads], environment: [Self.stop: String(k)])
            #expect(stopped.status == 130, "\(stopped.stderr)")
            #expect(stopped.stdout.isEmpty && stopped.stderr.contains("after \(k) of 103 samples"))
            let header = try String(contentsOfFile: checkpoint, encoding: .isoLatin1)
            #expect(header.contains("completed: \(k)\n"))
        }
        let resumed = try estimate(args)
        let single = try estimate(Self.base + ["--format", "json"])
        #expect(resumed.status == 0 && resumed.stdout == single.stdout)
        // A finished checkpoint is a complete partial-result file: merge prints the same.
        #expect(try CLIRunner.run(["merge", checkpoint, "--format", "json"]).stdout == single.stdout)
        // Power: the comparison sees a different seed.
        #expect(try estimate(Self.base + ["--format", "json", "--seed", "2"]).stdout != single.stdout)
    }

    @Test("a checkpoint from another command line or another shard is refused with one line naming the difference")
    func mismatchRefused() throws {
        let dir = try ShellRunner.scratch()
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        #expect(try estimate(Self.base + ["--checkpoint", checkpoint], environment: [Self.stop: "10"]).status == 130)
        let before = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        let cases: [([String], String)] = [
            (["--width", "8", "--slope", "0.3", "--depth", "31", "--samples", "103"], "--depth 30 vs 31"),
            (["--width", "8", "--slope", "0.25", "--depth", "30", "--samples", "103"], "--slope 0.3 vs 0.25"),
            (Self.base + ["--rng", "taus2"], "--rng"),
            (Self.base + ["--shard", "1/2", "--save", dir.appendingPathComponent("s.lyp").path], "covers samples 0..<103"),
        ]
        for (args, expected) in cases {
            let outcome = try estimate(args + ["--checkpoint", checkpoint])
            #expect(outcome.status == 64 && outcome.stderr.hasPrefix("lyapsim: --checkpoint")
                    && outcome.stderr.contains(expected) && outcome.stderr.split(separator: "\n").count == 1,
                    "\(expected): \(outcome.stderr)")
        }
        // Never silently mixed: the refused runs left the checkpoint as it was.
        #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == before)
        // Power: the matching command line resumes it.
        #expect(try estimate(Self.base + ["--checkpoint", checkpoint]).status == 0)
    }

    @Test("a real SIGTERM and SIGINT save the checkpoint and exit 143 and 130; the resumed run matches the uninterrupted one")
    func realSignals() throws {
        // About 1.5 s on 2 cores, so the signal lands mid-run.
        let args = ["--width", "32", "--slope", "0.3", "--depth", "500", "--samples", "300", "--format", "csv"]
        let single = try estimate(args)
        for (sig, status) in [(SIGTERM, Int32(143)), (SIGINT, Int32(130))] {
            let dir = try ShellRunner.scratch()
            let checkpoint = dir.appendingPathComponent("run.ckpt").path
            #expect(try CLIRunner.interrupted(["estimate"] + args + ["--checkpoint", checkpoint], checkpoint: checkpoint,
                                              signal: sig, delay: 300_000) == status)
            let header = try String(contentsOfFile: checkpoint, encoding: .isoLatin1)
            #expect(!header.contains("completed: 300\n"), "the run finished before the signal")
            let resumed = try estimate(args + ["--checkpoint", checkpoint])
            #expect(resumed.status == 0 && resumed.stdout == single.stdout)
        }
    }

    @Test("progress is drawn under a pseudo-terminal and erased; nothing in a pipe or with --quiet")
    func progress() throws {
        try #require(ShellRunner.available("script"), "script (util-linux) missing: run scripts/setup.sh")
        let command = ([CLIRunner.binary.path, "estimate"] + Self.base).joined(separator: " ")
        let tty = try ShellRunner.run("script", ["-qec", command, "/dev/null"])
        #expect(tty.status == 0)
        #expect(tty.stdout.contains("estimate: 0/103 samples (0%)"))
        // The last thing before the report erases the line.
        let report = try estimate(Self.base)
        let firstLine = String(report.stdout.split(separator: "\n")[0])
        #expect(tty.stdout.contains("\r\u{1B}[K" + firstLine))
        // Pipe: the same report, no progress.
        #expect(report.status == 0 && report.stderr.isEmpty)
        let quiet = try ShellRunner.run("script", ["-qec", command + " --quiet", "/dev/null"])
        #expect(quiet.status == 0 && !quiet.stdout.contains("samples (") && !quiet.stdout.contains("\u{1B}"))
        #expect(quiet.stdout.contains(firstLine))
        // calibrate counts replications the same way.
        let calibrate = [CLIRunner.binary.path, "calibrate", "--width", "4", "--slope", "0.1", "--depth", "10",
                         "--samples", "20", "--replications", "20"]
        let ttyCalibrate = try ShellRunner.run("script", ["-qec", calibrate.joined(separator: " "), "/dev/null"])
        #expect(ttyCalibrate.status == 0 && ttyCalibrate.stdout.contains("calibrate: 0/20 replications (0%)"))
        let piped = try ShellRunner.run(calibrate[0], Array(calibrate.dropFirst()))
        #expect(piped.status == 0 && piped.stderr.isEmpty && piped.stdout.contains("(lambda coverage)"))
    }

    @Test("--save-samples .npy loads in NumPy and gives lambda-hat = mean(S_L)/L bit for bit; .csv and trajectories agree")
    func numpyExport() throws {
        if try ShellRunner.run("python3", ["-c", "import numpy"]).status != 0 {
            let pip = try ShellRunner.run("python3", ["-m", "pip", "install", "--quiet", "--break-system-packages", "numpy"])
            try #require(pip.status == 0, "pip install numpy failed: \(pip.stderr)")
        }
        let dir = try ShellRunner.scratch()
        let npy = dir.appendingPathComponent("s.npy").path, csv = dir.appendingPathComponent("s.csv").path
        let traj = dir.appendingPathComponent("t.npy").path
        // ReLU at width 2 has dead networks (-inf), which lambda-hat leaves out.
        for args in [Self.base, ["--width", "2", "--slope", "0", "--depth", "6", "--samples", "64"]] {
            let run = try estimate(args + ["--format", "json", "--save-samples", npy, "--save-trajectories", traj])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try estimate(args + ["--quiet", "--save-samples", csv]).status == 0)
            let report = dir.appendingPathComponent("report.json")
            try Data(run.stdout.utf8).write(to: report)
            // Python's json reads doubles exactly (Foundation's parser on Linux can be an ulp off).
            let check = """
                import sys, json, numpy as np
                j = json.load(open(sys.argv[4])); depth = j['depth']; lam = j['estimate']['lyapunov_exponent']
                s = np.load(sys.argv[1]); t = np.load(sys.argv[3])
                assert s.dtype == np.dtype('<f8') and s.shape == (j['samples'],), (s.dtype, s.shape)
                assert t.dtype == np.dtype('<f8') and t.shape == (j['samples'], depth) and np.array_equal(t[:, -1], s)
                c = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1)
                assert np.array_equal(c, s)
                alive = s[np.isfinite(s)]
                assert len(alive) == j['samples'] - j['estimate']['dead']
                total = 0.0
                for v in alive: total += float(v)      # lyapsim's order: a sequential sum,
                m = total / len(alive)
                correction = 0.0
                for v in alive: correction += float(v) - m
                mine = (m + correction / len(alive)) / depth   # corrected by the mean residual
                # NumPy's pairwise mean differs only by rounding.
                assert abs(float(alive.mean()) / depth - lam) <= 1e-13 * max(1, abs(lam))
                print(mine == lam, np.nextafter(mine, 0) == lam, repr(mine), repr(lam))
                """
            let py = try ShellRunner.run("python3", ["-c", check, npy, csv, traj, report.path])
            #expect(py.status == 0, "\(py.stderr)")
            // Exact, and (power) one ulp away would not be.
            #expect(py.stdout.hasPrefix("True False "), "\(py.stdout)")
        }
    }
}
