import Foundation
import Testing

/// The README's library example is the compiled `Examples/LibraryExample`
/// target, character for character, so the code a reader copies always builds.
@Suite("README library example")
struct ReadmeExampleTests {
    @Test("the README's Swift block is Examples/LibraryExample/main.swift")
    func readmeMatchesExample() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent("Examples/LibraryExample/main.swift"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst()
            .compactMap { $0.components(separatedBy: "```").first }
        #expect(blocks.count == 1, "the README should have exactly one Swift block")
        #expect(blocks.first == example, "README.md's Swift block differs from Examples/LibraryExample/main.swift")
    }
}
