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
                      (["bench", "--width", "4", "--slope", "0.1", "--repeats", "0"], "from 1 to 100")])
    func messages(arguments: [String], expected: String) throws {
        let outcome = try CLIRunner.run(arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
    }
}
