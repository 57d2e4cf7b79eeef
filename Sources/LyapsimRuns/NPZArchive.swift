import Foundation
import RandomNets

/// NumPy's .npz: a zip archive of .npy files (stored, not compressed), as
/// `numpy.savez` writes and `numpy.load` reads. Written atomically, so a
/// failed write leaves no half file.
public enum NPZArchive {
    /// One array: its name in the archive (without .npy), shape, and values
    /// in C order.
    public struct Array: Sendable {
        public let name: String
        public let shape: [Int]
        public let values: [Double]

        public init(name: String, shape: [Int], values: [Double]) {
            precondition(shape.reduce(1, *) == values.count)
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// Refuses archives over 4 GiB (zip without zip64 cannot hold them).
    public static func write(_ arrays: [Array], to path: String) throws {
        let bytes = arrays.reduce(0.0) { $0 + 8 * Double($1.values.count) + 200 }
        guard bytes < Double(UInt32.max) else {
            throw InvalidParameter(parameter: "save-weights", "the weights take \(Int(bytes / 1e9)) GB, more than the 4 GiB a .npz without zip64 holds; use smaller widths")
        }
        try AtomicFile.write(encode(arrays), to: path)
    }

    /// The archive's bytes: a local header and data per member, then the
    /// central directory and its end record (zip's "stored" method, no
    /// data descriptors; sizes below 4 GiB, so no zip64).
    public static func encode(_ arrays: [Array]) -> Data {
        var out = Data()
        var central = Data()
        for array in arrays {
            let name = Data((array.name + ".npy").utf8)
            let body = npy(array)
            let crc = crc32(body)
            let offset = UInt32(out.count)
            out.append(le32(0x0403_4b50))
            out.append(le16(20)); out.append(le16(0)); out.append(le16(0))   // version, flags, stored
            out.append(le16(0)); out.append(le16(0x21))                      // time, date (1980-01-01)
            out.append(le32(crc)); out.append(le32(UInt32(body.count))); out.append(le32(UInt32(body.count)))
            out.append(le16(UInt16(name.count))); out.append(le16(0))
            out.append(name)
            out.append(body)
            central.append(le32(0x0201_4b50))
            central.append(le16(20)); central.append(le16(20)); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0x21))
            central.append(le32(crc)); central.append(le32(UInt32(body.count))); central.append(le32(UInt32(body.count)))
            central.append(le16(UInt16(name.count))); central.append(le16(0)); central.append(le16(0))
            central.append(le16(0)); central.append(le16(0)); central.append(le32(0))
            central.append(le32(offset))
            central.append(name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32(0x0605_4b50))
        out.append(le16(0)); out.append(le16(0))
        out.append(le16(UInt16(arrays.count))); out.append(le16(UInt16(arrays.count)))
        out.append(le32(UInt32(central.count))); out.append(le32(centralOffset))
        out.append(le16(0))
        return out
    }

    /// .npy 1.0 with any shape (SampleExport writes 1-D and 2-D only).
    static func npy(_ array: Array) -> Data {
        let dims = array.shape.map(String.init)
        let shape = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        var dict = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Swift.Array("NUMPY".utf8) + [1, 0])
        data.append(le16(UInt16(dict.utf8.count)))
        data.append(contentsOf: Swift.Array(dict.utf8))
        data.reserveCapacity(data.count + 8 * array.values.count)
        for v in array.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func le16(_ v: UInt16) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    static func le32(_ v: UInt32) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }

    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zip requires.
    static let crcTable: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
