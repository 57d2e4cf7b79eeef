import ArgumentParser
import LyapsimRuns
import RandomNets

/// Options for long and large runs, shared by every command whose work is
/// per-sample or per-run records (`RecordedCommand`): shards, partial-result
/// files, checkpoints and progress. None of them changes a number of the output.
struct RunOptions: ParsableArguments {
    // `.unconditional`: `--shard -1/2` is a (bad) value, not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Run only shard K of N (K from 0 to N-1): a contiguous 1/N of the sample indices. Needs --save; `lyapsim merge` joins the shards.",
                               valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Write this run's per-sample results (all bits) to a partial-result file for `lyapsim merge`.",
                               valueName: "file"))
    var save: String?

    @Option(help: ArgumentHelp("Save finished samples here every few seconds and on SIGINT/SIGTERM (then exit 130/143); the same command resumes from it.",
                               valueName: "file"))
    var checkpoint: String?

    @Flag(help: "No progress line on the terminal.")
    var quiet = false

    func validate() throws {
        try CLIError.usage {
            if let shard {
                _ = try ShardSpec(parsing: shard)
                guard save != nil else {
                    throw InvalidParameter(parameter: "shard", "needs --save FILE to keep the shard's samples for `lyapsim merge`")
                }
            }
        }
        try OutputFile.validate(save, flag: "--save")
        try OutputFile.validate(checkpoint, flag: "--checkpoint")
    }

    var shardSpec: ShardSpec { shard.flatMap { try? ShardSpec(parsing: $0) } ?? .whole }

    /// The part of `config` this process simulates (a shard's samples only),
    /// so the memory and size guards apply per shard: a run too big for one
    /// machine is possible as many shards.
    func share(_ config: SimulationConfig) -> SimulationConfig {
        config.part(shardSpec.range(samples: config.samples))
    }

    /// File-system checks before any computing (exit 73).
    func checkOutputs() throws {
        try OutputFile.check(save, flag: "--save")
        try OutputFile.check(checkpoint, flag: "--checkpoint")
    }
}

/// Where `estimate` (and `merge` of its shards) writes every sample's S_L or
/// S_1..S_L. Output only: never changes a number.
struct SampleExportOptions: ParsableArguments {
    @Option(name: .customLong("save-samples"),
            help: ArgumentHelp("Write S_L of every sample (-inf if the network died) to FILE.npy (NumPy, float64) or FILE.csv.",
                               valueName: "file"))
    var saveSamples: String?

    @Option(name: .customLong("save-trajectories"),
            help: ArgumentHelp("Write S_1..S_L of every sample as an M x L array to FILE.npy or FILE.csv (keeps M x L doubles in memory).",
                               valueName: "file"))
    var saveTrajectories: String?

    func validate() throws {
        try CLIError.usage {
            if let saveSamples, !saveSamples.isEmpty { _ = try SampleExport.kind(of: saveSamples, option: "save-samples") }
            if let saveTrajectories, !saveTrajectories.isEmpty {
                _ = try SampleExport.kind(of: saveTrajectories, option: "save-trajectories")
            }
        }
        try OutputFile.validate(saveSamples, flag: "--save-samples")
        try OutputFile.validate(saveTrajectories, flag: "--save-trajectories")
    }

    func checkOutputs() throws {
        try OutputFile.checkDistinct([("--save-samples", saveSamples), ("--save-trajectories", saveTrajectories)])
        try OutputFile.check(saveSamples, flag: "--save-samples")
        try OutputFile.check(saveTrajectories, flag: "--save-trajectories")
    }
}
