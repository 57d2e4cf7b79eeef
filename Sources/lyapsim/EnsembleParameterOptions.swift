import ArgumentParser
import RandomNets

/// The ensembles' shape parameters on the command line, declared once for
/// every command that builds an ensemble. `--parameter NAME=VALUE` takes any
/// parameter an ensemble declares (`WeightEnsemble.declaredParameters`), so
/// a new ensemble with a parameter needs no option here; --dof, --density
/// and --noise are the named forms of the parameters that exist today, with
/// their help read from the declarations.
struct EnsembleParameterOptions: ParsableArguments {
    static func help(_ name: String) -> ArgumentHelp {
        guard let entry = EnsembleRegistry.parameters.first(where: { $0.parameter.name == name }) else { return "" }
        return ArgumentHelp("\(entry.parameter.meaning) (\(entry.parameter.range)); only with the \(entry.ensemble) ensemble.")
    }

    @Option(parsing: .unconditional, help: help("dof"))
    var dof: Double?

    @Option(parsing: .unconditional, help: help("density"))
    var density: Double?

    @Option(parsing: .unconditional, help: help("noise"))
    var noise: Double?

    @Option(name: .customLong("parameter"), parsing: .singleValue,
            help: ArgumentHelp("Any ensemble's shape parameter as NAME=VALUE (repeatable): \(EnsembleRegistry.parameters.map { "\($0.parameter.name) (\($0.ensemble))" }.joined(separator: ", ")).",
                               valueName: "NAME=VALUE"))
    var parameter: [String] = []

    func validate() throws { _ = try CLIError.usage { try given() } }

    /// The parameters given, by name, from both forms.
    func given() throws -> EnsembleParameters {
        var values: [String: Double?] = ["dof": dof, "density": density, "noise": noise]
        for item in parameter {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw InvalidParameter(parameter: "parameter", "must be NAME=VALUE with a number, got \(EscapedValue.quote(item))")
            }
            guard EnsembleParameters.keys.contains(parts[0]) else {
                throw InvalidParameter(parameter: "parameter", "no ensemble takes a parameter \(EscapedValue.quote(parts[0])); the parameters are \(EnsembleParameters.keys.joined(separator: ", "))")
            }
            if values[parts[0]] != nil, values[parts[0]]! != nil {
                throw InvalidParameter(parameter: "parameter", "\(parts[0]) is given twice; give it once")
            }
            values[parts[0]] = value
        }
        return EnsembleParameters(values)
    }

    /// Never throws after `validate` passed.
    var parameters: EnsembleParameters { (try? given()) ?? .none }

    /// The flags given, for messages that list what a mode ignores.
    var givenFlags: [String] { parameters.entries.map { "--\($0.name)" } }
}
