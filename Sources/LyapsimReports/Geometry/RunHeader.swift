import Foundation
import RandomNets

/// The lines and JSON fields every several-vectors report opens with: the
/// network family and the Monte Carlo setup.
struct RunHeader: Sendable {
    let spec: NetworkSpec
    let slope: Double
    let initialization: String
    let samples: Int
    let seed: UInt64
    let generator: String
    let method: SamplingMethod

    init(spec: NetworkSpec, slope: Double, initialization: String, config: SimulationConfig) {
        self.spec = spec
        self.slope = slope
        self.initialization = initialization
        samples = config.samples
        seed = config.seed
        generator = config.generator.name
        method = config.method
    }

    var sigmaLabel: String {
        switch initialization {
        case "he": return "He gain"
        case "lyapunov": return "Lyapunov sigma_crit"
        case "custom": return "given"
        default: return initialization
        }
    }

    func title(_ command: String) -> String {
        "lyapsim \(command): \(spec.ensemble.name) weights, width \(spec.width), slope \(NumberFormat.general(slope)), sigma \(NumberFormat.general(spec.sigma)) (\(sigmaLabel))"
    }

    var setupLine: String {
        "  depth \(spec.depth), \(samples) samples, seed \(seed), rng \(generator), method \(method.rawValue)"
    }

    var jsonFields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("width", .integer(spec.width)), ("slope", .number(slope)), ("ensemble", .string(spec.ensemble.name)),
        ]
        for p in spec.ensemble.parameters.given { fields.append((p.key, .number(p.value))) }
        fields += [
            ("meets_theorem_assumptions", .bool(spec.ensemble.meetsLimitTheoremAssumptions)),
            ("sigma", .number(spec.sigma)), ("init", .string(initialization)), ("depth", .integer(spec.depth)),
            ("samples", .integer(samples)), ("seed", .string(String(seed))), ("rng", .string(generator)),
            ("method", .string(method.rawValue)),
        ]
        return fields
    }

    var csvHeader: String {
        (["width", "slope", "ensemble"] + EnsembleParameters.keys
         + ["sigma", "init", "depth", "samples", "seed", "rng", "method"]).joined(separator: ",")
    }
    var csvPrefix: String {
        ([String(spec.width), NumberFormat.csv(slope), spec.ensemble.name]
         + spec.ensemble.parameters.all.map { NumberFormat.csv($0.value) }
         + [NumberFormat.csv(spec.sigma), initialization, String(spec.depth), String(samples), String(seed), generator,
            method.rawValue]).joined(separator: ",")
    }
}
