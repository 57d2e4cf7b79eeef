import RandomNets

/// A user's value shown on one line: quoted, with control characters and
/// newlines escaped, and cut at 80 characters (a stray megabyte argument
/// stays one readable line). The escaping is the library's (`QuotedValue`),
/// so the CLI's messages and the library's read alike.
enum EscapedValue {
    /// A file or folder path: shown whole up to 4096 characters (Linux's
    /// PATH_MAX), since a path cut short names no file a user can find.
    static func path(_ value: String) -> String { quote(value, limit: 4096) }

    static func quote(_ value: String, limit: Int = 80) -> String { QuotedValue.quote(value, limit: limit) }
}
