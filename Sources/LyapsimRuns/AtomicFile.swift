import Foundation

/// Writes a whole file or nothing: the bytes go to a temporary file beside
/// the target, which is then renamed over it, so a reader (or a run resumed
/// after a crash or a kill) sees the old content or the new, never half.
/// Missing parent folders are created first, as output folders are.
///
/// The rename replaces whatever has the target's name, so two cases are
/// handled before it: a symbolic link is followed (its target file gets the
/// bytes, the link stays, also when the target does not exist yet; see
/// `resolvedTarget`), and an existing target that is not a regular file
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
        let url = URL(fileURLWithPath: resolvedTarget(path))
        if let kind = nonRegularKind(url.path) { throw NotARegularFile(path: path, kind: kind) }
        let parent = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        try data.write(to: url, options: .atomic)
    }

    /// The file a write to `path` lands in, as the file system resolves it:
    /// the existing folders on the way through `realpath` (so `link/..` is
    /// the parent of the link's target, not the folder the name sits in), and
    /// a symbolic link in the last component followed hop by hop, whether or
    /// not its target exists yet (a dangling link's target is created, the
    /// link kept). Missing folders are kept as written: they hold no links.
    public static func resolvedTarget(_ path: String) -> String {
        var current = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        for _ in 0..<40 {   // Linux's limit on links followed in one lookup
            let slash = current.lastIndex(of: "/")!
            let name = String(current[current.index(after: slash)...])
            let folder = realFolder(String(current[..<slash]))
            let full = (folder == "/" ? "" : folder) + "/" + name
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: full) else { return full }
            current = destination.hasPrefix("/") ? destination : (folder == "/" ? "" : folder) + "/" + destination
        }
        return current
    }

    /// `realpath` of the nearest existing ancestor, with the missing part
    /// appended as written.
    static func realFolder(_ folder: String) -> String {
        var existing = folder.isEmpty ? "/" : folder
        var missing: [String] = []
        while true {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                return missing.isEmpty ? base : (base == "/" ? "" : base) + "/" + missing.reversed().joined(separator: "/")
            }
            guard let slash = existing.lastIndex(of: "/"), existing != "/" else { return folder }
            missing.append(String(existing[existing.index(after: slash)...]))
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
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
