import Foundation

/// A network described layer by layer in JSON (`--arch FILE`), parsed into
/// the one `Architecture` value the engine consumes. The format:
///
///     {
///       "input": 784,
///       "activation": "leaky-relu", "slope": 0.1,      <- defaults for every layer
///       "ensemble": "gaussian", "init": "lyapunov",
///       "layers": [
///         {"width": 64, "repeat": 3},
///         {"width": 10, "activation": "linear", "init": "he"}
///       ]
///     }
///
/// Keys of a layer (each may also be given at the top level as a default):
/// `width` (required in a layer), `repeat` (1 to 10000), `activation`
/// (leaky-relu, relu or linear), `slope` (Leaky ReLU's a), `ensemble` and its
/// parameters (each declared by its ensemble: `dof`, `density`, `noise`), `sigma` or `init` (he, lyapunov),
/// `residual` (beta of x + beta phi(W x); equal widths), `bias_sigma` (0 only:
/// biases are simulated by `spectrum --bias-sigma`). Any other key, a wrong
/// type or an impossible layer is refused with the file, the key and the
/// allowed values.
public enum ArchitectureFile {
    static let layerKeys = ["width", "repeat", "activation", "slope", "ensemble"] + EnsembleParameters.keys + ["sigma",
                            "init", "residual", "bias_sigma"]
    static let topKeys = ["input", "layers"] + layerKeys.filter { !["width", "repeat"].contains($0) }

    /// Reads and parses `path`; `scale` is the rule for layers that give
    /// neither `sigma` nor `init` (the command line's --sigma or --init).
    /// `forcedScale`, when given, replaces every layer's sigma or init (what
    /// `init --arch` uses to set He beside Lyapunov for the same layers).
    public static func read(_ path: String, defaultScale scale: LayerScaleRule = .he,
                            forcedScale: LayerScaleRule? = nil) throws -> Architecture {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidParameter(parameter: "arch", "cannot read \(path)")
        }
        return try parse(data, name: path, defaultScale: scale, forcedScale: forcedScale)
    }

    /// Parses the JSON text of a layer list (see the type's comment).
    public static func parse(_ data: Data, name: String, defaultScale scale: LayerScaleRule = .he,
                             forcedScale: LayerScaleRule? = nil) throws -> Architecture {
        func fail(_ key: String, _ message: String) -> InvalidParameter {
            InvalidParameter(parameter: "arch", "\(name): \(key): \(message)")
        }
        let root: Any
        do { root = try ExactJSON.object(with: data) } catch {
            throw InvalidParameter(parameter: "arch", "\(name): \(error.reason)")
        }
        guard let top = root as? [String: Any] else {
            throw InvalidParameter(parameter: "arch", "\(name): not a JSON object ({\"input\": N, \"layers\": [...]})")
        }
        for key in top.keys.sorted() where !topKeys.contains(key) {
            throw fail(QuotedValue.name(key), "unknown key; allowed at the top level: \(topKeys.joined(separator: ", "))")
        }
        guard let input = top["input"] as? Int, !isBool(top["input"]!), (1...Validate.maxWidth).contains(input) else {
            let rule = "the input width, an integer from 1 to \(Validate.maxWidth)"
            throw fail("input", top["input"].map { "must be \(rule), got \(QuotedValue.quote(String(describing: $0), limit: 40))" }
                ?? "required: \(rule)")
        }
        guard let list = top["layers"] as? [[String: Any]], !list.isEmpty else {
            throw fail("layers", "required: a non-empty list of layer objects")
        }
        var layers: [DenseLayer] = []
        var fanIn = input
        for (index, entry) in list.enumerated() {
            let at = "layers[\(index)]"
            for key in entry.keys.sorted() where !layerKeys.contains(key) {
                throw fail("\(at).\(QuotedValue.name(key))", "unknown key; allowed in a layer: \(layerKeys.joined(separator: ", "))")
            }
            func value(_ key: String) -> Any? { entry[key] ?? top[key] }
            func number(_ key: String) throws -> Double? {
                guard let v = value(key) else { return nil }
                guard let x = v as? Double, !isBool(v) else { throw fail("\(at).\(key)", "must be a number") }
                return x
            }
            func text(_ key: String) throws -> String? {
                guard let v = value(key) else { return nil }
                guard let s = v as? String else { throw fail("\(at).\(key)", "must be a string") }
                return s
            }
            guard let width = entry["width"] as? Int, !isBool(entry["width"]!) else {
                throw fail("\(at).width", "required: an integer from 1 to \(Validate.maxWidth)")
            }
            let repeatValue = entry["repeat"] ?? 1
            guard let count = repeatValue as? Int, !isBool(repeatValue), count >= 1, count <= Architecture.maxLayers else {
                throw fail("\(at).repeat", "must be an integer from 1 to \(Architecture.maxLayers)")
            }
            let activation = try text("activation") ?? "leaky-relu"
            let slope: Double
            switch activation {
            case "leaky-relu":
                guard let a = try number("slope") else { throw fail("\(at).slope", "required with leaky-relu (or give activation relu or linear)") }
                slope = a
            case "relu": slope = 0
            case "linear": slope = 1
            default: throw fail("\(at).activation", "must be leaky-relu, relu or linear, got \(activation)")
            }
            if let b = try number("bias_sigma"), b != 0 {
                throw fail("\(at).bias_sigma", "only 0 here; biases are simulated by `lyapsim spectrum --bias-sigma` and `lyapsim meanfield --bias-sigma`")
            }
            let ensemble = try text("ensemble") ?? GaussianEnsemble.name
            var given: [String: Double?] = [:]
            for key in EnsembleParameters.keys { given[key] = try number(key) }
            let parameters = EnsembleParameters(given)
            // The layer's own sigma or init, else the top level's, else the command line's.
            let rule: LayerScaleRule
            if let forcedScale { rule = forcedScale }
            else if let own = try scaleRule(entry, at, fail) { rule = own }
            else if let shared = try scaleRule(top, "top level", fail) { rule = shared }
            else { rule = scale }
            let residual = try number("residual")
            for _ in 0..<count {
                do {
                    layers.append(try DenseLayer(fanIn: fanIn, fanOut: width, slope: slope, ensemble: ensemble,
                                                 parameters: parameters, scale: rule, residual: residual))
                } catch let error as InvalidParameter {
                    throw fail("\(at).\(error.parameter)", error.message)
                }
                fanIn = width
                guard layers.count <= Architecture.maxLayers else {
                    throw fail("layers", "more than \(Architecture.maxLayers) layers")
                }
            }
        }
        do { return try Architecture(layers: layers) } catch let error as InvalidParameter {
            throw fail("layers", error.message)
        }
    }

    /// Whether a JSON value is true or false. Foundation's numbers bridge to
    /// Bool when they are 0 or 1, so `is Bool` would refuse "slope": 1; the
    /// NSNumber's type code tells a JSON boolean ("c") from a number.
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c"
    }

    /// sigma or init of one JSON object, if it gives one (not both).
    static func scaleRule(_ object: [String: Any], _ at: String,
                          _ fail: (String, String) -> InvalidParameter) throws -> LayerScaleRule? {
        if object["sigma"] != nil && object["init"] != nil { throw fail("\(at).sigma", "give sigma or init, not both") }
        if let v = object["sigma"] {
            guard let sigma = v as? Double, !isBool(v) else { throw fail("\(at).sigma", "must be a number") }
            return .custom(sigma)
        }
        if let v = object["init"] { return try initRule(v as? String, at, fail) }
        return nil
    }

    static func initRule(_ name: String?, _ at: String, _ fail: (String, String) -> InvalidParameter) throws -> LayerScaleRule {
        switch name {
        case "he": return .he
        case "lyapunov": return .lyapunov
        default: throw fail("\(at).init", "must be he or lyapunov, got \(name ?? "?")")
        }
    }
}
