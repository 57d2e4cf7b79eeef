import ArgumentParser
import Foundation
import LyapsimReports
import LyapsimRuns
import RandomNets

/// `init --widths` and `init --save-weights`: per-layer Lyapunov
/// initialization of a network of any width profile, and the drawn weights
/// in a file PyTorch (through NumPy) loads.
extension InitCommand {
    /// The ensemble of the layers: --ensemble, gaussian by default.
    var layerEnsemble: String { ensemble ?? GaussianEnsemble.name }

    /// N0, ..., NL from --widths, or N repeated depth + 1 times.
    var layerWidths: [Int] {
        get throws {
            if let widths { return try Architecture.parseWidths(widths) }
            return [Int](repeating: width, count: simulation.depth + 1)
        }
    }

    func validateLayers() throws {
        if saveWeights != nil, URL(fileURLWithPath: saveWeights!).pathExtension.lowercased() != "npz" {
            throw ValidationError("--save-weights: file name must end in .npz (NumPy's savez format), got \(EscapedValue.path(saveWeights!))")
        }
        if widths != nil || arch != nil, simulation.depthOption != nil {
            throw ValidationError("--depth: with --widths or --arch the depth is the number of layers they give; leave out --depth")
        }
        if targetDepth != nil {
            throw ValidationError("--target-depth: the diagonal-noise search is for --width without --save-weights")
        }
        if preset != nil {
            throw ValidationError("--preset: framework presets are defined for N x N layers; with --widths or --save-weights give --ensemble and --init")
        }
        if arch != nil {
            let ignored = [slopeOption != nil ? "--slope" : nil, ensemble != nil ? "--ensemble" : nil].compactMap { $0 }
                + shapeParameters.givenFlags
            if !ignored.isEmpty {
                throw ValidationError("--arch: the file sets slopes, ensembles and their parameters; leave out \(ignored.joined(separator: ", "))")
            }
            return try CLIError.usage { _ = try architecture(rule: .he, forced: false) }
        }
        try CLIError.usage {
            if widths == nil, simulation.depth > Architecture.maxLayers {
                // Checked before the layers are built: N repeated 1e8 times took hours.
                throw InvalidParameter(parameter: "depth", "with --save-weights an integer from 1 to \(Architecture.maxLayers) (one weight array per layer), got \(simulation.depth)")
            }
            if let widthOption { try Validate.width(widthOption) }
            try NetworkOptions.checkHomogeneous(activation)
            _ = try ActivationRegistry.make(activation, slope: slopeOption, beta: beta)
            try Validate.slope(slope)
            let unit = try EnsembleRegistry.make(layerEnsemble, sigma: 1,
                                                 parameters: shapeParameters.parameters)
            let drawOnly = saveWeights != nil && rule == .he
            if unit.closedForm == nil && (widths != nil || rule == .lyapunov) && !drawOnly {
                throw InvalidParameter(parameter: "ensemble", "per-layer sigma_crit is exact for gaussian and orthogonal; \(layerEnsemble) has no closed form for these layers (with --save-weights, --init he draws any ensemble)")
            }
            _ = try architecture(rule: saveWeights != nil ? (rule == .he ? .he : .lyapunov) : .he, forced: false)
        }
    }

    /// `forced`: every layer at `rule`, whatever --arch's file says (the He
    /// and Lyapunov columns); otherwise the file's sigma or init win.
    func architecture(rule: LayerScaleRule, forced: Bool = true) throws -> Architecture {
        if let arch { return try ArchitectureFile.read(arch, defaultScale: rule, forcedScale: forced ? rule : nil) }
        return try Architecture(widths: layerWidths, slope: slope, ensemble: layerEnsemble,
                         parameters: shapeParameters.parameters, scale: rule)
    }

    func runLayers() throws {
        try OutputFile.check(saveWeights, flag: "--save-weights")
        // The per-layer report first, so a network without it (a law with no
        // closed form, ReLU layers, a nonlinear residual branch) is refused
        // before anything is written, unless only weights were asked for.
        let he = try architecture(rule: .he)
        let heTheory = try LayerTheory.network(he)
        let lyapunovTheory = try? LayerTheory.network(architecture(rule: .lyapunov))
        let theories = heTheory.flatMap { h in (lyapunovTheory ?? nil).map { (h, $0) } }
        if theories == nil && saveWeights == nil {
            throw InvalidParameter(parameter: arch != nil ? "arch" : "slope", "per-layer sigma_crit needs layers with a closed form and a nonzero slope (gaussian or orthogonal, Leaky ReLU or linear, no nonlinear residual branch)\(arch.map { " in \($0)" } ?? ""); --save-weights --init he draws any of them")
        }
        if theories == nil && rule == .lyapunov {
            throw InvalidParameter(parameter: "init", "lyapunov weights need every layer's sigma_crit, which these layers do not have; give --init he")
        }
        var note: String?
        if let saveWeights {
            let chosen = try architecture(rule: rule == .he ? .he : .lyapunov, forced: false)
            let config = try simulation.config()
            let weights = try ArchitectureWeights.draw(chosen, seed: config.seed, generator: config.generator)
            var arrays: [NPZArchive.Array] = []
            for (l, (layer, w)) in zip(chosen.layers, weights).enumerated() {
                arrays.append(.init(name: "W\(l + 1)", shape: [layer.fanOut, layer.fanIn], values: w))
            }
            for (l, layer) in chosen.layers.enumerated() {
                arrays.append(.init(name: "b\(l + 1)", shape: [layer.fanOut], values: [Double](repeating: 0, count: layer.fanOut)))
            }
            try NPZArchive.write(arrays, to: saveWeights)
            note = "saved W1..W\(chosen.depth) and b1..b\(chosen.depth) (\(rule.rawValue), seed \(config.seed), rng \(config.generator.name)) to \(saveWeights)"
        }
        guard let (heNetwork, lyapunovNetwork) = theories else {
            // --save-weights --init he for layers without the per-layer report.
            switch format {
            case .text: print(note ?? "")
            case .json: print(JSONValue.object([("save_weights", .string(saveWeights ?? "")), ("init", .string(rule.rawValue)),
                                                ("ensemble", .string(he.layers[0].ensemble.name))]).rendered())
            case .csv: print("save_weights,init,ensemble\n\(saveWeights ?? ""),\(rule.rawValue),\(he.layers[0].ensemble.name)")
            }
            return
        }
        let report = LayerInitReport(he: heNetwork, lyapunov: lyapunovNetwork,
                                     ensemble: arch != nil ? he.layers[0].ensemble.name : layerEnsemble,
                                     slope: arch != nil ? he.layers[0].slope : slope,
                                     savedNote: note)
        format.emit(report)
    }
}
