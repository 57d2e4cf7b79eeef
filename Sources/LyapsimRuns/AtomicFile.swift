import Foundation

/// Writes a whole file or nothing: the bytes go to a temporary file beside
/// the target, which is then renamed over it, so a reader (or a run resumed
/// after a crash or a kill) sees the old content or the new, never half.
/// Missing parent folders are created first, as output folders are.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try data.write(to: url, options: .atomic)
    }
}
