import ArgumentParser
import Foundation

/// An output folder given on the command line, checked before any work:
/// empty is a usage error (64); a path that is a file, or a folder that
/// cannot be created or written, is "cannot create output" (73, sysexits.h
/// EX_CANTCREAT).
enum OutputFolder {
    struct CannotCreate: Error, CustomStringConvertible {
        let description: String
    }

    /// The usage check, for `validate()`.
    static func validate(_ path: String, flag: String) throws {
        guard !path.isEmpty else { throw ValidationError("\(flag): must be a folder path, got an empty string") }
    }

    /// The file-system check, at the start of `run()` (before any computing),
    /// so its error reaches the entry point unwrapped and exits 73.
    static func check(_ path: String, flag: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let shown = EscapedValue.path(path)
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CannotCreate(description: "\(flag): \(shown) exists and is not a folder") }
            if let reason = creationError(in: path) { throw CannotCreate(description: "\(flag): cannot write into \(shown) (creating a file there fails: \(reason))") }
            return
        }
        // The nearest existing ancestor must be a writable folder.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !fm.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw CannotCreate(description: "\(flag): cannot create \(shown) (\(EscapedValue.path(ancestor.path)) is not a folder)")
        }
        if let reason = creationError(in: ancestor.path) {
            throw CannotCreate(description: "\(flag): cannot create \(shown) (creating a file in \(EscapedValue.path(ancestor.path)) fails: \(reason))")
        }
    }

    /// Why no file can be created in the existing folder `folder`, or nil
    /// when one can. Permission bits are not enough: root passes every
    /// `access(W_OK)`, yet cannot create files in /proc or on a read-only
    /// mount, so this creates (and removes) an empty probe file.
    static func creationError(in folder: String) -> String? {
        let probe = URL(fileURLWithPath: folder).appendingPathComponent(".lyapsim-probe-\(getpid())-\(UUID().uuidString.prefix(8))").path
        let fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        guard unlink(probe) == 0 else { return "\(String(cString: strerror(errno))) when removing the probe file \(EscapedValue.path(probe))" }
        return nil
    }
}
