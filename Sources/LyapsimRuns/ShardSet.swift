/// Checks that partial-result files are the pieces of one run and joins them
/// in index order. Every refusal is one line naming what differs or what is
/// missing; nothing is re-derived, the rows are only concatenated.
public enum ShardSet {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// `files`: (path, contents). Returns the whole run's rows, 0..<M.
    public static func join(_ files: [(path: String, result: PartialResult)]) throws -> (PartialResult, SampleBlock) {
        guard let (firstPath, first) = files.first else { throw Refusal(description: "give at least one partial-result file") }
        for (path, other) in files.dropFirst() {
            if let what = difference(first, other) {
                throw Refusal(description: "\(path) is not from the same run as \(firstPath): \(what)")
            }
        }
        for (path, file) in files where !file.isComplete {
            throw Refusal(description: "\(path) is incomplete: \(file.block.count) of the \(file.range.count) samples of \(file.range.lowerBound)..<\(file.range.upperBound) (an interrupted checkpoint? rerun its command to finish it)")
        }
        let sorted = files.sorted { $0.result.range.lowerBound < $1.result.range.lowerBound }
        var next = 0
        var previous = ""
        var block = SampleBlock(columns: first.block.columns, first: 0)
        for (path, file) in sorted {
            let r = file.range
            if r.lowerBound < next {
                throw Refusal(description: "\(path) and \(previous) overlap on samples \(r.lowerBound)..<\(min(next, r.upperBound))")
            }
            if r.lowerBound > next {
                throw Refusal(description: "samples \(next)..<\(r.lowerBound) of 0..<\(first.samples) are in no file given (a shard is missing)")
            }
            block.append(file.block)
            next = r.upperBound
            previous = path
        }
        if next < first.samples {
            throw Refusal(description: "samples \(next)..<\(first.samples) of 0..<\(first.samples) are in no file given (a shard is missing)")
        }
        return (first, block)
    }

    /// The first identity field in which two files differ, said so a user can
    /// act on it: for a different run, the option and both values where the
    /// command lines show it. Command lines that differ only in spelling
    /// (`--sigma 1` and `--sigma 1.0`, another --threads) are one run.
    public static func difference(_ a: PartialResult, _ b: PartialResult) -> String? {
        for ((key, va), (_, vb)) in zip(a.identity, b.identity) where va != vb {
            if key == "run" {
                let pa = options(a.arguments), pb = options(b.arguments)
                for key in (pa.map(\.0) + pb.map(\.0)) {
                    let va = pa.first { $0.0 == key }?.1, vb = pb.first { $0.0 == key }?.1
                    if va != vb { return "\(key) \(va ?? "(not given)") vs \(vb ?? "(not given)")" }
                }
                return "run identity \(va) vs \(vb), command lines \(PartialResult.encode(a.arguments)) vs \(PartialResult.encode(b.arguments))"
            }
            return "\(key) \(va) vs \(vb)"
        }
        return nil
    }

    /// "--name value" pairs (a flag without value pairs with "").
    static func options(_ arguments: [String]) -> [(String, String)] {
        var out: [(String, String)] = []
        var i = 0
        while i < arguments.count {
            let key = arguments[i]
            if i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") {
                out.append((key, arguments[i + 1]))
                i += 2
            } else {
                out.append((key, ""))
                i += 1
            }
        }
        return out
    }
}
