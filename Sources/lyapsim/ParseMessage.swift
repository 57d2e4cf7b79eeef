import Foundation
import RandomNets

/// ArgumentParser's parse errors rewritten as one line that names the flag,
/// shows the value escaped and states the allowed range.
enum ParseMessage {
    /// What each numeric or enumerated flag accepts.
    static let ranges: [String: String] = [
        "--width": "an integer from 1 to \(Validate.maxWidth)",
        "--depth": "an integer from 1 to \(Validate.maxDepth)",
        "--samples": "an integer from 2 to \(Validate.maxSamples)",
        "--seed": "an integer from 0 to 18446744073709551615",
        "--threads": "an integer from 1 to 1024",
        "--repeats": "an integer from 1 to 100",
        "--burn-in": "an integer from 0 to depth - 1",
        "--slope": "0 or a real number with 1e-300 <= |a| <= 1e300",
        "--sigma": "a number from 1e-300 to 1e100",
        "--dof": "a number above 2 and at most 1e6",
        "--density": "a number from 1e-9 to 1",
        "--format": "text, json or csv",
        "--method": "full or reduced",
        "--init": "he or lyapunov",
        "--profile": "quick or full",
    ]

    static func oneLine(_ message: String) -> String {
        let text = message.replacingOccurrences(of: "Error: ", with: "")
        // "The value 'X' is invalid for '--flag <x>'" (X may hold newlines).
        if let match = text.range(of: #"^The value '([\s\S]*)' is invalid for '(--[A-Za-z0-9-]+)"#,
                                  options: [.regularExpression]) {
            let body = String(text[match])
            if let flagStart = body.range(of: "' is invalid for '", options: .backwards) {
                let value = String(body[body.index(body.startIndex, offsetBy: 11)..<flagStart.lowerBound])
                let flag = String(body[flagStart.upperBound...])
                let range = ranges[flag].map { "; must be \($0)" } ?? ""
                return "\(flag): invalid value \(EscapedValue.quote(value))\(range)"
            }
        }
        if let match = text.range(of: #"'(--[A-Za-z0-9-]+) <"#, options: .regularExpression),
           text.hasPrefix("Missing") {
            let flag = String(text[match].dropFirst().dropLast(2))
            let range = ranges[flag].map { " (\($0))" } ?? ""
            return "\(flag): missing value\(range)"
        }
        let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        return first
    }
}
