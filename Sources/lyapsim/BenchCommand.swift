import ArgumentParser
import Foundation
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

    @Option(help: "Repetitions; the minimum time is reported.")
    var repeats: Int = 3

    func run() throws {
        let sigma = try network.resolvedSigma(for: network.ensemble)
        let spec = try NetworkSpec(width: network.width, depth: simulation.depth, slope: network.slope,
                                   ensemble: network.ensemble, sigma: sigma)
        let config = try simulation.config()
        var best = Double.infinity, bestFloor = Double.infinity
        var checksum = 0.0
        for _ in 0..<max(1, repeats) {
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
            ("ensemble", .string(spec.ensemble.rawValue)), ("width", .integer(spec.width)),
            ("depth", .integer(spec.depth)), ("samples", .integer(config.samples)),
            ("rng", .string(config.generator.name)), ("threads", .integer(config.threads)),
            ("method", .string(config.method.rawValue)),
            ("seconds", .number(best)), ("floor_seconds", .number(bestFloor)),
            ("normals", .integer(normals)), ("weights_per_second", .number(weights / best)),
            ("checksum", .number(checksum)),
        ]).rendered())
    }
}
