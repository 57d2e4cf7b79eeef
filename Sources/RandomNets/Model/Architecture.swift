/// One dense layer x_l = phi(W_l x_{l-1}) of a network whose widths may
/// differ from layer to layer: W_l maps fan_in = N_{l-1} to fan_out = N_l.
///
/// Scale conventions (what PyTorch's initializers draw, so the sigma a user
/// reads here is the gain they pass there):
/// - entrywise laws (gaussian, uniform, Student-t, ...): E W_ij^2 = sigma^2 / fan_in;
/// - orthogonal: W = sigma Q with Q Haar-random with orthonormal columns
///   (fan_out >= fan_in) or orthonormal rows (fan_out < fan_in), as
///   `torch.nn.init.orthogonal_(W, gain=sigma)`.
public struct DenseLayer: Sendable {
    /// N_{l-1}: the length of the layer's input.
    public let fanIn: Int
    /// N_l: the length of the layer's output.
    public let fanOut: Int
    /// Leaky ReLU slope a (0 is ReLU, 1 a linear layer).
    public let slope: Double
    /// The weight law, carrying sigma.
    public let ensemble: any WeightEnsemble
    /// beta of a residual branch, x_l = x_{l-1} + beta phi(W_l x_{l-1}); nil
    /// for a plain layer x_l = phi(W_l x_{l-1}). Needs fan_in = fan_out.
    public let residual: Double?

    /// Largest |beta| of a residual branch.
    public static let maxResidual = 1e6
    /// What beta accepts (0 is the identity layer x_l = x_{l-1}).
    public static let residualRule = "a number from -1e6 to 1e6"

    /// The layer's scale (see the conventions above).
    public var sigma: Double { ensemble.sigma }
    /// phi of this layer.
    public var activation: LeakyReLU { LeakyReLU(slope: slope) }

    /// Checks the fans, the slope, sigma and that the law extends to a
    /// rectangular layer; the error names the parameter.
    public init(fanIn: Int, fanOut: Int, slope: Double, ensemble: any WeightEnsemble, residual: Double? = nil) throws {
        try Validate.width(fanIn)
        try Validate.width(fanOut)
        try Validate.slope(slope)
        try Validate.slopeAndSigma(slope, ensemble.sigma)
        if fanIn != fanOut && ensemble.rectangularLaw == nil {
            throw InvalidParameter(parameter: "ensemble", "\(ensemble.name) is defined for square layers only, and layer \(fanIn) -> \(fanOut) is not square (rectangular layers: the entrywise laws and orthogonal)")
        }
        if ensemble is ReluOrthogonalEnsemble && min(fanIn, fanOut) < 2 {
            throw InvalidParameter(parameter: "width", "must be at least 2 with the relu-orthogonal ensemble, got a layer \(fanIn) -> \(fanOut)")
        }
        if let residual {
            guard fanIn == fanOut else {
                throw InvalidParameter(parameter: "residual", "a residual branch x + beta phi(W x) needs equal widths, and layer \(fanIn) -> \(fanOut) is not square")
            }
            guard residual.isFinite, abs(residual) <= Self.maxResidual else {
                throw InvalidParameter(parameter: "residual", "beta must be \(Self.residualRule), got \(residual)")
            }
        }
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.slope = slope
        self.ensemble = ensemble
        self.residual = residual
    }

    /// A layer of the named law at the scale `rule` picks for it (its own
    /// sigma_crit under `.lyapunov`): the one construction `--widths` and
    /// `--arch` share.
    public init(fanIn n: Int, fanOut m: Int, slope: Double, ensemble name: String, parameters: EnsembleParameters,
                scale rule: LayerScaleRule, residual: Double? = nil) throws {
        if residual != nil, case .lyapunov = rule {
            throw InvalidParameter(parameter: "init", "lyapunov per layer is defined for plain layers; with a residual branch give sigma or he")
        }
        let unit = try EnsembleRegistry.make(name, sigma: 1, parameters: parameters)
        let sigma = try rule.sigma(fanIn: n, fanOut: m, slope: slope, ensemble: unit)
        try self.init(fanIn: n, fanOut: m, slope: slope,
                      ensemble: EnsembleRegistry.make(name, sigma: sigma, parameters: parameters), residual: residual)
    }

    /// The side of the square draw a rectangular layer is cut from.
    var squareSide: Int { max(fanIn, fanOut) }

    /// What multiplies the cut-out block of the square draw (side N = max of
    /// the fans, entries of variance sigma^2 / N for the entrywise laws) so
    /// that the layer follows its convention: sqrt(N / fan_in) for entrywise
    /// laws (variance sigma^2 / fan_in), 1 for Haar (sigma Q, whose first
    /// fan_in columns or first fan_out rows are orthonormal and Haar).
    var blockScale: Double {
        switch ensemble.rectangularLaw {
        case .independentEntries?: return (Double(squareSide) / Double(fanIn)).squareRoot()
        case .haarStiefel?, nil: return 1
        }
    }
}

/// How a square ensemble extends to a rectangular layer, when it does.
public enum RectangularLaw: Sendable {
    /// iid entries: any block of an iid matrix is iid.
    case independentEntries
    /// Haar on O(N): its first n columns (or rows) are Haar on the Stiefel
    /// manifold, the law `torch.nn.init.orthogonal_` draws.
    case haarStiefel
}

/// A feed-forward network described layer by layer: the one value every
/// command that accepts `--widths` (or a layer list) hands to the engine.
public struct Architecture: Sendable {
    /// Layer 1 (input side) to layer L.
    public let layers: [DenseLayer]

    /// Most layers accepted.
    public static let maxLayers = 10_000

    /// Checks that each layer's fan_in is the previous layer's fan_out.
    public init(layers: [DenseLayer]) throws {
        guard !layers.isEmpty, layers.count <= Self.maxLayers else {
            throw InvalidParameter(parameter: "widths", "needs from 2 to \(Self.maxLayers + 1) widths (input and at least one layer), got \(layers.count + 1)")
        }
        for (l, (a, b)) in zip(layers, layers.dropFirst()).enumerated() where a.fanOut != b.fanIn {
            throw InvalidParameter(parameter: "widths", "layer \(l + 1) maps to \(a.fanOut) but layer \(l + 2) takes \(b.fanIn)")
        }
        self.layers = layers
    }

    /// N_0, N_1, ..., N_L.
    public var widths: [Int] { [layers[0].fanIn] + layers.map(\.fanOut) }
    /// L, the number of layers.
    public var depth: Int { layers.count }
    /// sum_l N_l N_{l-1}: the weights one network draws.
    public var weightCount: Double { layers.reduce(0) { $0 + Double($1.fanIn) * Double($1.fanOut) } }
    /// Whether every layer is N x N with one law and slope (the paper's setting).
    public var isSquareAndUniform: Bool {
        layers.allSatisfy { $0.fanIn == layers[0].fanIn && $0.fanOut == layers[0].fanIn && $0.slope == layers[0].slope }
    }

    /// Parses "N0,N1,...,NL": at least two widths, each 1 to `Validate.maxWidth`.
    public static func parseWidths(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let widths = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count >= 2, parts.count <= maxLayers + 1, widths.allSatisfy({ $0 != nil }) else {
            throw InvalidParameter(parameter: "widths", "must be 2 to \(maxLayers + 1) comma-separated integers N0,N1,...,NL (each 1 to \(Validate.maxWidth)), got \(QuotedValue.quote(text))")
        }
        for w in widths {
            guard let w, w >= 1, w <= Validate.maxWidth else {
                throw InvalidParameter(parameter: "widths", "every width must be an integer from 1 to \(Validate.maxWidth), got \(widths.map { $0.map(String.init) ?? "?" }.joined(separator: ","))")
            }
        }
        return widths.map { $0! }
    }

    /// Every layer a Leaky ReLU with slope a and one weight law, each at the
    /// scale `rule` picks for it (per layer: Lyapunov initialization gives
    /// every layer its own sigma_crit).
    public init(widths: [Int], slope: Double, ensemble name: String, parameters: EnsembleParameters = .none,
                scale rule: LayerScaleRule, residual: Double? = nil) throws {
        guard widths.count >= 2, widths.count <= Self.maxLayers + 1 else {
            throw InvalidParameter(parameter: "widths", "needs from 2 to \(Self.maxLayers + 1) widths (input and at least one layer), got \(widths.count)")
        }
        var layers: [DenseLayer] = []
        layers.reserveCapacity(widths.count - 1)
        for (n, m) in zip(widths, widths.dropFirst()) {
            layers.append(try DenseLayer(fanIn: n, fanOut: m, slope: slope, ensemble: name, parameters: parameters,
                                         scale: rule, residual: residual))
        }
        try self.init(layers: layers)
    }
}

/// How each layer's sigma is chosen.
public enum LayerScaleRule: Sendable {
    /// One sigma for every layer.
    case custom(Double)
    /// The He gain sqrt(2 / (1 + a^2)) (with the fan-in convention above, He's
    /// variance 2 / ((1 + a^2) fan_in) for entrywise laws).
    case he
    /// sigma_crit of the layer: its mean log-gain is 0 (exact for gaussian
    /// and orthogonal, see `LayerTheory`).
    case lyapunov

    func sigma(fanIn n: Int, fanOut m: Int, slope a: Double, ensemble: any WeightEnsemble) throws -> Double {
        switch self {
        case .custom(let sigma): return sigma
        case .he: return LeakyReLU(slope: a).heGain
        case .lyapunov:
            guard let family = ensemble.closedForm else {
                throw InvalidParameter(parameter: "init", "lyapunov per layer is exact for gaussian and orthogonal weights only, not \(ensemble.name)")
            }
            let layer = try LayerTheory.layer(family, fanIn: n, fanOut: m, slope: a, sigma: 1)
            guard let critical = layer.criticalSigma else {
                throw InvalidParameter(parameter: "init", "lyapunov needs a nonzero --slope: with ReLU (slope 0) every layer's mean log-gain is -infinity")
            }
            return critical
        }
    }
}
