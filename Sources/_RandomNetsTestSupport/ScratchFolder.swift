import Foundation

/// Fresh folders for tests that write files. Every folder lives under one
/// root per test process, and the root is removed when the process exits, so
/// `swift test` leaves nothing behind in the temporary directory however many
/// times it runs (a crashed process still leaves its root, named by its pid).
public enum ScratchFolder {
    /// The process's root, created and registered for removal on first use.
    /// A `static let` is initialized once, thread-safely, by the runtime.
    private static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lyapsim-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchFolder.root) }
        return url
    }()

    /// A new empty folder whose name starts with `label`.
    public static func make(_ label: String) throws -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
