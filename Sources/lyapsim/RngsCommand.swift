import ArgumentParser
import RandomNets

struct RngsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rngs",
        abstract: "List the bit generators --rng accepts, and why the others are refused.")

    func run() {
        print("""
            Accepted by --rng (normals from lyapsim's ziggurat, uniforms from the top 53 bits):
              \(RandomGenerator.xoshiroName)    lyapsim's fast generator (Blackman and Vigna), 64 bits per call
              \(RandomGenerator.xoshiroX8Name)  eight interleaved xoshiro256++ lanes, ziggurat fast path vectorized (runs on \(Xoshiro256PlusPlusX8.Level.selected) on this CPU; the same numbers on any CPU)
            """)
        for (name, bits) in GSLBitGenerator.accepted {
            print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0))GSL, \(bits) bits per call, \(bits == 32 ? "two" : "three") calls per 64-bit word")
        }
        let refused = GSLBitGenerator.allNames.filter { name in !GSLBitGenerator.accepted.contains { $0.name == name } }
        print("""

            Refused: every other GSL generator. The accepted ones are GSL's recommended generators whose \
            output is a whole number of uniform bits (min 0, max 2^b - 1), so calls concatenate into unbiased \
            64-bit words. cmrg and mrg are recommended but return 2^31 - 1 values; the rest are short-range \
            or historical generators that GSL documents as poor (with zuf and coveyou lambda came out 12 and \
            25 standard errors off).
              \(refused.joined(separator: " "))
            """)
    }
}
