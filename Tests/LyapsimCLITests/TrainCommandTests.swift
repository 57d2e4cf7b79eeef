import Foundation
import Testing

/// `lyapsim train` as a user runs it: the acceptance command, the
/// JSON fields, determinism across --threads, refusals.
@Suite("CLI: train")
struct TrainCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CLIRunner.run(["train"] + arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test("train --task quintic --width 2 --depth 40 --init lyapunov|he --runs 20: per-run losses, fractions with intervals",
          arguments: ["lyapunov", "he"])
    func acceptance(method: String) throws {
        let doc = try Self.json(["--task", "quintic", "--width", "2", "--depth", "40", "--init", method, "--runs", "20",
                                 "--steps", "300"])
        let runs = try #require(doc["runs"] as? [[String: Any]])
        #expect(runs.count == 20)
        for (r, run) in runs.enumerated() {
            #expect(run["seed_index"] as? Int == r)
            #expect(run["diverged"] is Bool)
            #expect(run["final_loss"] is Double || (run["diverged"] as? Bool == true && run["final_loss"] is NSNull))
        }
        let losses = runs.compactMap { $0["final_loss"] as? Double }.sorted()
        let median = try #require(doc["median_final_loss"] as? Double)
        #expect(median == (losses[9] + losses[10]) / 2 || losses.count < 20)
        for key in ["trained_fraction", "diverged_fraction"] {
            let f = try #require(doc[key] as? Double)
            let ci = try #require(doc[key + "_interval"] as? [Double])
            #expect(ci.count == 2 && ci[0] <= f && f <= ci[1] && ci[0] >= 0 && ci[1] <= 1)
        }
        let trained = try #require(doc["trained_runs"] as? Int)
        let threshold = try #require(doc["trained_threshold"] as? Double)
        #expect(trained == runs.filter { ($0["relative_loss"] as? Double).map { $0 < threshold } ?? false }.count)
        // He at width 2, depth 40 starts with the signal multiplied by about e^-30 (log gain ~ L lambda).
        let gain = try #require(doc["median_initial_log_gain"] as? Double)
        #expect(method == "he" ? gain < -15 : abs(gain) < 6)
    }

    @Test("the same seed gives byte-identical output for --threads 1 and 3")
    func threads() throws {
        let args = ["train", "--task", "spirals", "--width", "3", "--depth", "8", "--init", "lyapunov-sampling",
                    "--runs", "5", "--steps", "40", "--format", "csv"]
        let one = try CLIRunner.run(args + ["--threads", "1"])
        let three = try CLIRunner.run(args + ["--threads", "3"])
        #expect(one.status == 0 && three.status == 0)
        #expect(one.stdout == three.stdout && !one.stdout.isEmpty)
    }

    @Test("refusals: one line naming the flag, exit 64", arguments: [
        (["--task", "cubic"], "--task"),
        (["--init", "kaiming"], "--init"),
        (["--lr", "0"], "--lr"),
        (["--lr", "nan"], "--lr"),
        (["--weight-decay", "-1"], "--weight-decay"),
        (["--clip", "0"], "--clip"),
        (["--batch", "2000"], "--batch"),
        (["--steps", "0"], "--steps"),
        (["--runs", "0"], "--runs"),
        (["--depth", "0"], "--depth"),
        (["--init", "lyapunov", "--activation", "tanh"], "--init"),
        (["--init", "lyapunov", "--activation", "relu"], "--init"),
        (["--init", "he", "--sigma", "2"], "--sigma"),
        (["--slope", "0.1", "--activation", "tanh"], "--slope"),
        (["--init", "relu-orthogonal", "--width", "1"], "--width"),
    ])
    func refusals(extra: [String], flag: String) throws {
        var args = ["train", "--task", "quintic", "--width", "2", "--depth", "4", "--init", "he", "--runs", "2", "--steps", "5"]
        // Later options win in ArgumentParser, so the bad value replaces the default one.
        args += extra
        let outcome = try CLIRunner.run(args)
        #expect(outcome.status == 64, "\(extra): \(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(flag), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test("--init ENSEMBLE --sigma S trains at S, also for orthogonal (a study method and an ensemble name)",
          arguments: ["orthogonal", "gaussian", "uniform"])
    func sigmaForEnsembles(name: String) throws {
        let doc = try Self.json(["--task", "quintic", "--width", "4", "--depth", "3", "--init", name, "--sigma", "3",
                                 "--steps", "5", "--runs", "2"])
        #expect(doc["hidden_sigma"] as? Double == 3)
    }

    @Test("a ReLU teacher is redrawn until it is not constant: every run has a positive baseline and a numeric relative loss")
    func deadTeacherRedrawn() throws {
        let doc = try Self.json(["--task", "teacher", "--width", "2", "--depth", "10", "--init", "he", "--activation", "relu",
                                 "--steps", "5", "--runs", "10"])
        let runs = try #require(doc["runs"] as? [[String: Any]])
        for run in runs {
            #expect((run["baseline_loss"] as? Double).map { $0 > 0 } == true)
            #expect(run["relative_loss"] is Double)
        }
        #expect(doc["median_relative_loss"] is Double)
    }
}
