import ArgumentParser
import RandomNets

/// The activation phi: `--activation`, and the parameters only some take.
struct ActivationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Activation phi: \(ActivationRegistry.names.joined(separator: ", ")) (default leaky-relu).",
                               valueName: "name"))
    var activation: String = ActivationRegistry.defaultName

    // `.unconditional`: `--slope -0.5` is a value, not an unknown option.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Leaky ReLU slope a (only and required with --activation leaky-relu; 0 is ReLU).", valueName: "a"))
    var slope: Double?

    @Option(parsing: .unconditional, help: "scaled-tanh's beta: phi(t) = tanh(beta t)/beta (1e-06 to 1e+06; only with --activation scaled-tanh).")
    var beta: Double?

    func validate() throws {
        _ = try CLIError.usage { try make() }
    }

    func make() throws -> any Activation {
        try ActivationRegistry.make(activation, slope: slope, beta: beta)
    }
}
