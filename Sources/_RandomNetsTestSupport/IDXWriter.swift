import CZlib
import Foundation

/// Writes small IDX files (gzip-compressed through zlib, or raw) for the
/// tests of the Fashion-MNIST loader, and damages them in chosen ways.
public enum IDXWriter {
    /// The bytes of an IDX file: big-endian magic, dimensions, then `payload`.
    public static func idx(magic: UInt32, dimensions: [Int], payload: [UInt8]) -> [UInt8] {
        func bigEndian(_ x: UInt32) -> [UInt8] { [UInt8(x >> 24), UInt8((x >> 16) & 0xff), UInt8((x >> 8) & 0xff), UInt8(x & 0xff)] }
        return bigEndian(magic) + dimensions.flatMap { bigEndian(UInt32($0)) } + payload
    }

    /// `bytes` gzip-compressed with zlib (one gzip member).
    public static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("idxwriter-\(UUID().uuidString).gz").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let file = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        guard gzclose_w(file) == Z_OK, written == Int32(bytes.count) || bytes.isEmpty else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A fresh empty folder under the temporary directory.
    public static func scratchFolder() throws -> URL {
        try ScratchFolder.make("idx")
    }

    /// A valid small Fashion-MNIST folder: `training` and `test` images of
    /// 28 x 28 with labels s mod 10 and pixels (s + f) mod 256 (image s, pixel f).
    public static func fashionFolder(training: Int, test: Int) throws -> URL {
        let folder = try scratchFolder()
        func write(_ name: String, _ count: Int, images: Bool) throws {
            let bytes = images
                ? idx(magic: 0x0000_0803, dimensions: [count, 28, 28],
                      payload: (0..<(count * 784)).map { UInt8(truncatingIfNeeded: $0 / 784 + $0 % 784) })
                : idx(magic: 0x0000_0801, dimensions: [count], payload: (0..<count).map { UInt8($0 % 10) })
            try Data(try gzip(bytes)).write(to: folder.appendingPathComponent(name))
        }
        try write("train-images-idx3-ubyte.gz", training, images: true)
        try write("train-labels-idx1-ubyte.gz", training, images: false)
        try write("t10k-images-idx3-ubyte.gz", test, images: true)
        try write("t10k-labels-idx1-ubyte.gz", test, images: false)
        return folder
    }
}
