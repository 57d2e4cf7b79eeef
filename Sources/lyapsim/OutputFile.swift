import ArgumentParser
import Foundation
import LyapsimRuns

/// An output file given on the command line (--save, --checkpoint,
/// --save-samples), checked before any computing: empty is a usage error
/// (64); a folder in the way, or no writable folder to create it in, is
/// "cannot create output" (73).
enum OutputFile {
    static func validate(_ path: String?, flag: String) throws {
        if let path, path.isEmpty { throw ValidationError("\(flag): must be a file path, got an empty string") }
    }

    /// Whether two output paths name one file: the same absolute path once
    /// the existing folders on the way are resolved (symbolic links, "..",
    /// a relative spelling), or one existing file under two names.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        // Where each write lands, resolved as the file system does (links,
        // "..", a dangling link's future target): the rule the writes follow.
        if AtomicFile.resolvedTarget(a) == AtomicFile.resolvedTarget(b) { return true }
        var sa = stat(), sb = stat()
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// Refuses two output flags naming one file (one would be written over
    /// the other): a usage error, found before any computing.
    static func checkDistinct(_ outputs: [(flag: String, path: String?)]) throws {
        let given = outputs.compactMap { output in output.path.map { (flag: output.flag, path: $0) } }
        for (i, a) in given.enumerated() {
            for b in given[(i + 1)...] where sameFile(a.path, b.path) {
                throw ValidationError("\(b.flag): must be another file than \(a.flag) (both name \(EscapedValue.path(b.path)); one would be written over the other)")
            }
        }
    }

    static func check(_ path: String?, flag: String) throws {
        guard let path else { return }
        let fm = FileManager.default
        let shown = EscapedValue.path(path)
        // A name no file system takes (NAME_MAX, 255 bytes) fails now, not
        // when the file is written after hours of computing.
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > 255 }) {
            throw OutputFolder.CannotCreate(description: "\(flag): cannot create \(shown) (the name \(EscapedValue.quote(String(long.prefix(20))))... is longer than 255 bytes)")
        }
        // Outputs are renamed into place (AtomicFile), which would replace a
        // device or a pipe with a file; a symbolic link is followed.
        if let kind = AtomicFile.nonRegularKind(path) {
            throw OutputFolder.CannotCreate(description: "\(flag): \(shown) is \(kind), not a file; give a file path")
        }
        var isDirectory: ObjCBool = false
        // The nearest existing ancestor must be a writable folder (missing
        // folders between it and the file are created when the file is written).
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !fm.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw OutputFolder.CannotCreate(description: "\(flag): cannot create \(shown) (\(EscapedValue.path(ancestor.path)) is not a folder)")
        }
        if let reason = OutputFolder.creationError(in: ancestor.path) {
            throw OutputFolder.CannotCreate(description: "\(flag): cannot create \(shown) (creating a file in \(EscapedValue.path(ancestor.path)) fails: \(reason))")
        }
    }
}
