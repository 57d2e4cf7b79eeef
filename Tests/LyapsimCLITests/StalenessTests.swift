import Foundation
import Testing

/// What results/ and notebooks-md/ show must be what the code produces now:
/// regenerate the quick profile into a scratch folder (with one thread, so the
/// check also covers thread-count independence) and compare byte for byte.
@Suite("Committed results and notebooks are up to date")
struct StalenessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every file below `folder`, by relative path.
    func files(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            out[relative] = try Data(contentsOf: url)
        }
        return out
    }

    @Test("lyapsim regenerate --profile quick reproduces results/ and notebooks-md/ byte for byte")
    func regeneratedOutputsMatchCommitted() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lyapsim-stale-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let results = scratch.appendingPathComponent("results"), notebooks = scratch.appendingPathComponent("notebooks-md")
        let outcome = try CLIRunner.run(["regenerate", "--profile", "quick", "--seed", "1", "--threads", "1",
                                         "--results", results.path, "--notebooks", notebooks.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for (name, fresh, committed) in [("results", results, Self.root.appendingPathComponent("results")),
                                         ("notebooks-md", notebooks, Self.root.appendingPathComponent("notebooks-md"))] {
            var now = try files(fresh), then = try files(committed)
            // The index records wall-clock seconds, which differ on every run.
            now["README.md"] = nil
            then["README.md"] = nil
            // The full profile (results/full/, core-hours) is checked row by row in FullProfileTests.
            then = then.filter { !$0.key.hasPrefix("full/") }
            #expect(Set(now.keys) == Set(then.keys), "\(name): files differ")
            let stale = now.keys.filter { then[$0] != nil && then[$0] != now[$0] }.sorted()
            #expect(stale.isEmpty, "\(name): stale files \(stale); run `lyapsim regenerate` and commit")
        }
    }
}
