import Foundation

/// Writes a whole file or nothing: the bytes go to a temporary file beside
/// the target, which is then renamed over it, so a reader (or a run resumed
/// after a crash or a kill) sees the old content or the new, never half.
/// Missing parent folders are created first, as output folders are.
///
/// The rename replaces whatever has the target's name, so two cases are
/// handled before it: a symbolic link is followed (its target file gets the
/// bytes, the link stays), and an existing target that is not a regular file
/// (a device such as /dev/null, a FIFO, a socket) is refused — renaming over
/// /dev/null as root would replace the device with a file.
public enum AtomicFile {
    /// The target exists and is not a regular file.
    public struct NotARegularFile: Error, CustomStringConvertible {
        /// The path as given.
        public let path: String
        /// What is there instead ("a device", "a pipe (FIFO)", ...).
        public let kind: String
        /// "PATH is a device, not a regular file".
        public var description: String { "\(path) is \(kind), not a regular file" }
    }

    /// Writes `data` to `path` whole (temporary file, then rename), following
    /// a symbolic link and refusing a target that is not a regular file.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        if let kind = nonRegularKind(url.path) { throw NotARegularFile(path: path, kind: kind) }
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try data.write(to: url, options: .atomic)
    }

    /// What an existing path is when it is not a regular file ("a folder",
    /// "a device", ...), following symbolic links; nil for a regular file or
    /// nothing there.
    public static func nonRegularKind(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        default: return "something other than a file"
        }
    }
}
