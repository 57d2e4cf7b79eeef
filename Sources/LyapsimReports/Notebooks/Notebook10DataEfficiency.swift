import Foundation

/// Notebook 10's data-efficiency section: does a challenger's edge over He,
/// orthogonal and LSUV grow as the training set shrinks? Lee, Choi and Kim
/// claim strong data efficiency for diagonal-plus-noise in tanh networks; the
/// Lyapunov claims are about depth; the same view looks at both.
enum Notebook10DataEfficiency {
    typealias Row = (row: [String], v: [String: Double])

    /// The section's Markdown, or "" when no setting (activation, N, L) of
    /// the table has more than one training-set size (the quick profile).
    static func section(rows: [Row], trainSizes: [Int], challengers: [String: [String]], baselines: [String],
                        trainedAccuracy: Double) -> String {
        struct Group: Equatable { let activation: String, width: Int, depth: Int }
        func group(_ r: Row) -> Group { Group(activation: r.row[0], width: Int(r.v["N"]!), depth: Int(r.v["L"]!)) }
        var groups: [Group] = []
        for r in rows where !groups.contains(group(r)) { groups.append(group(r)) }
        groups = groups.filter { g in Set(rows.filter { group($0) == g }.map { $0.v["K"]! }).count > 1 }
        guard !groups.isEmpty else { return "" }

        let smallest = trainSizes.first!, largest = trainSizes.last!
        var table = "| activation | N | L | method | " + trainSizes.map { "K = \($0)" }.joined(separator: " | ")
            + " | K = \(smallest) / K = \(largest) |\n| --- | --- | --- | --- | " + trainSizes.map { _ in "---" }.joined(separator: " | ") + " | --- |\n"
        for g in groups {
            let mine = rows.filter { group($0) == g }
            let shown = baselines + (challengers[g.activation] ?? [])
            for method in shown {
                let byK = trainSizes.map { k in mine.first { $0.row[4] == method && $0.v["K"] == Double(k) }?.v["accuracy"] }
                guard byK.contains(where: { $0 != nil }) else { continue }
                // Only where the full set trains (median >= the trained threshold):
                // a ratio to chance accuracy says nothing about data.
                let ratio = byK.first!.flatMap { a in byK.last!.flatMap { b in b >= trainedAccuracy ? Cell.fixed(a / b, 2) : nil } } ?? ""
                table += "| \(g.activation) | \(g.width) | \(g.depth) | \(method) | "
                    + byK.map { $0.map { Cell.fixed($0, 3) } ?? "" }.joined(separator: " | ") + " | \(ratio) |\n"
            }
        }

        let names = Cell.prose(baselines)
        // Per challenger and K: the settings where it beat all three baselines
        // at once, and where it lost to at least one.
        var lines: [String] = []
        let challengerNames = challengers.values.flatMap { $0 }.sorted()
        for k in trainSizes {
            let atK = rows.filter { $0.v["K"] == Double(k) && $0.v["challenger"] == 1 && groups.contains(group($0)) }
            let counts = challengerNames.compactMap { name -> String? in
                let tested = atK.filter { $0.row[4] == name }
                guard !tested.isEmpty else { return nil }
                let beatAll = tested.filter { r in baselines.allSatisfy { T16Verdict(r.v, baseline: $0) == .favours } }.count
                let lostOne = tested.filter { r in baselines.contains { T16Verdict(r.v, baseline: $0) == .against } }.count
                return "\(name) beat every baseline in \(beatAll) of \(tested.count), lost to at least one in \(lostOne)"
            }
            if !counts.isEmpty { lines.append("- K = \(k): " + counts.joined(separator: "; ")) }
        }

        return """
        **Data efficiency.** Lee, Choi and Kim claim that diagonal-plus-noise trains tanh networks with \
        strong data efficiency; the Lyapunov claims are about depth. A method that needs less data keeps \
        more of its accuracy as K shrinks and beats the baselines most clearly at the smallest K. Median \
        test accuracy by training-set size of the baselines (\(names)) and the challengers, for the \
        settings (activation, N, L) computed at more than one K, and the ratio of the smallest K's median to the full set's where the full set's median trains \
        (at least \(Cell.fixed(trainedAccuracy, 1))):

        \(table)
        Among the settings of this table, those where a challenger beat \(names) at once, and those where \
        it lost to at least one of them (Holm-adjusted Wilcoxon p < 0.05, the same tests as above), by K:

        \(lines.joined(separator: "\n"))


        """
    }
}
