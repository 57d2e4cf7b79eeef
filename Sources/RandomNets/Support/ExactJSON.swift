import Foundation

/// JSON read into the values `JSONSerialization.jsonObject` gives
/// (`[String: Any]`, `[Any]`, `NSNumber`, `String`, `NSNull`), with every
/// number exactly the double its text names. Foundation's JSONSerialization
/// on Linux rounds some numbers of 17 significant digits to a neighbouring
/// double (1170.4805822372437 comes back as 1170.4805822372432), so a value
/// printed with all its digits by another program would not read back as
/// itself; JSONDecoder reads them exactly.
public enum ExactJSON {
    /// A text that is not JSON, holds a number no double holds (beyond
    /// about 1.8e308, which JSON's grammar allows), or names a key twice in
    /// one object; `reason` says which, in words for a one-line message.
    public struct NotJSON: Error {
        /// What is wrong with the text, in words for a one-line message.
        public let reason: String
    }

    /// The JSON value of `data`.
    public static func object(with data: Data) throws(NotJSON) -> Any {
        let value: Value
        do { value = try JSONDecoder().decode(Value.self, from: data) } catch {
            throw NotJSON(reason: "not JSON, or a number beyond a double's range (about 1.8e308)")
        }
        // JSON allows a key twice and decoders keep one of the values without
        // a word; a file that says `"width": 8` and later `"width": 16` is
        // ambiguous, so it is refused rather than read one way.
        if let key = repeatedKey(in: data) { throw NotJSON(reason: "key \"\(key)\" appears twice in one object") }
        return value.foundation
    }

    /// The first key named twice in one object of `data`, which is valid JSON
    /// (the decoder has read it): a scan of the structure that only tells
    /// keys from values and compares keys after unescaping.
    static func repeatedKey(in data: Data) -> String? {
        enum Frame { case object(keys: Set<String>, expectingKey: Bool), array }
        var stack: [Frame] = []
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): stack.append(.object(keys: [], expectingKey: true))
            case UInt8(ascii: "["): stack.append(.array)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): stack.removeLast()
            case UInt8(ascii: ","):
                if case .object(let keys, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, expectingKey: true) }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if case .object(var keys, true)? = stack.last {
                    // Only a key with an escape needs the decoder to be read as text.
                    let token = bytes[start...i]
                    let key = token.contains(UInt8(ascii: "\\"))
                        ? (try? JSONDecoder().decode(String.self, from: Data(token))) ?? String(decoding: token, as: UTF8.self)
                        : String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
                    if !keys.insert(key).inserted { return key }
                    stack[stack.count - 1] = .object(keys: keys, expectingKey: false)
                }
            default: break
            }
            i += 1
        }
        return nil
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
