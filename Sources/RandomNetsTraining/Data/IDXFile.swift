import CZlib
import Foundation

/// A data file that cannot be used, as one line naming the file. `missing`:
/// absent or unreadable (the CLI exits 66, sysexits.h EX_NOINPUT);
/// `corrupt`: present but not what it must be: not gzip, a damaged or
/// truncated gzip stream, a wrong magic number, wrong dimensions or counts,
/// a label out of range, bytes beyond the data (the CLI exits 65, EX_DATAERR).
public struct DataFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the file, which sets the CLI's exit status.
    public enum Kind: Sendable, Equatable {
        /// Absent, a folder, or unreadable (the CLI exits 66, EX_NOINPUT).
        case missing
        /// Present but not a valid file of the expected shape (the CLI exits 65, EX_DATAERR).
        case corrupt
    }

    /// Whether the file is missing or corrupt.
    public let kind: Kind
    /// The problem in one line, naming the file (or its folder); the error's `description`.
    public let message: String

    /// An error of `kind` whose whole text is `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// "PATH: PROBLEM", the file's problem in one line.
    public static func corrupt(_ path: String, _ problem: String) -> DataFileError {
        DataFileError(.corrupt, "\(path): \(problem)")
    }

    public var description: String { message }
}

/// One gzip-compressed IDX file (LeCun's format for MNIST and its kin),
/// read with zlib's gzopen/gzread. IDX: a big-endian 32-bit magic number
/// 0x0000TTDD (TT the element type, 0x08 for unsigned bytes; DD the number of
/// dimensions), the DD dimensions as big-endian 32-bit integers, then the
/// elements in row-major order. Only unsigned-byte files are read.
///
/// Every check refuses with a `DataFileError` naming the file: a file that
/// is not gzip (zlib would pass it through unchanged), a damaged deflate
/// stream or a failed CRC, a stream that ends early (a short header or
/// fewer bytes than the dimensions promise), a wrong magic number, a
/// dimension of 0, and bytes after the data. A file is never read short.
public struct IDXFile: Sendable {
    /// Unsigned-byte images: N x rows x columns.
    public static let imagesMagic: UInt32 = 0x0000_0803
    /// Unsigned-byte labels: N.
    public static let labelsMagic: UInt32 = 0x0000_0801
    /// Largest payload accepted (a corrupt header could promise terabytes).
    public static let maxBytes = 1 << 31

    /// The path the file was read from.
    public let path: String
    /// The header's dimensions, each at least 1 (N x rows x columns for images, N for labels).
    public let dimensions: [Int]
    /// The elements, row-major (sample-major for images: image s starts at s * rows * columns).
    public let bytes: [UInt8]

    /// Reads `path`, refusing anything but a complete unsigned-byte IDX file with magic number `magic`.
    public static func read(_ path: String, magic: UInt32) throws -> IDXFile {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DataFileError(.missing, "\(path): no such file")
        }
        guard !isFolder.boolValue else { throw DataFileError(.missing, "\(path): is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path), let handle = gzopen(path, "rb") else {
            throw DataFileError(.missing, "\(path): cannot be opened for reading")
        }
        defer { gzclose_r(handle) }
        // A larger buffer than zlib's 8 KiB default (set before the first read).
        gzbuffer(handle, 1 << 17)
        var reader = GzipReader(handle: handle, path: path)

        let head = try reader.read(4)
        if gzdirect(handle) == 1 {
            throw DataFileError.corrupt(path, "not a gzip file (the IDX files must be gzip-compressed, as Debian ships them)")
        }
        guard head.count == 4 else {
            throw DataFileError.corrupt(path, "truncated: ends after \(head.count) bytes, inside the 4-byte magic number")
        }
        let found = head.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard found == magic else {
            throw DataFileError.corrupt(path, "magic number \(hex(found)), expected \(hex(magic)) (\(describe(magic)))")
        }
        let rank = Int(magic & 0xff)
        let dimensionBytes = try reader.read(4 * rank)
        guard dimensionBytes.count == 4 * rank else {
            throw DataFileError.corrupt(path, "truncated: ends inside the header (\(4 + dimensionBytes.count) of \(4 + 4 * rank) bytes)")
        }
        var dimensions: [Int] = []
        var total = 1
        for d in 0..<rank {
            let value = dimensionBytes[(4 * d)..<(4 * d + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard value >= 1 else { throw DataFileError.corrupt(path, "dimension \(d + 1) of the header is 0") }
            dimensions.append(value)
            let (product, overflow) = total.multipliedReportingOverflow(by: value)
            guard !overflow, product <= maxBytes else {
                throw DataFileError.corrupt(path, "the header's dimensions \(dimensions.map(String.init).joined(separator: " x ")) promise more than \(maxBytes) bytes")
            }
            total = product
        }
        let bytes = try reader.read(total)
        guard bytes.count == total else {
            throw DataFileError.corrupt(path, "truncated: \(bytes.count) of the \(total) data bytes its header (\(dimensions.map(String.init).joined(separator: " x "))) promises")
        }
        // The end of the stream: nothing more, and the gzip trailer's CRC and length check out.
        let extra = try reader.read(1)
        guard extra.isEmpty else {
            throw DataFileError.corrupt(path, "more bytes than its header (\(dimensions.map(String.init).joined(separator: " x "))) promises")
        }
        return IDXFile(path: path, dimensions: dimensions, bytes: bytes)
    }

    static func hex(_ x: UInt32) -> String {
        let digits = String(x, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func describe(_ magic: UInt32) -> String {
        switch magic {
        case imagesMagic: return "IDX unsigned-byte images, 3 dimensions"
        case labelsMagic: return "IDX unsigned-byte labels, 1 dimension"
        default: return "IDX, type 0x\(String((magic >> 8) & 0xff, radix: 16)), \(magic & 0xff) dimensions"
        }
    }
}

/// gzread in chunks, turning zlib's errors into `DataFileError`s.
private struct GzipReader {
    let handle: gzFile
    let path: String

    /// Up to `count` bytes; fewer only at the clean end of the stream.
    mutating func read(_ count: Int) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(min(count, 1 << 26))
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: min(max(count, 1), chunk))
        while out.count < count {
            let want = min(chunk, count - out.count)
            let got = buffer.withUnsafeMutableBytes { gzread(handle, $0.baseAddress, UInt32(want)) }
            if got < 0 { throw failure() }
            out.append(contentsOf: buffer[0..<Int(got)])
            if Int(got) < want {
                // A short read: the end of the stream, or an error zlib recorded.
                var code: Int32 = 0
                _ = gzerror(handle, &code)
                if code != Z_OK { throw failure() }
                break
            }
        }
        return out
    }

    func failure() -> DataFileError {
        var code: Int32 = 0
        var text = gzerror(handle, &code).map { String(cString: $0) } ?? "unknown error"
        // zlib's message starts with the path; the error names it once.
        if text.hasPrefix(path + ": ") { text.removeFirst(path.count + 2) }
        switch code {
        case Z_BUF_ERROR:
            return .corrupt(path, "truncated gzip stream (zlib: \(text))")
        case Z_ERRNO:
            return DataFileError(.missing, "\(path): read error (\(String(cString: strerror(errno))))")
        default:
            return .corrupt(path, "corrupt gzip data (zlib: \(text))")
        }
    }
}
