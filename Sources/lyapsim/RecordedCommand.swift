import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns

/// What a recorded run needs from its command once the options are resolved:
/// how to compute any contiguous range of records, and how to render the
/// whole run's records. Compute and rendering meet only through the
/// `SampleBlock`, so a plain run, a resumed checkpoint and `merge` of shards
/// print from the same rows and hence the same bytes.
struct RecordPlan {
    /// Derived from every resolved value the computation consumes (the
    /// command adds the record count, see `RecordedCommand.identity(of:)`).
    let identity: RunIdentity
    let columns: [SampleBlock.Column]
    /// Worker threads; a chunk of fewer records would leave some idle.
    let threads: Int
    /// Records for indices `range` of the whole run (record i depends only on
    /// the seed and i, never on the range it is computed in).
    let compute: (Range<Int>) throws -> SampleBlock
    /// Side files written from the records (a shard writes its own part).
    var export: (SampleBlock) throws -> Void = { _ in }
    /// Prints the report from the whole run's records, 0..<count in order.
    let render: (SampleBlock, OutputFormat) throws -> Void
}

/// A command whose work is independent records (networks, replications,
/// training runs), so it can be sharded (`--shard K/N --save FILE`, then
/// `lyapsim merge`), checkpointed and resumed (`--checkpoint FILE`) and show
/// progress on a terminal. A command conforms by resolving its options into
/// a `RecordPlan` and is registered once, in `RecordedCommands.all`.
protocol RecordedCommand: ParsableCommand {
    var longRun: RunOptions { get }
    var format: OutputFormat { get }
    /// Records in the whole run.
    var recordCount: Int { get }
    /// What one record is, for progress and messages ("samples", "runs").
    static var recordUnit: String { get }
    /// Takes `merge`'s sample-export paths; commands without per-sample
    /// exports refuse them.
    mutating func adoptExports(_ exports: SampleExportOptions) throws
    /// Side files the run writes besides --save and --checkpoint (estimate's
    /// sample exports), with their flags: removed, like those, when the run
    /// fails, and never the same file as another output.
    var sideOutputs: [(flag: String, path: String?)] { get }
    /// Resolves the options (may run a pilot). `merged`: the columns of the
    /// files `merge` joins (nil for a run that computes): merge computes
    /// nothing, so the guards on this process's share of the work are
    /// skipped, and a command whose columns follow an output-only option
    /// (estimate's --save-trajectories) takes them from the files.
    func recordPlan(merged: [SampleBlock.Column]?) throws -> RecordPlan
}

extension RecordedCommand {
    static var recordUnit: String { "samples" }
    var sideOutputs: [(flag: String, path: String?)] { [] }
    static var name: String { configuration.commandName! }

    mutating func adoptExports(_ exports: SampleExportOptions) throws {
        if exports.saveSamples != nil || exports.saveTrajectories != nil {
            throw ValidationError("--save-samples: `lyapsim \(Self.name)` has no per-sample S_L to export; only estimate's shards do")
        }
    }

    /// The indices this process computes: one shard's, or all.
    var recordRange: Range<Int> { longRun.shardSpec.range(samples: recordCount) }

    /// The run: this process's records (resumed from a checkpoint of the same
    /// run if there is one), saved if asked, then the report or, for a
    /// shard, a one-line note.
    func runRecorded() throws {
        try OutputFile.checkDistinct([("--save", longRun.save), ("--checkpoint", longRun.checkpoint)] + sideOutputs)
        try longRun.checkOutputs()
        // A run that fails leaves no file it created (a resumed checkpoint
        // that existed before stays; an interrupted run keeps its checkpoint).
        let created = ([longRun.checkpoint, longRun.save].compactMap { $0 } + sideOutputs.compactMap(\.path))
            .filter { !FileManager.default.fileExists(atPath: $0) }
        // The folders a write would create on the way (deepest first), removed again if left empty.
        let createdFolders = created.flatMap { path -> [String] in
            var folders: [String] = []
            var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
                folders.append(folder.path)
                folder = folder.deletingLastPathComponent()
            }
            return folders
        }
        do {
            let plan = try recordPlan(merged: nil)
            let block = try computeRecords(plan)
            try plan.export(block)
            guard longRun.shardSpec == .whole else { return printShardNote() }
            try plan.render(block, format)
        } catch let error where !(error is Interrupted) {
            // After a failure to write (a full disk, a folder removed), a
            // checkpoint that holds finished records is the work done: it is
            // kept, and the same command resumes from it. Any other failure
            // would recur on resuming (the records are deterministic), so
            // nothing is left behind.
            let keep = error is CocoaError
            for path in created {
                if keep, path == longRun.checkpoint, ((try? PartialResult.read(path: path))?.block.count ?? 0) > 0 { continue }
                try? FileManager.default.removeItem(atPath: path)
            }
            for folder in createdFolders.sorted(by: { $0.count > $1.count }) { _ = rmdir(folder) }   // keeps any not empty
            throw error
        }
    }

    /// What a shard prints instead of the report (the report needs every
    /// record): which records it ran and where they are, in --format.
    func printShardNote() {
        let range = recordRange, saved = longRun.save ?? ""
        switch format {
        case .text:
            print("lyapsim \(Self.name): shard \(longRun.shardSpec) ran \(Self.recordUnit) \(range.lowerBound)..<\(range.upperBound) of \(recordCount); saved to \(saved)")
        case .json:
            print(JSONValue.object([("command", .string(Self.name)), ("shard", .string("\(longRun.shardSpec)")),
                                    ("unit", .string(Self.recordUnit)), ("first", .integer(range.lowerBound)),
                                    ("end", .integer(range.upperBound)), ("total", .integer(recordCount)),
                                    ("saved", .string(saved))]).rendered())
        case .csv:
            print("command,shard,unit,first,end,total,saved\n\(Self.name),\(longRun.shardSpec),\(Self.recordUnit),\(range.lowerBound),\(range.upperBound),\(recordCount),\(NumberFormat.csvField(saved))")
        }
    }


    /// The run's identity: the plan's, with the number of records (the
    /// summary of 13 replications is another run than that of 14, even if
    /// no value inside a record changes).
    func identity(of plan: RecordPlan) -> RunIdentity {
        RunIdentity(command: Self.name, startingFrom: nil, plan.identity.canonical, recordCount)
    }

    func partial(_ plan: RecordPlan, _ block: SampleBlock) -> PartialResult {
        PartialResult(lyapsimVersion: Lyapsim.version, command: Self.name, run: identity(of: plan),
                      arguments: RunCommandLine.current(subcommand: Self.name),
                      samples: recordCount, range: recordRange, block: block)
    }

    func computeRecords(_ plan: RecordPlan) throws -> SampleBlock {
        let range = recordRange
        var resumed = SampleBlock(columns: plan.columns, first: range.lowerBound)
        if let path = longRun.checkpoint, FileManager.default.fileExists(atPath: path) {
            resumed = try Checkpoint.resume(path: path, expected: partial(plan, resumed))
        }
        var runner = ChunkedRun(range: range, minimumChunk: plan.threads)
        runner.progress = ProgressReporter(label: Self.name, total: range.count, unit: Self.recordUnit, quiet: longRun.quiet)
        runner.stop = StopRequest(catchSignals: longRun.checkpoint != nil)
        runner.unit = Self.recordUnit
        if let path = longRun.checkpoint {
            runner.checkpointPath = path
            runner.checkpoint = { block in try partial(plan, block).write(path: path) }
            try partial(plan, resumed).write(path: path)  // a bad path fails now, not after hours
        }
        let block = try runner.run(resumed: resumed, plan.compute)
        if let save = longRun.save { try partial(plan, block).write(path: save) }
        return block
    }
}

/// The commands `merge` joins: one registration line per recorded command.
enum RecordedCommands {
    static let all: [any RecordedCommand.Type] = [
        EstimateCommand.self, SpectrumCommand.self, GradientsCommand.self, AnglesCommand.self, CalibrateCommand.self,
        ProfileCommand.self, TrainCommand.self,
    ]

    /// Their names, for help texts.
    static var names: String {
        var names: [String] = []
        for type in all { names.append(type.name) }
        return names.joined(separator: ", ")
    }

    /// Renders the merged records of a run of `type` from its stored command
    /// line, after checking that the line still describes the same run.
    static func render<C: RecordedCommand>(_ type: C.Type, arguments: [String], identity: RunIdentity, block: SampleBlock,
                                           path: String, merge: MergeCommand) throws {
        var command: C
        // Parsed as one shard of one record on merge's thread count, so the
        // checks of a process's share (memory, random numbers) pass for a run
        // that was only ever possible as shards; the report renders the whole.
        let share = ["--shard", "0/\(max(1, block.count))", "--save", "/dev/null", "--threads", String(merge.threads)]
        do { command = try C.parse(arguments + share) } catch {
            throw ValidationError("<file>: \(path): its command line no longer parses (\(ParseMessage.oneLine(C.fullMessage(for: error))))")
        }
        try command.adoptExports(merge.exports)
        let plan = try command.recordPlan(merged: block.columns)
        guard command.identity(of: plan) == identity else {
            throw ValidationError("<file>: \(path): its command line now describes another run (identity \(command.identity(of: plan)) vs \(identity)); merge with the lyapsim that ran the shards")
        }
        guard plan.columns == block.columns else {
            throw ValidationError("<file>: \(path): its columns do not match what \(C.name) records for this command line")
        }
        try plan.export(block)
        try plan.render(block, merge.format)
    }
}
