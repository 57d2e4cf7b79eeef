import ArgumentParser
import Foundation
import LyapsimRuns
import RandomNets
import RandomNetsTraining

@main
struct Lyapsim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "lyapsim",
        abstract: "Monte Carlo checks of the limit theorems for deep random Leaky ReLU networks, for any weight ensemble.",
        discussion: """
            Closed-form Lyapunov exponents and CLT variances (Kogler, Schwarz and Kittle, \
            "Optimal Initialization in Depth", arXiv 2602.10949) beside simulations of \
            x_l = phi(W_l x_{l-1}) with Gaussian or Haar-orthogonal weights.
            """,
        version: version,
        subcommands: [EstimateCommand.self, MergeCommand.self, SpectrumCommand.self, AnglesCommand.self, GradientsCommand.self, TrainCommand.self, TheoryCommand.self, InitCommand.self, CalibrateCommand.self, EnsemblesCommand.self, RngsCommand.self,
                      BenchCommand.self, TablesCommand.self, RegenerateCommand.self,
                      MeanFieldCommand.self, ProfileCommand.self])

    /// Parses and runs, turning every usage error into one line on stderr with
    /// exit status 64 (EX_USAGE), an output folder that cannot be written into
    /// 73 (EX_CANTCREAT), a missing data file 66 (EX_NOINPUT), a corrupt one
    /// 65 (EX_DATAERR), and every runtime failure into one line with 70.
    static func main() {
        do {
            try refuseSingleDashWords(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InvalidParameter {
            fail("--\(error)", status: ExitStatus.usage)
        } catch let error as OutputFolder.CannotCreate {
            fail("\(error)", status: ExitStatus.cannotCreate)
        } catch let error as AtomicFile.NotARegularFile {
            fail("cannot write output \(EscapedValue.path(error.path)): it is \(error.kind), not a regular file", status: ExitStatus.cannotCreate)
        } catch let error as Interrupted {
            fail("\(error)", status: error.exitStatus)
        } catch let error as DataFileError {
            fail(ParseMessage.oneLine(error.message), status: error.kind == .missing ? ExitStatus.noInput : ExitStatus.dataError)
        } catch let error as GSLError {
            fail("\(error)", status: ExitStatus.software)
        } catch let error as CocoaError {
            let path = error.userInfo[NSFilePathErrorKey].map { EscapedValue.path("\($0)") } ?? "a file"
            fail("cannot write output \(path): \(ParseMessage.oneLine(error.localizedDescription))", status: ExitStatus.cannotCreate)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit { exit(withError: error) }
            let message = ParseMessage.oneLine(fullMessage(for: error))
            fail(message, status: code == .validationFailure || error is ValidationError ? ExitStatus.usage : code.rawValue)
        }
    }

    /// `-width` is a misspelt `--width`, but ArgumentParser reads it as the
    /// short flags -w -i -d -t -h and prints help (exit 0) for the `h`.
    /// Every option of lyapsim is long, so a single dash followed by more than
    /// one letter is refused here; `-h` alone and negative numbers pass.
    static func refuseSingleDashWords(_ arguments: [String]) throws {
        for (index, argument) in arguments.enumerated() where argument.hasPrefix("-") && !argument.hasPrefix("--") {
            if argument == "-h" || Double(argument) != nil { continue }
            // `--shard -1/2` is a bad shard, for ShardSpec to name, not an option.
            if index > 0 && arguments[index - 1] == "--shard" { continue }
            throw ValidationError("\(EscapedValue.quote(argument)): unknown option; options are spelt with two dashes (--width, --slope, ...)")
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        // A last guard: a value some parser echoed raw (a newline, an ESC)
        // must not split the line or reach the terminal as a control code.
        FileHandle.standardError.write(Data("lyapsim: \(QuotedValue.escapeControls(message))\n".utf8))
        Foundation.exit(status)
    }
}

enum ExitStatus {
    /// sysexits.h EX_USAGE: the command was used incorrectly.
    static let usage: Int32 = 64
    /// sysexits.h EX_DATAERR: an input data file is corrupt (bad gzip, wrong
    /// magic number, truncated, wrong dimensions or counts, bad labels).
    static let dataError: Int32 = 65
    /// sysexits.h EX_NOINPUT: an input data file is missing or unreadable.
    static let noInput: Int32 = 66
    /// sysexits.h EX_SOFTWARE: an internal failure (a GSL routine failed).
    static let software: Int32 = 70
    /// sysexits.h EX_CANTCREAT: an output file or folder cannot be created.
    static let cannotCreate: Int32 = 73
}
