/// A user's value shown inside a one-line message: in double quotes, with
/// newlines, control characters and quotes escaped, and cut at `limit`
/// characters, so a name read from a flag or a file (`--ensemble $'a\nb'`, a
/// megabyte JSON string, an ESC byte) can neither break the message into
/// lines nor drive the terminal. Every message that echoes a value uses it.
public enum QuotedValue {
    /// `value` in double quotes, escaped, cut at `limit` characters with "...".
    public static func quote(_ value: String, limit: Int = 80) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            default: appendEscapingControls(scalar, to: &out)
            }
        }
        if out.count > limit { out = String(out.prefix(limit - 3)) + "..." }
        return "\"" + out + "\""
    }

    /// A name (a JSON key) shown as it is when it is short and plain, and
    /// quoted, escaped and cut like `quote` otherwise.
    public static func name(_ value: String, limit: Int = 40) -> String {
        let quoted = quote(value, limit: limit)
        return quoted == "\"" + value + "\"" ? value : quoted
    }

    /// The same escaping without quotes or a length cut: for a whole message
    /// whose parts came from elsewhere (a parser's), as a last guard.
    public static func escapeControls(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars { appendEscapingControls(scalar, to: &out) }
        return out
    }

    /// A C0 or C1 control character as \u{hex}, anything else as it is.
    private static func appendEscapingControls(_ scalar: Unicode.Scalar, to out: inout String) {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
}
