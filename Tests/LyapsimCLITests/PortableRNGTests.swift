import Foundation
import Testing

/// A seed gives the same output on every CPU: xoshiro256++x8 picks its
/// instruction set at run time (AVX-512, AVX2 or portable C), and
/// `LYAPSIM_RNG_LEVEL` caps it. Forcing the portable C must reproduce the
/// wide levels' output byte for byte, for every kernel that draws from it.
@Suite("xoshiro256++x8: identical output at every instruction-set level")
struct PortableRNGTests {
    static let commands: [[String]] = [
        ["estimate", "--ensemble", "gaussian", "--width", "24", "--slope", "0.1", "--depth", "60", "--samples", "40"],
        ["estimate", "--ensemble", "orthogonal", "--width", "9", "--slope", "0.3", "--depth", "50", "--samples", "30"],
        ["estimate", "--ensemble", "rademacher", "--width", "70", "--slope", "0.2", "--depth", "30", "--samples", "20"],
        ["estimate", "--ensemble", "uniform", "--width", "13", "--slope", "0.2", "--depth", "40", "--samples", "20"],
        ["estimate", "--ensemble", "sparse", "--density", "0.3", "--width", "8", "--slope", "0.2", "--depth", "40",
         "--samples", "20"],
        ["spectrum", "--ensemble", "gaussian", "--width", "12", "--slope", "0.1", "--depth", "40", "--samples", "8",
         "--exponents", "3"],
    ]

    @Test("estimate and spectrum print the same bytes with the portable C, AVX2 and the CPU's best",
          arguments: commands)
    func sameBytes(_ command: [String]) throws {
        let args = command + ["--rng", "xoshiro256++x8", "--seed", "31", "--format", "json"]
        let best = try CLIRunner.run(args)
        #expect(best.status == 0, "\(best.stderr)")
        #expect(best.stdout.contains("lyapunov_exponent"), "the run printed its estimate")
        for level in ["portable", "avx2"] {
            let capped = try CLIRunner.run(args, environment: ["LYAPSIM_RNG_LEVEL": level])
            #expect(capped.status == 0)
            #expect(capped.stdout == best.stdout, "LYAPSIM_RNG_LEVEL=\(level) changed the output")
        }
        // Power: another seed prints something else (the comparison can fail).
        let other = try CLIRunner.run(command + ["--rng", "xoshiro256++x8", "--seed", "32", "--format", "json"])
        #expect(other.stdout != best.stdout)
    }

    /// The trainer's matrix products (`lanes_gemm`) follow the same cap; every
    /// level computes each entry as the same fma chain, so the runs agree.
    @Test("train prints the same bytes with the portable C, AVX2 and the CPU's best (matrix products)")
    func trainSameBytes() throws {
        let args = ["train", "--task", "quintic", "--width", "24", "--depth", "3", "--init", "he", "--steps", "150",
                    "--runs", "2", "--seed", "5", "--format", "csv"]
        let best = try CLIRunner.run(args)
        #expect(best.status == 0, "\(best.stderr)")
        for level in ["portable", "avx2"] {
            let capped = try CLIRunner.run(args, environment: ["LYAPSIM_RNG_LEVEL": level])
            #expect(capped.status == 0)
            #expect(capped.stdout == best.stdout, "LYAPSIM_RNG_LEVEL=\(level) changed train's output")
        }
    }
}
