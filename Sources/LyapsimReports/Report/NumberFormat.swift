import Foundation
import RandomNets

/// Fixed, locale-independent number formatting for tables.
public enum NumberFormat {
    /// `digits` significant decimals in fixed or scientific notation, with
    /// "-inf" and "inf" spelled out and NaN (which no report should hold) as "n/a".
    public static func fixed(_ x: Double, _ decimals: Int = 4) -> String {
        if x.isNaN { return "n/a" }
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        if x != 0 && (abs(x) < pow(10, Double(-decimals)) || abs(x) >= 1e7) {
            return String(format: "%.\(max(1, decimals - 1))e", x)
        }
        return String(format: "%.\(decimals)f", x)
    }

    /// A CSV field: shortest round-trip decimal, "inf"/"-inf", or empty for nil (and NaN, which no report should hold).
    /// A CSV field: quoted (quotes doubled) when it holds a comma, quote or line break.
    public static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    public static func csv(_ x: Double?) -> String {
        guard let x, !x.isNaN else { return "" }
        return x.isFinite ? "\(x)" : (x > 0 ? "inf" : "-inf")
    }

    public static func general(_ x: Double, _ digits: Int = 6) -> String {
        if x.isNaN { return "n/a" }
        if x == .infinity { return "inf" }
        if x == -.infinity { return "-inf" }
        return String(format: "%.\(digits)g", x)
    }

    /// A p value to two significant digits, with more wherever fewer would
    /// print the test's level itself: at level 0.05, 0.0497 is a detected
    /// difference and 0.0504 or 0.05002 is not, and "0.05" would say neither.
    public static func pValue(_ p: Double, level: Double = 0.05) -> String {
        guard p.isFinite, p != level else { return general(p, 2) }
        for digits in 2...17 {
            let text = general(p, digits)
            if Double(text) != level { return text }
        }
        return general(p, 17)
    }

    /// Left-aligned text table with a header rule, as a CLI prints it.
    public static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
