import Foundation

/// Writes a run's files all or nothing. Everything is computed first; every
/// target is checked; then every file goes to a staging folder beside its
/// destination (same file system), and only when all are written are they
/// renamed into place (a destination that does not exist yet arrives in one
/// rename). A failure while staging removes the staging folders and leaves
/// the destinations untouched; SIGINT or SIGTERM while staging or renaming
/// removes the staged files before the process exits (130 or 143), so no
/// temporary file is ever left behind.
public struct StagedOutput {
    /// One destination folder and the files (relative paths) to put in it.
    public struct Folder {
        public let url: URL
        public let files: [(path: String, text: String)]

        public init(url: URL, files: [(path: String, text: String)]) {
            self.url = url
            self.files = files
        }
    }

    public let folders: [Folder]

    public init(_ folders: [Folder]) { self.folders = folders }

    public func commit() throws {
        let fm = FileManager.default
        // Every target is checked before anything is created: a file where a
        // folder goes, or a folder where a file goes, fails with nothing written.
        for folder in folders {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: folder.url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: folder.url.path])
            }
            for file in folder.files {
                let target = folder.url.appendingPathComponent(file.path)
                if fm.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: target.path])
                }
            }
        }
        // Staging folders beside the destinations (same file system, so renames are atomic).
        let stagings = folders.map { folder in
            (folder, folder.url.deletingLastPathComponent()
                .appendingPathComponent(".\(folder.url.lastPathComponent).lyapsim-staging-\(getpid())"))
        }
        // Every path the signal handler may have to remove, known before any is written.
        var paths: [String] = []
        var directories: [String] = []
        for (folder, staging) in stagings {
            directories.append(staging.path)
            for file in folder.files {
                paths.append(staging.appendingPathComponent(file.path).path)
                let sub = (file.path as NSString).deletingLastPathComponent
                if !sub.isEmpty { directories.append(staging.appendingPathComponent(sub).path) }
            }
        }
        let cleanup = SignalCleanup(files: paths, directories: Array(Set(directories)).sorted { $0.count > $1.count })
        cleanup.install()
        defer { cleanup.uninstall() }
        do {
            for (folder, staging) in stagings {
                for file in folder.files {
                    let url = staging.appendingPathComponent(file.path)
                    try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(file.text.utf8).write(to: url)
                }
            }
            for (folder, staging) in stagings {
                if !fm.fileExists(atPath: folder.url.path) {
                    // A new destination: the whole staged folder moves in one rename.
                    guard rename(staging.path, folder.url.path) == 0 else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder.url.path])
                    }
                    continue
                }
                for file in folder.files {
                    let target = folder.url.appendingPathComponent(file.path)
                    try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    guard rename(staging.appendingPathComponent(file.path).path, target.path) == 0 else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
                    }
                }
            }
        } catch {
            cleanup.removeAll()
            throw error
        }
        cleanup.removeAll()
    }
}

/// Removes staged files on SIGINT and SIGTERM, then exits with 128 + signal.
/// The handler only calls unlink, rmdir and _exit, which are async-signal-safe,
/// on C strings prepared before it is installed.
final class SignalCleanup: @unchecked Sendable {
    nonisolated(unsafe) private static var files: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) private static var directories: [UnsafeMutablePointer<CChar>] = []
    private let filePaths: [String]
    private let directoryPaths: [String]

    init(files: [String], directories: [String]) {
        filePaths = files
        directoryPaths = directories
    }

    func install() {
        Self.files = filePaths.map { strdup($0)! }
        Self.directories = directoryPaths.map { strdup($0)! }
        signal(SIGINT, Self.handler)
        signal(SIGTERM, Self.handler)
    }

    func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        Self.files.forEach { free($0) }
        Self.directories.forEach { free($0) }
        Self.files = []
        Self.directories = []
    }

    /// Removes whatever is still staged (already renamed files are gone from the staging folder).
    func removeAll() {
        for path in filePaths { unlink(path) }
        for path in directoryPaths { rmdir(path) }
    }

    private static let handler: @convention(c) (Int32) -> Void = { sig in
        for p in SignalCleanup.files { unlink(p) }
        for p in SignalCleanup.directories { rmdir(p) }
        _exit(128 + sig)
    }
}
