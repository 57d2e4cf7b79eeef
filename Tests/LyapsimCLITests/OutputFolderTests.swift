import Foundation
import _RandomNetsTestSupport
import Testing

/// Output folders are checked before any work, and a run writes all of its
/// files or none of them.
@Suite("CLI: output folders and messages")
struct OutputFolderTests {
    static func scratch() throws -> URL {
        try ScratchFolder.make("out")
    }

    @Test("--out naming a file exits 73 with one line; an empty --out exits 64")
    func badFolders() throws {
        let dir = try Self.scratch()
        let file = dir.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let onFile = try CLIRunner.run(["tables", "--only", "T2", "--out", file.path])
        #expect(onFile.status == 73)
        #expect(onFile.stderr.split(separator: "\n").count == 1 && onFile.stderr.contains("--out"))
        let empty = try CLIRunner.run(["tables", "--only", "T2", "--out", ""])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--out"))
    }

    @Test("an output under a folder no file can be created in (/proc, even for root) exits 73 naming the flag and the whole path, before computing")
    func uncreatable() throws {
        let estimate = ["estimate", "--width", "4", "--slope", "0.1", "--depth", "5", "--samples", "10"]
        // A path longer than the 80 characters other values are cut at is named whole.
        let long = "/proc/lyapsim-no-such/" + String(repeating: "deep/", count: 20) + "run.json"
        let save = try CLIRunner.run(estimate + ["--save", long])
        #expect(save.status == 73)
        #expect(save.stderr.split(separator: "\n").count == 1 && save.stderr.contains("--save: cannot create \"\(long)\""),
                "\(save.stderr)")
        let out = try CLIRunner.run(["tables", "--only", "T2", "--out", "/proc/lyapsim-no-such"])
        #expect(out.status == 73)
        #expect(out.stderr.split(separator: "\n").count == 1 && out.stderr.contains("--out:"), "\(out.stderr)")
        // Power: the same commands into a scratch folder (missing subfolders included) succeed,
        // and the check leaves no probe file behind.
        let dir = try Self.scratch()
        #expect(try CLIRunner.run(estimate + ["--save", dir.appendingPathComponent("a/b/run.json").path]).status == 0)
        #expect(try CLIRunner.run(["tables", "--only", "T2", "--out", dir.appendingPathComponent("t").path]).status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["a", "t"])
    }

    @Test("an output path that is a pipe is refused (73) and left a pipe; a symbolic link is written through and stays a link; two flags naming one file exit 64")
    func specialPaths() throws {
        let dir = try Self.scratch()
        let estimate = ["estimate", "--width", "4", "--slope", "0.1", "--depth", "5", "--samples", "10", "--quiet"]
        // A FIFO stands in for /dev/null or /dev/full: the rename that writes
        // outputs whole would replace either with a plain file (as root).
        let fifo = dir.appendingPathComponent("pipe.npy").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for flag in ["--save", "--checkpoint", "--save-samples"] {
            let outcome = try CLIRunner.run(estimate + [flag, fifo])
            #expect(outcome.status == 73, "\(flag): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stderr.contains("\(flag): \"\(fifo)\" is a pipe (FIFO), not a file"),
                    "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the pipe was replaced")
        // A symbolic link: its target gets the bytes, the link stays.
        let target = dir.appendingPathComponent("target.npy").path
        let link = dir.appendingPathComponent("link.npy").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try CLIRunner.run(estimate + ["--save-samples", link]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)).starts(with: Data([0x93] + Array("NUMPY".utf8))),
                "the NumPy file went to the link's target")
        // A dangling link, a chain of links and a relative link: the final target
        // gets the file (created if missing), every link stays a link.
        let fm = FileManager.default
        let missing = dir.appendingPathComponent("later/target.npy").path
        let dangling = dir.appendingPathComponent("dangling.npy").path
        try fm.createSymbolicLink(atPath: dangling, withDestinationPath: missing)
        let chain = dir.appendingPathComponent("chain.npy").path
        try fm.createSymbolicLink(atPath: chain, withDestinationPath: "dangling.npy")   // relative, to a link
        #expect(try CLIRunner.run(estimate + ["--save-samples", chain]).status == 0)
        #expect(try fm.destinationOfSymbolicLink(atPath: chain) == "dangling.npy")
        #expect(try fm.destinationOfSymbolicLink(atPath: dangling) == missing)
        #expect(try Data(contentsOf: URL(fileURLWithPath: missing)).starts(with: Data([0x93] + Array("NUMPY".utf8))))
        // "..", after a link to a folder elsewhere, is that folder's parent, as the
        // file system reads it: the file lands there, and the two spellings are one file.
        try fm.createDirectory(atPath: dir.appendingPathComponent("other/deep").path, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("hop").path, withDestinationPath: dir.appendingPathComponent("other/deep").path)
        let viaLink = dir.appendingPathComponent("hop/../w.npy").path
        #expect(try CLIRunner.run(estimate + ["--save-samples", viaLink]).status == 0)
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("other/w.npy").path) && !fm.fileExists(atPath: dir.appendingPathComponent("w.npy").path))
        let twice = try CLIRunner.run(estimate + ["--save-samples", dir.appendingPathComponent("other/v.npy").path,
                                                  "--save-trajectories", dir.appendingPathComponent("hop/../v.npy").path])
        #expect(twice.status == 64 && twice.stderr.contains("must be another file than --save-samples"), "\(twice.stderr)")
        let checkpointOnLink = try CLIRunner.run(estimate + ["--checkpoint", missing, "--save", dangling])
        #expect(checkpointOnLink.status == 64, "a link and its target are one file: \(checkpointOnLink.stderr)")
        // Two output flags naming one file, however spelled: refused before computing.
        let a = dir.appendingPathComponent("a.npy").path
        let aAgain = dir.appendingPathComponent("sub/../a.npy").path
        for (flags, named) in [(["--save", a, "--save-samples", aAgain], "--save-samples: must be another file than --save"),
                               (["--save-samples", a, "--save-trajectories", a], "--save-trajectories: must be another file than --save-samples"),
                               (["--checkpoint", a, "--save", a], "--checkpoint: must be another file than --save")] {
            try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("sub").path, withIntermediateDirectories: true)
            let outcome = try CLIRunner.run(estimate + flags)
            #expect(outcome.status == 64 && outcome.stderr.contains(named), "\(flags): \(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: a))
        }
        // Power: the same flags on two files run.
        #expect(try CLIRunner.run(estimate + ["--save", a, "--save-samples", dir.appendingPathComponent("b.npy").path]).status == 0)
    }

    @Test("a folder where one output file goes fails the run with no file written (all or nothing)")
    func allOrNothing() throws {
        let dir = try Self.scratch()
        // T2's CSV path is a folder: the Markdown must not be written either.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("T2-critical-scales.csv"),
                                                withIntermediateDirectories: true)
        let outcome = try CLIRunner.run(["tables", "--only", "T2", "--out", dir.path])
        #expect(outcome.status == 73)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["T2-critical-scales.csv"], "left behind: \(left)")
        // Power: the same command into a clean folder writes both files.
        let clean = try Self.scratch()
        #expect(try CLIRunner.run(["tables", "--only", "T2", "--out", clean.path]).status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: clean.path))
                == ["T2-critical-scales.csv", "T2-critical-scales.md"])
    }

    @Test("refusals show the value escaped on one line with the allowed range",
          arguments: [(["estimate", "--width", "\n", "--slope", "0.1"], "\"\\n\""),
                      (["estimate", "--width", "99999999999999999999", "--slope", "0.1"], "from 1 to 8192"),
                      (["estimate", "--width", "4", "--slope", "0.1", "--seed", "-1"], "from 0 to"),
                      (["bench", "--width", "4", "--slope", "0.1", "--repeats", "0"], "from 1 to 100"),
                      // A command's own limits where they differ from the shared ones.
                      (["profile", "--activation", "tanh", "--depth", ""], "--depth: invalid value \"\"; must be an integer from 1 to 100000"),
                      (["profile", "--activation", "tanh", "--samples", "x"], "must be an integer from 2 to 1000000"),
                      (["meanfield", "--activation", "tanh", "--sigma", "x"], "must be a number from 1e-300 to 1e10"),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "x"], "must be an integer from 1 to 10000"),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init"], "--init: missing value (one of he, "),
                      (["estimate", "--width", "4", "--slope", "0.1", "--depth", ""], "must be an integer from 1 to 100000000"),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init", "he", "--optimizer", "Adam"],
                       "--optimizer: invalid value \"Adam\"; must be one of sgd, adamw\n"),
                      // Every numeric or enumerated flag states its range, also for a value that is not a number.
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init", "he", "--optimizer"],
                       "--optimizer: missing value (one of sgd, adamw)"),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init", "he", "--lr", "x"],
                       "--lr: invalid value \"x\"; must be a number in (0, 10]"),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init", "he", "--train-size", "x"],
                       "from 1 to 55000 for fashion-mnist, 1 to 4194304 for the other tasks"),
                      (["train", "--task"], "--task: missing value (one of "),
                      (["train", "--task", "quintic", "--width", "4", "--depth", "3", "--init", "he", "--batch", "x"],
                       "--batch: invalid value \"x\"; must be an integer from 1 to 1024, at most the training set's size"),
                      (["spectrum", "--width", "4", "--activation"], "--activation: missing value (one of leaky-relu, relu)"),
                      (["meanfield", "--activation", "tanh", "--bias-sigma", "x"], "must be 0 or a number from 1e-300 to 1e10"),
                      // An exact prediction has nothing to calibrate.
                      (["calibrate", "--width", "4", "--slope", "1", "--ensemble", "orthogonal", "--sigma", "1.7", "--replications", "2"],
                       "--slope: with orthogonal weights and |a| = 1 each layer's log-gain is constant up to rounding (sd 0)"),
                      (["spectrum", "--width", "4", "--slope", "0.1", "--exponents", "x"], "must be an integer from 1 to the width"),
                      (["estimate", "--width", "4", "--slope", "0.1", "--residual", "x"], "must be a number from -1e6 to 1e6"),
                      // Names the library checks (registries) are escaped by the library, and the
                      // list of allowed names survives a newline in the value.
                      (["estimate", "--width", "4", "--slope", "0.1", "--ensemble", "gauss\nian"],
                       "unknown ensemble \"gauss\\nian\"; one of gaussian"),
                      (["train", "--task", "x\u{1B}[31m", "--width", "4", "--depth", "3", "--slope", "0.1", "--init", "he"], "unknown task \"x\\u{1b}[31m\"; one of"),
                      (["estimate", "--width", "4", "--slope", "0.1", "--rng", String(repeating: "r", count: 100_000)],
                       "rrr...\""),
                      // A parser's own message (an unknown option) gets the last guard.
                      (["estimate", "--width", "4", "--slope", "0.1", "--no\u{1B}such"], "\\u{1b}such")])
    func messages(arguments: [String], expected: String) throws {
        let outcome = try CLIRunner.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(outcome.stderr.utf8.count < 1000 && !outcome.stderr.unicodeScalars.contains { $0.value == 0x1B })
    }
}
