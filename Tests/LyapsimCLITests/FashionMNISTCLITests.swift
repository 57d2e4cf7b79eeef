import _RandomNetsTestSupport
import Foundation
import Testing

/// `lyapsim train --task fashion-mnist` as a user runs it: one line and a
/// documented exit status for missing (66) and corrupt (65) data, 64 for
/// refused flags, and the accuracy fields of a real run.
@Suite("CLI: train --task fashion-mnist")
struct FashionMNISTCLITests {
    static let base = ["train", "--task", "fashion-mnist", "--width", "8", "--depth", "1", "--init", "he", "--steps", "3", "--runs", "1"]

    static func expectOneLine(_ outcome: CLIRunner.Outcome, status: Int32, containing parts: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == status, "\(outcome.stderr)", sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)", sourceLocation: sourceLocation)
        for part in parts { #expect(outcome.stderr.contains(part), "\(part): \(outcome.stderr)", sourceLocation: sourceLocation) }
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("missing data: one line naming the package and --data-dir, exit 66")
    func missing() throws {
        let folder = try IDXWriter.scratchFolder().appendingPathComponent("nothing-here").path
        let outcome = try CLIRunner.run(Self.base + ["--data-dir", folder])
        Self.expectOneLine(outcome, status: 66, containing: ["dataset-fashion-mnist", "--data-dir", folder])
    }

    @Test("corrupt data: one line naming the file and the problem, exit 65", arguments: ["truncated", "magic", "garbage", "count"])
    func corrupt(kind: String) throws {
        // The training images are read first, so the other files may be small.
        let folder = try IDXWriter.fashionFolder(training: 12, test: 3)
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = folder.appendingPathComponent("train-images-idx3-ubyte.gz")
        let valid = [UInt8](try Data(contentsOf: images))
        let expected: String
        switch kind {
        case "truncated":
            try Data(valid[0..<(valid.count / 2)]).write(to: images)
            expected = "truncated"
        case "magic":
            try FileManager.default.removeItem(at: images)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("train-labels-idx1-ubyte.gz"), to: images)
            expected = "magic number 0x00000801, expected 0x00000803"
        case "garbage":
            try Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xee, count: 100)).write(to: images)
            expected = "corrupt gzip data"
        default:
            // A valid file of 12 images where 60,000 belong.
            expected = "holds 12 images; Fashion-MNIST's training set has 60000"
        }
        let outcome = try CLIRunner.run(Self.base + ["--data-dir", folder.path])
        Self.expectOneLine(outcome, status: 65, containing: [images.path, expected])
    }

    @Test("refusals: one line naming the flag, exit 64", arguments: [
        (["--train-size", "0"], "--train-size"),
        (["--train-size", "55001"], "--train-size"),
        (["--train-size", "100", "--batch", "200"], "--batch"),
        (["--data-dir", ""], "--data-dir"),
    ])
    func refusals(extra: [String], flag: String) throws {
        let outcome = try CLIRunner.run(Self.base + extra)
        Self.expectOneLine(outcome, status: 64, containing: [flag])
    }

    @Test("--data-dir with a synthetic task is refused (exit 64)")
    func dataDirSynthetic() throws {
        let outcome = try CLIRunner.run(["train", "--task", "quintic", "--width", "2", "--depth", "2", "--init", "he",
                                         "--steps", "3", "--runs", "1", "--data-dir", "/tmp"])
        Self.expectOneLine(outcome, status: 64, containing: ["--data-dir", "fashion-mnist"])
    }

    @Test("a short real run: per-run accuracy well above chance, the median and its interval, trained = accuracy >= 0.5")
    func realRun() throws {
        let outcome = try CLIRunner.run(["train", "--task", "fashion-mnist", "--width", "16", "--depth", "2", "--activation", "relu",
                                         "--init", "he", "--steps", "200", "--train-size", "5000", "--runs", "3", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let runs = try #require(doc["runs"] as? [[String: Any]])
        let accuracies = runs.compactMap { $0["accuracy"] as? Double }
        #expect(accuracies.count == 3)
        // 200 AdamW steps on 5000 images: far above chance (0.1), below perfect.
        for a in accuracies { #expect(a > 0.7 && a < 0.95, "\(accuracies)") }
        let median = try #require(doc["median_accuracy"] as? Double)
        #expect(median == accuracies.sorted()[1])
        let interval = try #require(doc["median_accuracy_interval"] as? [Double])
        #expect(interval == [accuracies.min()!, accuracies.max()!])
        #expect(doc["trained_runs"] as? Int == accuracies.filter { $0 >= 0.5 }.count)
        #expect(doc["trained_rule"] as? String == "held-out accuracy >= 0.5")
        #expect(doc["training_size"] as? Int == 5000 && doc["evaluation_size"] as? Int == 10_000)
        // Held-out cross-entropy well below the constant predictor's log 10.
        let loss = try #require(doc["median_final_loss"] as? Double)
        #expect(loss < 0.9)
        let baseline = try #require(runs[0]["baseline_loss"] as? Double)
        #expect(abs(baseline - log(10.0)) < 1e-12)
    }

    @Test("--threads 1 and 2 give byte-identical CSV with an accuracy column")
    func threads() throws {
        let args = ["train", "--task", "fashion-mnist", "--width", "8", "--depth", "1", "--init", "he", "--steps", "20",
                    "--train-size", "500", "--runs", "3", "--format", "csv"]
        let one = try CLIRunner.run(args + ["--threads", "1"])
        let two = try CLIRunner.run(args + ["--threads", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.hasPrefix("seed_index,final_loss,diverged,diverged_at_step,baseline_loss,relative_loss,initial_log_gain,selected_candidate,accuracy\n"))
    }
}
