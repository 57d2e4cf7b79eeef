import ArgumentParser
import Foundation

/// An output file given on the command line (--save, --checkpoint,
/// --save-samples), checked before any computing: empty is a usage error
/// (64); a folder in the way, or a parent folder that does not exist or
/// cannot be written, is "cannot create output" (73).
enum OutputFile {
    static func validate(_ path: String?, flag: String) throws {
        if let path, path.isEmpty { throw ValidationError("\(flag): must be a file path, got an empty string") }
    }

    static func check(_ path: String?, flag: String) throws {
        guard let path else { return }
        let fm = FileManager.default
        let shown = EscapedValue.quote(path)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OutputFolder.CannotCreate(description: "\(flag): \(shown) is a folder, not a file")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard fm.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue,
              fm.isWritableFile(atPath: parent) else {
            throw OutputFolder.CannotCreate(description: "\(flag): cannot create \(shown) (\(EscapedValue.quote(parent)) is not a writable folder)")
        }
    }
}
