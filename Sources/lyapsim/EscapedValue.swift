/// A user's value shown on one line: quoted, with control characters and
/// newlines escaped, and cut at 80 characters.
enum EscapedValue {
    static func quote(_ value: String) -> String {
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
        if out.count > 80 { out = String(out.prefix(77)) + "..." }
        return "\"" + out + "\""
    }
}
