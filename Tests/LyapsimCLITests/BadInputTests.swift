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
        Case(arguments: replacing("--ensemble", with: "uniform"), flag: "--ensemble"),
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
        Case(arguments: ["estimate", "--width", "four", "--slope", "0.1"], flag: "--width"),
    ]

    @Test("exit 64, one line on stderr naming the flag, nothing on stdout", arguments: cases)
    func rejected(_ c: Case) throws {
        let outcome = try CLIRunner.run(c.arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains(c.flag), "stderr: \(outcome.stderr)")
    }

    @Test("power: the same checks accept good input")
    func goodInputAccepted() throws {
        let outcome = try CLIRunner.run(Self.estimate)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)
    }
}
