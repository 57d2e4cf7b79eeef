import Foundation
import RandomNets

/// A paired comparison of two initializations on the same runs (same data,
/// outer layers and mini-batch order; `RunStreams`): the sign test and
/// Wilcoxon's signed-rank test on the differences of final losses, both
/// exact and two-sided. A diverged run's loss is +infinity: it loses to any
/// finite loss, and two diverged runs are a tie.
public struct PairedComparison: Sendable {
    /// Runs where A's final loss is below B's, above it, equal.
    public let aBetter: Int
    /// Runs where B's final loss is below A's.
    public let bBetter: Int
    /// Runs where they are equal (including both diverged).
    public let ties: Int
    /// Two-sided exact sign-test p-value (ties dropped).
    public let signTestP: Double
    /// Wilcoxon's W+ (sum of the ranks of |d| over d = a - b > 0), with
    /// zeros dropped and tied |d| given their average rank.
    public let wPlus: Double
    /// Two-sided p-value of W+ under the null that each d is symmetric about
    /// 0: exact, from the permutation distribution given the ranks (so exact
    /// with ties too) up to 500 pairs (O(n^3) work; beyond, products of 2^-n
    /// would underflow in the far tail); the normal approximation with the tie
    /// correction beyond.
    public let wilcoxonP: Double
    /// E W+ under the null, n(n+1)/4 over the n nonzero differences (ties
    /// included): W+ below it means A tends to be lower (better).
    public let wPlusNullMean: Double
    /// Median of the differences a - b (type 7; infinities sort at the ends).
    public let medianDifference: Double

    /// Which way Wilcoxon's statistic points: -1 when A's losses tend to be
    /// lower, +1 when higher, 0 at the null mean. The direction of a
    /// Wilcoxon rejection is this, not the win count (58 small wins and 42
    /// large losses reject in B's favour).
    public var wilcoxonDirection: Int { wPlus < wPlusNullMean ? -1 : (wPlus > wPlusNullMean ? 1 : 0) }

    /// Compares the final losses `a` and `b` of the same runs, run by run (the arrays have equal, nonzero length).
    public init(_ a: [Double], _ b: [Double]) {
        precondition(a.count == b.count && !a.isEmpty)
        var d: [Double] = []
        for (x, y) in zip(a, b) {
            let diff: Double
            if x == y || (x.isNaN && y.isNaN) { diff = 0 }
            else if x.isNaN || x == .infinity { diff = .infinity }
            else if y.isNaN || y == .infinity { diff = -.infinity }
            else { diff = x - y }
            d.append(diff)
        }
        medianDifference = OrderStatistics.quantile(sorted: d.sorted(), 0.5)
        aBetter = d.filter { $0 < 0 }.count
        bBetter = d.filter { $0 > 0 }.count
        ties = d.count - aBetter - bBetter
        signTestP = Self.signTest(aBetter, bBetter)
        let nonzero = d.filter { $0 != 0 }
        (wPlus, wilcoxonP) = Self.signedRank(nonzero)
        wPlusNullMean = Double(nonzero.count * (nonzero.count + 1)) / 4
    }

    /// 2 P(B <= min(k, m - k)) for B ~ Binomial(m, 1/2), capped at 1.
    static func signTest(_ k1: Int, _ k2: Int) -> Double {
        let m = k1 + k2
        guard m > 0 else { return 1 }
        let k = min(k1, k2)
        var tail = 0.0
        for i in 0...k { tail += exp(((try? Special.logChoose(m, i)) ?? -.infinity) - Double(m) * log(2.0)) }
        return min(1, 2 * tail)
    }

    /// (W+, two-sided p) for nonzero differences.
    static func signedRank(_ d: [Double]) -> (Double, Double) {
        let n = d.count
        guard n > 0 else { return (0, 1) }
        // Average ranks of |d| (infinities tie at the top), doubled to integers.
        let order = d.indices.sorted { abs(d[$0]) < abs(d[$1]) }
        var doubled = [Int](repeating: 0, count: n)
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n, abs(d[order[j + 1]]) == abs(d[order[i]]) { j += 1 }
            // Ranks i+1 ... j+1 share their mean (i + j + 2) / 2; doubled: i + j + 2.
            for k in i...j { doubled[order[k]] = i + j + 2 }
            i = j + 1
        }
        let observed = d.indices.reduce(0) { d[$1] > 0 ? $0 + doubled[$1] : $0 }
        let total = doubled.reduce(0, +)
        let wPlus = Double(observed) / 2
        if n <= 500 {
            // Under the null each rank enters W+ with probability 1/2,
            // independently: the distribution of sum_i r_i I_i by dynamic
            // programming over the doubled ranks.
            var p = [Double](repeating: 0, count: total + 1)
            p[0] = 1
            var reach = 0
            for r in doubled {
                var s = reach
                while s >= 0 {
                    let v = p[s] / 2
                    p[s] = v
                    p[s + r] += v
                    s -= 1
                }
                reach += r
            }
            var lower = 0.0, upper = 0.0
            for s in 0...total {
                if s <= observed { lower += p[s] }
                if s >= observed { upper += p[s] }
            }
            return (wPlus, min(1, 2 * min(lower, upper)))
        }
        // Normal approximation: mean n(n+1)/4, variance sum r_i^2 / 4 (ties included).
        let mean = Double(total) / 4
        let variance = doubled.reduce(0.0) { $0 + Double($1) * Double($1) } / 16
        let z = (Double(observed) / 2 - mean) / variance.squareRoot()
        return (wPlus, min(1, 2 * Special.normalCDF(-abs(z))))
    }

    /// Holm's step-down adjustment of a family of p-values (Holm 1979):
    /// sorted ascending, p_(i) becomes max over j <= i of min(1, (m - j + 1) p_(j)).
    /// Controls the family-wise error rate at any level, like Bonferroni, and
    /// rejects at least as much.
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }
}
