import Foundation
import RandomNets

/// Writes per-sample values for other tools: NumPy's .npy (format 1.0,
/// '<f8', C order; a trajectory is one row of a 2-D array) or CSV with
/// round-trip decimal numbers, chosen by the file's extension.
public enum SampleExport {
    public enum Kind: String { case npy, csv }

    public static func kind(of path: String, option: String) throws -> Kind {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "npy": return .npy
        case "csv": return .csv
        default:
            throw InvalidParameter(parameter: option, "file name must end in .npy (NumPy) or .csv, got \(path)")
        }
    }

    /// `values` row-major with `columns` per row (1: a 1-D array).
    public static func write(_ values: [Double], columns: Int, header: String, to path: String) throws {
        let data: Data
        switch try kind(of: path, option: "save-samples") {
        case .npy: data = npy(values, columns: columns)
        case .csv: data = csv(values, columns: columns, header: header)
        }
        try AtomicFile.write(data, to: path)
    }

    /// The .npy 1.0 layout: magic, version, a little-endian u16 header length,
    /// a Python dict literal padded with spaces to a multiple of 64 bytes
    /// ending in a newline, then the raw data.
    public static func npy(_ values: [Double], columns: Int) -> Data {
        let rows = values.count / max(columns, 1)
        let shape = columns == 1 ? "(\(rows),)" : "(\(rows), \(columns))"
        var dict = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dict.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Swift's shortest round-trip decimal for each value, so the CSV
    /// parses back to the same doubles; -infinity is written "-inf".
    public static func csv(_ values: [Double], columns: Int, header: String) -> Data {
        var text = header + "\n"
        let rows = values.count / max(columns, 1)
        for i in 0..<rows {
            text += (0..<columns).map { j -> String in
                let v = values[i * columns + j]
                return v.isFinite ? "\(v)" : (v < 0 ? "-inf" : (v > 0 ? "inf" : "nan"))
            }.joined(separator: ",")
            text += "\n"
        }
        return Data(text.utf8)
    }
}
