import Foundation
import Testing

/// docs/manual.md quotes `lyapsim <command> --help` for every command; the
/// quotes must be what the binary prints (refresh them with
/// `python3 tools/refresh_manual_help.py`).
@Suite("Docs: the manual's help blocks are the binary's")
struct ManualHelpTests {
    @Test("every `lyapsim <command> --help` block in docs/manual.md equals the binary's help")
    func helpBlocksAreCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manual = try String(contentsOf: root.appendingPathComponent("docs/manual.md"), encoding: .utf8)
        let marker = "<details><summary><code>lyapsim "
        var checked = 0
        for part in manual.components(separatedBy: marker).dropFirst() {
            let command = String(part.prefix { $0 != " " })
            guard let open = part.range(of: "```\n"), let close = part.range(of: "\n```", range: open.upperBound..<part.endIndex)
            else { continue }
            let quoted = String(part[open.upperBound..<close.lowerBound])
            let help = try CLIRunner.run([command, "--help"], environment: ["COLUMNS": "80"])
            #expect(help.stdout.trimmingCharacters(in: .newlines) == quoted,
                    "docs/manual.md: `lyapsim \(command) --help` is stale; run python3 tools/refresh_manual_help.py")
            checked += 1
        }
        #expect(checked >= 15)
    }
}
