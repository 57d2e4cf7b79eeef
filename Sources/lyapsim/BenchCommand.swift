import ArgumentParser
import Foundation
import LyapsimReports
import RandomNets

/// Times one simulation against its RNG floor (same generator, same streams,
/// same threads, nothing but drawing normals). bench/run.sh calls this beside
/// the NumPy reference.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a simulation and its RNG floor (used by bench/run.sh).")

    @OptionGroup var network: NetworkOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(parsing: .unconditional, help: "Repetitions (1 to 100); the minimum time is reported.")
    var repeats: Int = 3

    func validate() throws {
        try network.requireSquare("bench")
        try simulation.refuseBurnIn("bench")
        guard (1...100).contains(repeats) else {
            throw ValidationError("--repeats: must be an integer from 1 to 100, got \(repeats)")
        }
    }

    func run() throws {
        let config = try simulation.config()
        let resolved = try network.resolve(pilotDepth: simulation.depth, pilotConfig: config)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth,
                                   activation: LeakyReLU(slope: network.slope), ensemble: resolved.ensemble)
        var best = Double.infinity, bestFloor = Double.infinity
        var checksum = 0.0
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result = try Simulator.run(spec, config)
            let t1 = DispatchTime.now().uptimeNanoseconds
            checksum += RNGFloor.draw(spec, config)
            let t2 = DispatchTime.now().uptimeNanoseconds
            best = min(best, Double(t1 - t0) / 1e9)
            bestFloor = min(bestFloor, Double(t2 - t1) / 1e9)
            checksum += result.finalLogNorms[0]
        }
        let normals = Int(config.normalsDrawn(for: spec))
        let weights = Double(spec.width * spec.width * spec.depth * config.samples)
        print(JSONValue.object([
            ("ensemble", .string(spec.ensemble.name)), ("width", .integer(spec.width)),
            ("depth", .integer(spec.depth)), ("samples", .integer(config.samples)),
            ("rng", .string(config.generator.name)), ("threads", .integer(config.threads)),
            ("method", .string(config.method.rawValue)),
            ("seconds", .number(best)), ("floor_seconds", .number(bestFloor)),
            ("normals", .integer(normals)), ("weights_per_second", .number(weights / best)),
            ("checksum", .number(checksum.isFinite ? checksum : 0)),
        ]).rendered())
    }
}
