import Foundation

/// JSON read into the values `JSONSerialization.jsonObject` gives
/// (`[String: Any]`, `[Any]`, `NSNumber`, `String`, `NSNull`), with every
/// number exactly the double its text names. Foundation's JSONSerialization
/// on Linux rounds some numbers of 17 significant digits to a neighbouring
/// double (1170.4805822372437 comes back as 1170.4805822372432), so a value
/// printed with all its digits by another program would not read back as
/// itself; JSONDecoder reads them exactly.
public enum ExactJSON {
    /// A text that is not JSON, or holds a number no double holds (beyond
    /// about 1.8e308, which JSON's grammar allows).
    public struct NotJSON: Error {}

    /// The JSON value of `data`. Objects with a key given twice keep its
    /// first value.
    public static func object(with data: Data) throws(NotJSON) -> Any {
        do { return try JSONDecoder().decode(Value.self, from: data).foundation } catch { throw NotJSON() }
    }

    enum Value: Decodable {
        case object([String: Value]), array([Value]), string(String), bool(Bool), integer(Int), number(Double), null

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            // Strings first: most values of a record are strings (bit patterns).
            if single.decodeNil() { self = .null }
            else if let s = try? single.decode(String.self) { self = .string(s) }
            else if let b = try? single.decode(Bool.self) { self = .bool(b) }
            else if let i = try? single.decode(Int.self) {
                // -0.0 reads as the integer 0; keep its sign, as `--slope -0` does.
                if i == 0, let x = try? single.decode(Double.self), x.sign == .minus { self = .number(x) } else { self = .integer(i) }
            }
            else if let x = try? single.decode(Double.self) { self = .number(x) }
            else if let a = try? single.decode([Value].self) { self = .array(a) }
            else if let o = try? single.decode([String: Value].self) { self = .object(o) }
            else { throw DecodingError.dataCorruptedError(in: single, debugDescription: "not JSON, or a number beyond a double's range") }
        }

        /// As JSONSerialization gives it: numbers and booleans as NSNumber
        /// (a boolean's type code is "c", which callers use to tell 1 from true).
        var foundation: Any {
            switch self {
            case .object(let o): return o.mapValues(\.foundation)
            case .array(let a): return a.map(\.foundation)
            case .string(let s): return s
            case .bool(let b): return NSNumber(value: b)
            case .integer(let i): return NSNumber(value: i)
            case .number(let x): return NSNumber(value: x)
            case .null: return NSNull()
            }
        }
    }
}
