import ArgumentParser
import RandomNets

/// The network's shape: every layer N x N (--width), a width list (--widths)
/// or a layer file (--arch). Declared once, composed by `NetworkOptions` and
/// `init`; exactly one must be given.
struct ShapeOptions: ParsableArguments {
    @Option(name: .customLong("width"), parsing: .unconditional,
            help: "Width N of every layer (1 to \(Validate.maxWidth)). Give one of --width, --widths and --arch.")
    var widthOption: Int?

    @Option(help: ArgumentHelp("Widths N0,N1,...,NL of a network whose layers differ: N0 is the input, layer l maps N_l-1 to N_l (2 to \(Architecture.maxLayers + 1) widths, each 1 to \(Validate.maxWidth)); the depth is L. theory, estimate and init.",
                               valueName: "N0,N1,..."))
    var widths: String?

    @Option(help: ArgumentHelp("A JSON layer list (input width, then per layer width, repeat, activation leaky-relu/relu/linear, slope, ensemble, sigma or init, residual): see docs/your-network.md. theory, estimate and init.",
                               valueName: "file"))
    var arch: String?

    /// The width of the square network (after `validate`, which requires one shape).
    var width: Int { widthOption ?? 1 }

    func validate() throws {
        let shapes = [widthOption != nil ? "--width" : nil, widths != nil ? "--widths" : nil, arch != nil ? "--arch" : nil]
            .compactMap { $0 }
        if shapes.isEmpty {
            throw ValidationError("--width: give --width N (every layer N x N), --widths N0,N1,...,NL or --arch FILE")
        }
        if shapes.count > 1 {
            throw ValidationError("\(shapes[0]): give one of --width, --widths and --arch, not \(shapes.joined(separator: " and "))")
        }
        try CLIError.usage {
            if let widthOption { try Validate.width(widthOption) }
            if let widths { _ = try Architecture.parseWidths(widths) }
        }
    }
}
