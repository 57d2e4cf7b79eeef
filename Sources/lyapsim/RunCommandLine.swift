import ArgumentParser
import Foundation

/// The command line a partial-result file keeps so that `merge` can parse it
/// again: the arguments after the subcommand's name, without the options that
/// cannot change a number. Those are read from the option groups' own
/// declarations (`RunOptions`, `SampleExportOptions`, plus `--threads` and `--format`), so a new
/// output-only option is dropped without a list kept by hand; any other new
/// option is kept, which errs on the safe side (the run's identity, not this
/// list, decides whether two files belong together).
enum RunCommandLine {
    /// Long names of the options that never change a number, with whether
    /// each takes a value.
    static let neutral: [String: Bool] = {
        var names: [String: Bool] = ["threads": true, "format": true]
        for group in [RunOptions.self, SampleExportOptions.self] as [any ParsableArguments.Type] {
            for (name, takesValue) in declaredOptions(group) { names[name] = takesValue }
        }
        return names
    }()

    /// The long names an option group declares, from ArgumentParser's own
    /// description of it (the JSON behind --experimental-dump-help).
    static func declaredOptions(_ type: any ParsableArguments.Type) -> [(String, Bool)] {
        guard let data = type._dumpHelp().data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let command = root["command"] as? [String: Any],
              let arguments = command["arguments"] as? [[String: Any]]
        else { return [] }
        var out: [(String, Bool)] = []
        for argument in arguments {
            let kind = argument["kind"] as? String
            for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                if let long = name["name"] as? String { out.append((long, kind == "option")) }
            }
        }
        return out
    }

    /// This process's arguments after `subcommand`, neutral options removed.
    static func current(subcommand: String) -> [String] {
        let all = Array(CommandLine.arguments.dropFirst())
        let start = all.firstIndex(of: subcommand).map { $0 + 1 } ?? 0
        return withoutNeutral(Array(all[start...]))
    }

    static func withoutNeutral(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.split(separator: "=", maxSplits: 1).first ?? "")
                if let takesValue = neutral[name] {
                    i += (takesValue && !body.contains("=")) ? 2 : 1
                    continue
                }
            }
            out.append(word)
            i += 1
        }
        return out
    }
}
