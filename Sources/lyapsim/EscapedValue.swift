/// A user's value shown on one line: quoted, with control characters and
/// newlines escaped, and cut at 80 characters (a stray megabyte argument
/// stays one readable line).
enum EscapedValue {
    /// A file or folder path: shown whole up to 4096 characters (Linux's
    /// PATH_MAX), since a path cut short names no file a user can find.
    static func path(_ value: String) -> String { quote(value, limit: 4096) }

    static func quote(_ value: String, limit: Int = 80) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        if out.count > limit { out = String(out.prefix(limit - 3)) + "..." }
        return "\"" + out + "\""
    }
}
