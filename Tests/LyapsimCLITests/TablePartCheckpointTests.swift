import Foundation
import Testing

/// A part of T16's full profile takes hours at N = 64, L = 100; with
/// `--checkpoint` it keeps each finished method, so a stopped part resumes
/// where it was. Resuming must give the very record an uninterrupted part
/// gives, and a checkpoint of another run must never be mixed in.
@Suite("CLI: a table part stopped and resumed from its checkpoint")
struct TablePartCheckpointTests {
    static func payload(_ url: URL) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return try JSONSerialization.data(withJSONObject: object["payload"]!, options: [.sortedKeys])
    }

    @Test("T16 part 4 killed after its first method and resumed gives the uninterrupted part's numbers bit for bit; a checkpoint of another part, seed or method order, with a method cut short, or broken is refused with one line; --checkpoint naming the --save file under another spelling is refused")
    func killedAndResumed() throws {
        let dir = try ShellRunner.scratch()
        let straight = dir.appendingPathComponent("straight.record"), resumed = dir.appendingPathComponent("resumed.record")
        let checkpoint = dir.appendingPathComponent("part-4.checkpoint").path
        let args = ["tables", "--only", "T16", "--part", "4", "--threads", "1"]
        let wallStart = Date()
        #expect(try CLIRunner.run(args + ["--save", straight.path]).status == 0)
        // The record's time is CPU time (core-seconds): positive, and no more than the process's wall time on every core.
        let wall = Date().timeIntervalSince(wallStart)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: straight)) as! [String: Any]
        let seconds = try #require(record["seconds"] as? Double)
        #expect(seconds > 0 && seconds <= wall * Double(ProcessInfo.processInfo.activeProcessorCount) + 0.5,
                "seconds \(seconds), wall \(wall)")

        // SIGKILL as soon as the first method is saved: nothing is caught, the file alone carries the work.
        #expect(try CLIRunner.interrupted(args + ["--save", resumed.path, "--checkpoint", checkpoint], checkpoint: checkpoint,
                                          signal: SIGKILL, delay: 0) == SIGKILL)
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: checkpoint))) as! [String: Any]
        let done = try #require(saved["done"] as? [[String: Any]])
        let units = try #require(saved["units"] as? [String])
        try #require(!done.isEmpty && done.count < units.count, "killed after \(done.count) of \(units.count) methods")
        #expect(!FileManager.default.fileExists(atPath: resumed.path))
        let kept = dir.appendingPathComponent("kept.checkpoint").path
        try FileManager.default.copyItem(atPath: checkpoint, toPath: kept)

        let run = try CLIRunner.run(args + ["--save", resumed.path, "--checkpoint", checkpoint])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("T16 part 4: resuming from \"\(checkpoint)\", \(done.count) of \(units.count) done (he"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1 + units.count - done.count)
        #expect(try Self.payload(resumed) == Self.payload(straight))
        // The resumed record's time adds this process's to the checkpoint's.
        let resumedRecord = try JSONSerialization.jsonObject(with: Data(contentsOf: resumed)) as! [String: Any]
        #expect(try #require(resumedRecord["seconds"] as? Double) > #require(saved["seconds"] as? Double))
        #expect(!FileManager.default.fileExists(atPath: checkpoint), "the checkpoint is removed once --save is written")

        // Refusals: one line naming --checkpoint and the difference, exit 64, no record written.
        var edited = saved
        var first = done[0]
        first["unit"] = "xavier"
        edited["done"] = [first] + Array(done.dropFirst())
        let reordered = dir.appendingPathComponent("reordered.checkpoint")
        try JSONSerialization.data(withJSONObject: edited).write(to: reordered)
        var short = saved
        var result = done[0]["result"] as! [String: Any]
        result["runs"] = Array((result["runs"] as! [Any]).dropLast())
        var shortFirst = done[0]
        shortFirst["result"] = result
        short["done"] = [shortFirst] + Array(done.dropFirst())
        let cut = dir.appendingPathComponent("cut.checkpoint")
        try JSONSerialization.data(withJSONObject: short).write(to: cut)
        let broken = dir.appendingPathComponent("broken.checkpoint")
        try Data("{\"format\": \"lyapsim-table-part-checkpoint\", \"format".utf8).write(to: broken)
        for (extra, file, message) in [(["--part", "5"], kept, "is part 4, this run needs 5"),
                                       (["--seed", "2"], kept, "is seed 1, this run needs 2"),
                                       ([], reordered.path, "unit 1 is not he (part 4 has he, orthogonal, xavier"),
                                       ([], cut.path, "unit 1 he has \((result["runs"] as! [Any]).count) runs, the profile"),
                                       ([], broken.path, "not a lyapsim-table-part-checkpoint file")] {
            let out = dir.appendingPathComponent("refused.record")
            let refused = try CLIRunner.run(["tables", "--only", "T16", "--part", "4", "--threads", "1"] + extra
                                            + ["--save", out.path, "--checkpoint", file])
            #expect(refused.status == 64 && refused.stderr.hasPrefix("lyapsim: --checkpoint: \(file): ")
                    && refused.stderr.contains(message) && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        // Power: the comparison above sees a change of one bit in one run.
        var other = try JSONSerialization.jsonObject(with: Data(contentsOf: straight)) as! [String: Any]
        var payload = other["payload"] as! [String: Any]
        var methods = payload["methods"] as! [[String: Any]]
        var runs = methods[1]["runs"] as! [[String]]
        let bits = UInt64(runs[0][1], radix: 16)! ^ 1
        runs[0][1] = String(bits, radix: 16)
        methods[1]["runs"] = runs
        payload["methods"] = methods
        other["payload"] = payload
        let flipped = dir.appendingPathComponent("flipped.record")
        try JSONSerialization.data(withJSONObject: other).write(to: flipped)
        #expect(try Self.payload(flipped) != Self.payload(resumed))
        // --checkpoint needs --part, and another file than --save, however it is spelled.
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: dir)
        let same = "--checkpoint: must be another file than --save"
        for (extra, message) in [(["--checkpoint", checkpoint], "--checkpoint: keeps one part's finished units"),
                                 (["--part", "4", "--save", checkpoint, "--checkpoint", checkpoint], same),
                                 (["--part", "4", "--save", checkpoint, "--checkpoint", link.appendingPathComponent("part-4.checkpoint").path], same),
                                 // ".." after a link is the parent of the link's target (as the file system reads it).
                                 (["--part", "4", "--save", straight.path, "--checkpoint",
                                   dir.path + "/link/../" + dir.lastPathComponent + "/straight.record"], same)] {
            let refused = try CLIRunner.run(["tables", "--only", "T16"] + extra)
            #expect(refused.status == 64 && refused.stderr.contains(message) && refused.stderr.split(separator: "\n").count == 1,
                    "\(refused.stderr)")
        }
    }
}
