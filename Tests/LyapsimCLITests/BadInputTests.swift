import Foundation
import Testing

/// Bad input gets one line naming the flag, exit status 64, no trap and no output.
@Suite("CLI: bad input exits 64 with one line naming the flag")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let flag: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let estimate = ["estimate", "--width", "4", "--slope", "0.1", "--samples", "10", "--depth", "5"]

    static func replacing(_ flag: String, with value: String, in base: [String] = estimate) -> [String] {
        var args = base
        if let i = args.firstIndex(of: flag) { args[i + 1] = value } else { args += [flag, value] }
        return args
    }

    static let cases: [Case] = [
        Case(arguments: replacing("--width", with: "0"), flag: "--width"),
        Case(arguments: replacing("--width", with: "-3"), flag: "--width"),
        Case(arguments: replacing("--width", with: "100000"), flag: "--width"),
        Case(arguments: replacing("--depth", with: "0"), flag: "--depth"),
        Case(arguments: replacing("--depth", with: "-1"), flag: "--depth"),
        Case(arguments: replacing("--samples", with: "1"), flag: "--samples"),
        Case(arguments: replacing("--slope", with: "nan"), flag: "--slope"),
        Case(arguments: replacing("--slope", with: "inf"), flag: "--slope"),
        Case(arguments: replacing("--sigma", with: "nan"), flag: "--sigma"),
        Case(arguments: replacing("--sigma", with: "inf"), flag: "--sigma"),
        Case(arguments: replacing("--sigma", with: "0"), flag: "--sigma"),
        Case(arguments: replacing("--sigma", with: "-1"), flag: "--sigma"),
        Case(arguments: replacing("--ensemble", with: "cauchy"), flag: "--ensemble"),
        Case(arguments: replacing("--rng", with: "nosuchrng"), flag: "--rng"),
        Case(arguments: replacing("--format", with: "xml"), flag: "--format"),
        Case(arguments: replacing("--init", with: "xavier"), flag: "--init"),
        Case(arguments: replacing("--threads", with: "0"), flag: "--threads"),
        Case(arguments: replacing("--method", with: "magic"), flag: "--method"),
        Case(arguments: estimate + ["--sigma", "1", "--init", "he"], flag: "--sigma"),
        // 5 * 10^9 samples need 37 GiB for their results alone: more than the machine.
        Case(arguments: replacing("--samples", with: "5000000000"), flag: "--samples"),
        Case(arguments: replacing("--samples", with: "10000000000000"), flag: "--samples"),
        // Fits in memory, but 8192^2 * 10^8 * 10^6 weights would run for ages.
        Case(arguments: replacing("--width", with: "8192", in: replacing("--depth", with: "100000000",
             in: replacing("--samples", with: "1000000"))), flag: "--samples"),
        Case(arguments: ["estimate", "--width", "4", "--slope", "0", "--init", "lyapunov"], flag: "--init"),
        Case(arguments: ["theory", "--width", "0", "--slope", "0.1"], flag: "--width"),
        Case(arguments: ["theory", "--width", "4", "--slope", "nan"], flag: "--slope"),
        Case(arguments: ["init", "--width", "-2", "--slope", "0.1"], flag: "--width"),
        Case(arguments: ["estimate", "--width", "4", "--slope", "0.1", "--residual", "0.5", "--depth", "20000"], flag: "--depth"),
        Case(arguments: ["estimate", "--width", "4", "--slope", "0.1", "--shard", "-1/2", "--save", "/tmp/lyapsim-never-written.lyp"],
             flag: "--shard"),
        // Every network dies because the law's rows are zero, not because of the slope.
        Case(arguments: ["init", "--width", "4", "--slope", "0.1", "--ensemble", "sparse", "--density", "1e-9", "--depth", "10",
                         "--samples", "20"], flag: "--ensemble"),
        Case(arguments: ["estimate", "--width", "four", "--slope", "0.1"], flag: "--width"),
        Case(arguments: replacing("--slope", with: "1e-320"), flag: "--slope"),
        Case(arguments: replacing("--method", with: "reduced", in: replacing("--ensemble", with: "uniform")), flag: "--method"),
        Case(arguments: replacing("--ensemble", with: "student-t"), flag: "--dof"),
        Case(arguments: replacing("--dof", with: "2", in: replacing("--ensemble", with: "student-t")), flag: "--dof"),
        Case(arguments: replacing("--dof", with: "5"), flag: "--dof"),
        Case(arguments: replacing("--density", with: "0", in: replacing("--ensemble", with: "sparse")), flag: "--density"),
        Case(arguments: replacing("--preset", with: "keras-default"), flag: "--preset"),
        Case(arguments: estimate + ["--preset", "torch-default", "--sigma", "1"], flag: "--sigma"),
        Case(arguments: replacing("--burn-in", with: "5"), flag: "--burn-in"),
        Case(arguments: ["init", "--width", "4", "--slope", "0.1", "--preset", "jax-orthogonal", "--ensemble", "uniform"], flag: "--ensemble"),
        Case(arguments: ["theory", "--width", "4", "--slope", "0.1", "--ensemble", "uniform"], flag: "--ensemble"),
        // Found by the fuzzer (seed 20261205): accepted and silently ignored before.
        Case(arguments: estimate + ["--ensemble", "orthogonal", "--preset", "torch-default"], flag: "--ensemble"),
        Case(arguments: ["spectrum", "--width", "5", "--slope", "0.5", "--ensemble", "gaussian", "--preset", "torch-xavier-normal",
                         "--depth", "5", "--samples", "8"], flag: "--ensemble"),
        Case(arguments: ["init", "--width", "4", "--slope", "0.1", "--inputs", "0", "--samples", "10", "--depth", "5"], flag: "--inputs"),
        Case(arguments: ["init", "--width", "1", "--activation", "relu", "--ensemble", "relu-orthogonal", "--depth", "2"], flag: "--width"),
        Case(arguments: ["init", "--width", "2", "--activation", "relu", "--preset", "jax-he-normal", "--depth", "20",
                         "--method", "reduced"], flag: "--method"),
        Case(arguments: estimate + ["--parameter", "shape=2"], flag: "--parameter"),
        Case(arguments: ["spectrum", "--width", "4", "--slope", "0.1", "--bias-sigma", "0.5", "--method", "reduced",
                         "--depth", "5", "--samples", "8"], flag: "--method"),
        Case(arguments: ["init", "--width", "4", "--slope", "0.1", "--inputs", "0", "--save-weights", "w.npz"], flag: "--inputs"),
        Case(arguments: ["bench", "--width", "4", "--slope", "0.1", "--burn-in", "10"], flag: "--burn-in"),
        Case(arguments: ["init", "--width", "4", "--slope", "0.1", "--burn-in", "10"], flag: "--burn-in"),
        Case(arguments: estimate + ["--ensemble", "student-t", "--parameter", "dof=5", "--dof", "5"], flag: "--parameter"),
    ] + refusedGenerators

    /// Every GSL generator outside the accepted list (bad ranges crashed or gave NaN before).
    static let refusedGenerators: [Case] = ["ran0", "ran1", "ran2", "ran3", "uni", "uni32", "slatec", "zuf", "coveyou",
                                            "randu", "vax", "cmrg", "mrg", "minstd", "rand48", "r250", "tt800"].map {
        Case(arguments: replacing("--rng", with: $0), flag: "--rng")
    }

    @Test("exit 64, one line on stderr naming the flag, nothing on stdout", arguments: cases)
    func rejected(_ c: Case) throws {
        let outcome = try CLIRunner.run(c.arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains(c.flag), "stderr: \(outcome.stderr)")
    }

    @Test("a text report of more than 24 layers elides the middle without a trap (init, estimate and theory)")
    func longLayerLists() throws {
        let widths = Array(repeating: "4", count: 27).joined(separator: ",")
        for args in [["init", "--widths", widths, "--slope", "0.1"], ["theory", "--widths", widths, "--slope", "0.1"],
                     ["estimate", "--widths", widths, "--slope", "0.1", "--samples", "20"],
                     ["init", "--width", "4", "--slope", "0.1", "--depth", "30", "--save-weights",
                      try ShellRunner.scratch().appendingPathComponent("w.npz").path]] {
            let outcome = try CLIRunner.run(args)
            #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(args.prefix(3)): \(outcome.status) \(outcome.stderr)")
            #expect(outcome.stdout.contains("..."), "\(args.prefix(3))")
        }
    }

    @Test("power: the same checks accept good input, including negative numbers as separate arguments",
          arguments: [estimate, replacing("--slope", with: "-0.5"), replacing("--slope", with: "1e-300"),
                      replacing("--rng", with: "ranlxs0"), ["theory", "--width", "8", "--slope", "-0.5"],
                      replacing("--dof", with: "3.5", in: replacing("--ensemble", with: "student-t")),
                      replacing("--preset", with: "jax-he-normal"),
                      ["estimate", "--width", "2", "--slope", "0.01", "--ensemble", "orthogonal", "--depth", "1", "--samples", "50"],
                      ["estimate", "--width", "1", "--slope", "0", "--depth", "100", "--samples", "10"],
                      ["estimate", "--width", "4", "--slope", "1", "--ensemble", "orthogonal", "--depth", "20", "--samples", "20"]])
    func goodInputAccepted(_ arguments: [String]) throws {
        let outcome = try CLIRunner.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(!outcome.stdout.lowercased().contains("nan"))
        // Degenerate but correct runs (all dead, exact, depth 1, a = 1e-300) must not be called wrong.
        #expect(!outcome.stdout.contains("DISAGREES"), "\(outcome.stdout)")
    }
}
