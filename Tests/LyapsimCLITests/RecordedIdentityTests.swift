import Foundation
import Testing

/// The identity check of `RunIdentityTests`, for every other recorded command:
/// each option the command declares (read from its --experimental-dump-help)
/// either changes the run's identity when changed, cannot change a number
/// (the same identity), or is refused by this command with exit 64. An
/// option not classified here fails the test, so a new option of any
/// recorded command must be classified before it can land.
@Suite("CLI: the identity of spectrum, gradients, angles, calibrate, profile and train runs covers every option")
struct RecordedIdentityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let command: String
        let base: [String]
        /// Option -> (a run, the same run with only that option changed).
        let changing: [String: ([String], [String])]
        /// Declared (shared option groups) but refused by this command: the
        /// arguments, and the flag the one-line refusal names.
        let refused: [String: ([String], String)]
        var testDescription: String { command }
    }

    /// Options that never change a number, for every command.
    static let neutral: [String: [String]] = [
        "threads": ["--threads", "2"], "quiet": ["--quiet"], "format": ["--format", "json"],
        "checkpoint": ["--checkpoint", "CHECKPOINT"],
    ]
    static let recording: Set<String> = ["shard", "save"]

    /// The network and simulation options the Monte Carlo commands share
    /// with estimate, appended with a command's own extra arguments.
    static func shared(_ extra: [String], except: Set<String> = []) -> [String: ([String], [String])] {
        var out: [String: ([String], [String])] = [:]
        for (name, pair) in RunIdentityTests.changing where !except.contains(name) {
            out[name] = (pair.before + extra, pair.after + extra)
        }
        return out
    }

    /// (The base names --width, which a layer list replaces: the refusal names --width.)
    static let notSquare: [String: ([String], String)] = [
        "widths": (["--widths", "4,5,3"], "width"), "arch": (["--arch", "ARCH1"], "width"),
        "residual": (["--residual", "0.3"], "residual"), "burn-in": (["--burn-in", "1"], "burn-in"),
    ]
    static let squareOnly: Set<String> = ["widths", "arch", "residual", "save-trajectories", "burn-in"]

    static let cases: [Case] = {
        let b = RunIdentityTests.base
        // The QR method needs an invertible Jacobian: Leaky ReLU with a != 0 only.
        let qrOnly: [String: ([String], String)] = ["activation": (["--activation", "relu"], "slope")]
        var spectrum = shared([], except: squareOnly.union(["activation"]))
        spectrum["exponents"] = (b + ["--exponents", "2"], b + ["--exponents", "3"])
        spectrum["bias-sigma"] = (b + ["--bias-sigma", "0.3"], b + ["--bias-sigma", "0.4"])
        var gradients = shared([], except: squareOnly.union(["method", "activation"]))
        var angles = shared([], except: squareOnly)
        angles["angle"] = (b, b + ["--angle", "0.5"])
        let c = ["--replications", "3"]
        var calibrate = shared(c, except: squareOnly.union(["ensemble", "dof", "density", "noise", "parameter", "activation"]))
        // Laws without a closed form are refused: calibrate judges against one.
        var calibrateRefused = notSquare
        for (name, law) in [("dof", ["student-t", "--dof", "5"]), ("density", ["sparse", "--density", "0.5"]),
                            ("noise", ["diagonal-noise", "--noise", "0.3"]),
                            ("parameter", ["sparse", "--parameter", "density=0.5"])] {
            calibrateRefused[name] = (["--ensemble"] + law, "ensemble")
        }
        calibrate["replications"] = (b + c, b + ["--replications", "4"])
        // Closed forms only (gaussian or orthogonal, leaky-relu): another law of each.
        calibrate["ensemble"] = (b + c, b + c + ["--ensemble", "orthogonal"])
        calibrate["activation"] = (b + c, ["--width", "4", "--activation", "relu", "--depth", "6", "--samples", "4"] + c)
        let p0 = ["--width", "4", "--depth", "5", "--samples", "4"], p = p0 + ["--slope", "0.1"]
        let profile: [String: ([String], [String])] = [
            "width": (p, p + ["--width", "5"]),
            "depth": (p, p + ["--depth", "6"]), "samples": (p, p + ["--samples", "5"]),
            "activation": (p, p0 + ["--activation", "tanh"]), "slope": (p, p + ["--slope", "0.2"]),
            "beta": (p0 + ["--activation", "scaled-tanh", "--beta", "1.5"], p0 + ["--activation", "scaled-tanh", "--beta", "2"]),
            "ensemble": (p, p + ["--ensemble", "orthogonal"]),
            "dof": (p + ["--ensemble", "student-t", "--dof", "5"], p + ["--ensemble", "student-t", "--dof", "6"]),
            "density": (p + ["--ensemble", "sparse", "--density", "0.5"], p + ["--ensemble", "sparse", "--density", "0.6"]),
            "noise": (p + ["--ensemble", "diagonal-noise", "--noise", "0.3"], p + ["--ensemble", "diagonal-noise", "--noise", "0.4"]),
            "parameter": (p + ["--ensemble", "sparse", "--parameter", "density=0.5"], p + ["--ensemble", "sparse", "--parameter", "density=0.6"]),
            "sigma": (p, p + ["--sigma", "1.1"]), "preset": (p, p + ["--preset", "torch-orthogonal"]),
            "inputs": (p, p + ["--inputs", "2"]), "seed": (p, p + ["--seed", "2"]),
            "rng": (p, p + ["--rng", "xoshiro256++x8"]),
        ]
        let t = ["--task", "quintic", "--width", "4", "--depth", "2", "--init", "he", "--runs", "2", "--steps", "5"]
        let f = ["--task", "fashion-mnist", "--width", "4", "--depth", "1", "--init", "he", "--runs", "1", "--steps", "2",
                 "--train-size", "64"]
        let train: [String: ([String], [String])] = [
            "task": (t, t + ["--task", "spirals"]), "width": (t, t + ["--width", "5"]), "depth": (t, t + ["--depth", "3"]),
            "init": (t, t + ["--init", "orthogonal"]), "sigma": (t + ["--init", "gaussian"], t + ["--init", "gaussian", "--sigma", "1.1"]),
            "activation": (t, t + ["--activation", "tanh"]), "slope": (t, t + ["--slope", "0.2"]),
            "beta": (t + ["--activation", "scaled-tanh", "--beta", "1.5"], t + ["--activation", "scaled-tanh", "--beta", "2"]),
            "dof": (t + ["--init", "student-t", "--dof", "5"], t + ["--init", "student-t", "--dof", "6"]),
            "density": (t + ["--init", "sparse", "--density", "0.5"], t + ["--init", "sparse", "--density", "0.6"]),
            "noise": (t + ["--init", "diagonal-noise", "--noise", "0.3"], t + ["--init", "diagonal-noise", "--noise", "0.4"]),
            "parameter": (t + ["--init", "sparse", "--parameter", "density=0.5"], t + ["--init", "sparse", "--parameter", "density=0.6"]),
            "optimizer": (t, t + ["--optimizer", "sgd"]), "lr": (t, t + ["--lr", "0.002"]),
            "weight-decay": (t, t + ["--weight-decay", "0.001"]), "clip": (t, t + ["--clip", "1"]),
            "steps": (t, t + ["--steps", "6"]), "batch": (t, t + ["--batch", "32"]),
            "train-size": (t, t + ["--train-size", "512"]), "runs": (t, t + ["--runs", "3"]), "seed": (t, t + ["--seed", "2"]),
            // Another folder may hold other files: another run, on the safe side.
            "data-dir": (f, f + ["--data-dir", "DATADIR"]),
        ]
        return [
            Case(command: "spectrum", base: b, changing: spectrum, refused: notSquare.merging(qrOnly) { $1 }),
            Case(command: "gradients", base: b, changing: gradients,
                 refused: notSquare.merging(qrOnly) { $1 }.merging(["method": (["--method", "reduced"], "method")]) { $1 }),
            Case(command: "angles", base: b, changing: angles, refused: notSquare),
            Case(command: "calibrate", base: b + c, changing: calibrate, refused: calibrateRefused),
            Case(command: "profile", base: p, changing: profile, refused: [:]),
            Case(command: "train", base: t, changing: train, refused: [:]),
        ]
    }()

    static func run(_ command: String, _ args: [String], in dir: URL, shard: Bool = true) throws -> CLIRunner.Outcome {
        let path = dir.appendingPathComponent(UUID().uuidString).path
        var files: [String: String] = ["CHECKPOINT": dir.appendingPathComponent(UUID().uuidString).path]
        let arch = dir.appendingPathComponent("arch.json")
        try Data(#"{"input": 4, "layers": [{"width": 5, "slope": 0.1}, {"width": 3}]}"#.utf8).write(to: arch)
        files["ARCH1"] = arch.path
        // A copy of the Fashion-MNIST files in another folder.
        let data = dir.appendingPathComponent("data")
        if args.contains("DATADIR"), !FileManager.default.fileExists(atPath: data.path) {
            try FileManager.default.copyItem(atPath: "/usr/share/datasets/fashion-mnist", toPath: data.path)
        }
        files["DATADIR"] = data.path
        let arguments = args.map { files[$0] ?? $0 } + (shard ? ["--shard", "0/1", "--save", path] : [])
        let outcome = try CLIRunner.run([command] + arguments)
        return CLIRunner.Outcome(status: outcome.status, stdout: (try? String(contentsOfFile: path, encoding: .isoLatin1))
            .flatMap { $0.split(separator: "\n").first { $0.hasPrefix("run: ") }.map(String.init) } ?? "", stderr: outcome.stderr)
    }

    static func identity(_ command: String, _ args: [String], in dir: URL) throws -> String {
        let outcome = try run(command, args, in: dir)
        #expect(outcome.status == 0, "\(command) \(args): \(outcome.stderr)")
        return outcome.stdout
    }

    @Test("every declared option is classified; changed ones change the identity, neutral ones do not, refused ones exit 64",
          arguments: cases)
    func everyOptionCounts(_ c: Case) throws {
        let help = try CLIRunner.run([c.command, "--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let declared = (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument in
            (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
        }.filter { !["help", "version"].contains($0) }
        for name in declared {
            #expect(c.changing[name] != nil || Self.neutral[name] != nil || Self.recording.contains(name)
                    || c.refused[name] != nil,
                    "\(c.command) --\(name) is neither known to change the run, nor neutral, nor refused: classify it here")
        }
        for name in c.changing.keys { #expect(declared.contains(name), "\(c.command) does not declare --\(name)") }
        let dir = try ShellRunner.scratch()
        let base = try Self.identity(c.command, c.base, in: dir)
        #expect(base.count == "run: ".count + 16)
        for (name, pair) in c.changing.sorted(by: { $0.key < $1.key }) {
            let before = try Self.identity(c.command, pair.0, in: dir), after = try Self.identity(c.command, pair.1, in: dir)
            #expect(before != after, "\(c.command) --\(name)")
        }
        for (name, extra) in Self.neutral.sorted(by: { $0.key < $1.key }) where declared.contains(name) {
            #expect(try Self.identity(c.command, c.base + extra, in: dir) == base, "\(c.command) --\(name)")
        }
        for (name, (extra, flag)) in c.refused.sorted(by: { $0.key < $1.key }) {
            let outcome = try Self.run(c.command, c.base + extra, in: dir)
            #expect(outcome.status == 64 && outcome.stderr.hasPrefix("lyapsim: --\(flag)")
                    && outcome.stderr.split(separator: "\n").count == 1, "\(c.command) --\(name): \(outcome.stderr)")
        }
    }
}
