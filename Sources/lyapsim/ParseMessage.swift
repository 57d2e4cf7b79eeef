import ArgumentParser
import Foundation
import LyapsimReports
import RandomNets
import RandomNetsTraining

/// ArgumentParser's parse errors rewritten as one line that names the flag,
/// shows the value escaped and states the allowed range.
enum ParseMessage {
    /// What each numeric or enumerated flag accepts.
    static let ranges: [String: String] = [
        "--width": "an integer from 1 to \(Validate.maxWidth)",
        "--depth": "an integer from 1 to \(Validate.maxDepth)",
        "--samples": "an integer from 2 to \(Validate.maxSamples)",
        "--seed": "an integer from 0 to 18446744073709551615",
        "--threads": "an integer from 1 to 1024",
        "--repeats": "an integer from 1 to 100",
        "--burn-in": "an integer from 0 to depth - 1",
        "--slope": "0 or a real number with 1e-300 <= |a| <= 1e300",
        "--sigma": "a number from 1e-300 to 1e100",
        "--dof": "a number above 2 and at most 1e6",
        "--density": "a number from 1e-9 to 1",
        "--exponents": "an integer from 1 to the width",
        "--replications": "an integer from 2 to \(Calibration.maxReplications)",
        "--inputs": "an integer from 1 to \(ActivationProfile.maxInputs)",
        "--angle": "a number from 0 to pi = 3.14159...",
        "--residual": DenseLayer.residualRule,
        "--noise": DiagonalNoiseEnsemble.noiseRule,
        "--beta": ScaledTanh.betaRule,
        "--lr": OptimizerSettings.learningRateRule,
        "--weight-decay": OptimizerSettings.weightDecayRule,
        "--clip": TrainingConfig.clipRule,
        "--steps": "an integer from 1 to \(TrainingConfig.maxSteps)",
        "--batch": "an integer from 1 to \(TrainingConfig.maxBatch)",
        "--train-size": trainSizeRule,
        "--runs": "an integer from 1 to \(TrainCommand.maxRuns)",
        "--part": "an integer from 0 to the table's part count - 1, as tables --list --only ID lists them",
        "--bias-sigma": Validate.biasSigmaRule,
        "--target-depth": "an integer from 1 to \(InitCommand.maxTargetDepth)",
        // Enumerated options: the names the parser or a registry accepts.
        "--format": oneOf(OutputFormat.allValueStrings),
        "--method": oneOf(SamplingMethod.allValueStrings),
        "--init": oneOf(Initialization.allValueStrings),
        "--profile": oneOf(TableProfile.allValueStrings),
        "--optimizer": oneOf(OptimizerKind.allValueStrings),
        "--activation": oneOf(ActivationRegistry.names),
        "--ensemble": oneOf(EnsembleRegistry.names),
        "--preset": oneOf(InitializerPreset.names),
        "--rng": oneOf(RandomGenerator.acceptedNames),
        "--task": oneOf(TaskRegistry.names),
        "--only": oneOf(TableSet.ids),
    ]

    /// "one of a, b, c".
    static func oneOf(_ names: [String]) -> String { "one of " + names.joined(separator: ", ") }

    /// The training-set sizes per task, the most common range last as "the
    /// other tasks".
    static var trainSizeRule: String {
        let ranges = TaskRegistry.all.map { ($0.name, $0.trainingSizes) }
        let common = Dictionary(grouping: ranges, by: \.1).max { $0.value.count < $1.value.count }!.key
        let special = ranges.filter { $0.1 != common }.map { "\($0.1.lowerBound) to \($0.1.upperBound) for \($0.0)" }
        return "an integer from " + (special + ["\(common.lowerBound) to \(common.upperBound) for the other tasks"]).joined(separator: ", ")
    }

    /// Where a command's range differs from the shared one above: the
    /// command's own limits, from the constants its checks use.
    static let commandRanges: [String: [String: String]] = [
        ProfileCommand.configuration.commandName!: [
            "--depth": "an integer from 1 to \(ProfileCommand.maxDepth)",
            "--samples": "an integer from 2 to \(ProfileCommand.maxSamples)",
            "--sigma": "a number from 1e-300 to \(MeanField.maxSigmaText)",
        ],
        MeanFieldCommand.configuration.commandName!: ["--sigma": "a number from 1e-300 to \(MeanField.maxSigmaText)"],
        TrainCommand.configuration.commandName!: [
            "--depth": "an integer from 1 to \(MLPShape.maxDepth)",
            "--batch": "an integer from 1 to \(TrainCommand.maxBatch), at most the training set's size (--train-size)",
            "--init": "one of \(HiddenInitialization.names.joined(separator: ", "))",
        ],
    ]

    /// The log-norm commands take only positively homogeneous activations,
    /// and calibrate only ensembles with a closed form.
    static var logNormRanges: [String: [String: String]] {
        let commands: [any ParsableCommand.Type] = [EstimateCommand.self, TheoryCommand.self, SpectrumCommand.self,
                                                    CalibrateCommand.self, AnglesCommand.self, GradientsCommand.self,
                                                    BenchCommand.self]
        var ranges: [String: [String: String]] = [:]
        for command in commands {
            ranges[command.configuration.commandName!] = ["--activation": oneOf(NetworkOptions.homogeneousActivations)]
        }
        ranges[CalibrateCommand.configuration.commandName!]!["--ensemble"] =
            "gaussian or orthogonal (at width 1 also an entrywise law: the ensembles with a closed form)"
        return ranges
    }

    /// The range `flag` accepts in the command being run (the first word of
    /// the command line that is not an option).
    static func range(of flag: String) -> String? {
        let command = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("-") }
        return command.flatMap { commandRanges[$0]?[flag] ?? logNormRanges[$0]?[flag] } ?? ranges[flag]
    }

    static func oneLine(_ message: String) -> String {
        let text = message.replacingOccurrences(of: "Error: ", with: "")
        // "The value 'X' is invalid for '--flag <x>'" (X may hold newlines).
        if let match = text.range(of: #"^The value '([\s\S]*)' is invalid for '(--[A-Za-z0-9-]+)"#,
                                  options: [.regularExpression]) {
            let body = String(text[match])
            if let flagStart = body.range(of: "' is invalid for '", options: .backwards) {
                let value = String(body[body.index(body.startIndex, offsetBy: 11)..<flagStart.lowerBound])
                let flag = String(body[flagStart.upperBound...])
                // An enumerated option without an entry: the parser's own list
                // ("Please provide one of 'sgd' and 'adamw'.").
                let choices = text.range(of: #"Please provide one of [^\n]*"#, options: .regularExpression).map {
                    "one of " + text[$0].dropFirst("Please provide one of ".count)
                        .replacingOccurrences(of: "'", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "."))
                }
                let range = (range(of: flag) ?? choices).map { "; must be \($0)" } ?? ""
                return "\(flag): invalid value \(EscapedValue.quote(value))\(range)"
            }
        }
        if let match = text.range(of: #"'(--[A-Za-z0-9-]+) <"#, options: .regularExpression),
           text.hasPrefix("Missing") {
            let flag = String(text[match].dropFirst().dropLast(2))
            let range = range(of: flag).map { " (\($0))" } ?? ""
            return "\(flag): missing value\(range)"
        }
        let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        return first
    }
}
