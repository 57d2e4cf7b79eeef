import Foundation
import RandomNets

/// Cell formatting shared by all tables: fixed decimals, locale-free.
enum Cell {
    /// Plain fixed-point; "-0.000" is printed as "0.000".
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return NumberFormat.fixed(x, decimals) }
        let text = String(format: "%.\(decimals)f", x)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
    static func sig(_ x: Double, _ digits: Int = 4) -> String { NumberFormat.general(x, digits) }
    /// Items as prose: "a", "a and b", "a, b and c".
    static func prose(_ items: [String]) -> String {
        items.count > 1 ? items.dropLast().joined(separator: ", ") + " and " + items.last! : items.joined()
    }
    static func z(_ x: Double) -> String { x.isFinite ? String(format: "%+.2f", x) : "n/a" }
    static func fraction(_ count: Int, of total: Int) -> String { String(format: "%.3f", Double(count) / Double(total)) }
}

/// Empirical quantile (type 7, linear interpolation) of sorted values.
func quantile(_ sorted: [Double], _ p: Double) -> Double { SampleQuantile.of(sorted: sorted, p) }
