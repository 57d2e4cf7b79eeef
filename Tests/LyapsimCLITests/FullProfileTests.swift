import Foundation
import Testing

/// The committed full-profile tables (results/full/) took core-hours, so CI
/// cannot rebuild them; it rebuilds two of their rows instead. A row of T14
/// is reproduced by the `lyapsim train` command its notes give (the row's
/// task, width, depth, method, chosen learning rate and setting seed, 100
/// fresh runs of 2000 steps), and the row's cells must come out exactly as
/// committed: median loss with its interval, median / constant, the trained
/// and diverged fractions with their intervals, and the log gain. A change
/// to the trainer, the tasks or the initializations that moves a published
/// number fails here.
@Suite("Committed full-profile tables: two rows rebuilt cell for cell")
struct FullProfileTests {
    static let directory = ShellRunner.repository.appendingPathComponent("results/full")

    /// Splits one CSV line (fields may be quoted and contain commas).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { out.append(field); field = "" } else { field.append(ch) }
        }
        out.append(field)
        return out
    }

    static func g3(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "diverged" }
    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }

    @Test("T14 (100 runs per row, 2000 steps): the two cheapest rows' cells come back exactly from `lyapsim train`")
    func trainingRows() throws {
        let csv = try String(contentsOf: Self.directory.appendingPathComponent("T14-training.csv"), encoding: .utf8)
        let md = try String(contentsOf: Self.directory.appendingPathComponent("T14-training.md"), encoding: .utf8)
        #expect(csv.hasPrefix("# made by `lyapsim tables --profile full"))
        let lines = csv.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        let header = Self.fields(lines[0])
        let rows = lines.dropFirst().map(Self.fields)
        #expect(rows.count >= 40)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }
        let (task, n, l, initCol, lr) = (try column("task"), try column("N"), try column("L"), try column("init"), try column("lr"))
        let checked = ["median loss [95% CI]", "median / constant", "trained [95% CI]", "diverged [95% CI]", "log gain"]
        let cols = try checked.map(column)
        // The setting seeds, from the table's own notes.
        let seedText = try #require(md.range(of: "with the setting's seed S: ")).upperBound
        let seedLine = md[seedText...].prefix { $0 != "\n" }
        func seed(_ task: String, _ width: String) throws -> String {
            let key = "\(task) N = \(width): "
            let start = try #require(seedLine.range(of: key)).upperBound
            return String(seedLine[start...].prefix { $0.isNumber })
        }
        // Cheapest first: width x depth; two rows of different methods.
        let chosen = rows.sorted { Int($0[n])! * Int($0[l])! < Int($1[n])! * Int($1[l])! }
        var picked: [[String]] = []
        for row in chosen where !picked.contains(where: { $0[initCol] == row[initCol] }) && picked.count < 2 { picked.append(row) }
        for row in picked {
            let rate = row[lr].replacingOccurrences(of: "*", with: "")
            let args = ["train", "--task", row[task], "--width", row[n], "--depth", row[l], "--init", row[initCol],
                        "--lr", rate, "--steps", "2000", "--runs", "100", "--seed", try seed(row[task], row[n]), "--format", "json"]
            let outcome = try CLIRunner.run(args)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            func number(_ key: String) -> Double { (json[key] as? NSNumber)?.doubleValue ?? .nan }
            func pair(_ key: String) -> (Double, Double) {
                let a = (json[key] as? [NSNumber])?.map(\.doubleValue) ?? [.nan, .nan]
                return (a[0], a[1])
            }
            let loss = pair("median_final_loss_interval"), trained = pair("trained_fraction_interval")
            let diverged = pair("diverged_fraction_interval")
            let rebuilt = [
                "\(Self.g3(number("median_final_loss"))) [\(Self.g3(loss.0)), \(Self.g3(loss.1))]",
                Self.g3(number("median_relative_loss")),
                "\(Self.f2(number("trained_fraction"))) [\(Self.f2(trained.0)), \(Self.f2(trained.1))]",
                "\(Self.f2(number("diverged_fraction"))) [\(Self.f2(diverged.0)), \(Self.f2(diverged.1))]",
                String(format: "%.1f", number("median_initial_log_gain")),
            ]
            #expect(rebuilt == cols.map { row[$0] }, "\(args.joined(separator: " "))")
            // Power: the five cells single out this row among the table's rows.
            #expect(rows.filter { r in cols.map { r[$0] } == rebuilt }.count == 1)
        }
    }
}
