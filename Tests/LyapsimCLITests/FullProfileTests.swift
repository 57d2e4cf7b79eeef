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

    /// T16's full profile is built in parts (one per setting, `tables --only
    /// T16 --part K`), and the committed table holds the settings computed so
    /// far. Its parts are committed with every bit, so the table must render
    /// from them byte for byte, and runs 0 and 1 of two rows of the cheapest
    /// setting (runs are independent functions of the seed and the run index)
    /// must come back from `lyapsim train` with the same bits.
    @Test("T16 (30 runs per row, 3000 steps, the settings computed so far): the table renders from its parts byte for byte, and runs 0 and 1 of two rows come back bit for bit from `lyapsim train`")
    func fashionMNISTRows() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasPrefix("T16.part-") && $0.hasSuffix(".record") }
        try #require(!names.isEmpty, "no T16 parts in results/full")
        let out = try ShellRunner.scratch()
        let rendered = try CLIRunner.run(["tables", "--profile", "full", "--only", "T16", "--tables-from", Self.directory.path,
                                          "--partial", "--out", out.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        for file in ["T16-fashion-mnist.md", "T16-fashion-mnist.csv"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == Data(contentsOf: Self.directory.appendingPathComponent(file)), "\(file)")
        }
        // The cheapest setting saved (smallest N x L, then the smallest K).
        func part(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let parts = try names.map { try #require(part($0)["payload"] as? [String: Any]) }
        // Ties (ReLU and Leaky ReLU at the same N, L, K) go to the lower part index, whatever the directory order.
        let indices = try names.map { try #require(part($0)["part"] as? Int) }
        func cost(_ i: Int) -> [Int] {
            [(parts[i]["width"] as! Int) * (parts[i]["depth"] as! Int), parts[i]["trainSize"] as! Int, indices[i]]
        }
        let setting = parts[try #require(parts.indices.min { cost($0).lexicographicallyPrecedes(cost($1)) })]
        let activation = setting["activation"] as! String, width = setting["width"] as! Int
        let depth = setting["depth"] as! Int, trainSize = setting["trainSize"] as! Int
        let md = try String(contentsOf: Self.directory.appendingPathComponent("T16-fashion-mnist.md"), encoding: .utf8)
        // The setting's seed in the notes' list, after ": " (the first) or ", " (not inside "leaky-relu").
        let key = "\(activation) N = \(width) L = \(depth) K = \(trainSize): "
        let seedStart = try #require(md.range(of: ": " + key) ?? md.range(of: ", " + key)).upperBound
        let seed = String(md[seedStart...].prefix { $0.isNumber })
        func double(_ hex: String) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }
        let methods = try #require(setting["methods"] as? [[String: Any]])
        let picked = methods.filter { ["he", "lyapunov", "relu-orthogonal", "orthogonal"].contains($0["name"] as! String) }.prefix(2)
        try #require(picked.count == 2)
        var finals: [Double] = []
        for method in picked {
            let name = method["name"] as! String
            let rate = double(method["chosenRate"] as! String)
            let args = ["train", "--task", "fashion-mnist", "--activation", activation, "--width", String(width),
                        "--depth", String(depth), "--train-size", String(trainSize), "--init", name, "--lr", "\(rate)",
                        "--steps", "3000", "--runs", "2", "--seed", seed, "--format", "json"]
            let outcome = try CLIRunner.run(args)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            // The numbers are read from the JSON text with Swift's correctly
            // rounded Double(String) (the printed shortest form round-trips).
            let runs = outcome.stdout.components(separatedBy: "\"seed_index\":").dropFirst()
            try #require(runs.count == 2, "\(outcome.stdout.prefix(300))")
            func field(_ run: String, _ key: String) -> Double {
                guard let start = run.range(of: "\"\(key)\": ")?.upperBound else { return .nan }
                return Double(run[start...].prefix { !",\n}".contains($0) }) ?? .nan
            }
            let saved = try #require(method["runs"] as? [[String]])
            for (r, run) in runs.enumerated() {
                // Record layout: run index, final loss, diverged, step, baseline, log gain, candidate, accuracy.
                let record = saved[r].map(double)
                let rebuilt = ["final_loss": 1, "initial_log_gain": 5, "accuracy": 7].map { key, slot in
                    field(run, key).bitPattern == record[slot].bitPattern
                }
                #expect(rebuilt.allSatisfy { $0 }, "\(args.joined(separator: " ")), run \(r)")
                finals.append(record[1])
            }
        }
        // Power: the four runs are four different networks.
        #expect(Set(finals.map(\.bitPattern)).count == 4)
    }
}
