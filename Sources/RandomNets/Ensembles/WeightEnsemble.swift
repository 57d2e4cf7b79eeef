/// The law of the weight matrices W_1, ..., W_L: the ensemble seam.
///
/// Every ensemble is scaled so that E W_ij^2 = sigma^2 / N, so sigma means the
/// same thing everywhere (the He gain is one number for all of them). A new
/// ensemble is one file conforming to this protocol (or to
/// `EntrywiseEnsemble`, which supplies the layer kernel) plus one line in
/// `EnsembleRegistry.types`.
public protocol WeightEnsemble: Sendable, CustomStringConvertible {
    /// The name `--ensemble` takes.
    static var name: String { get }
    /// One line for `--help` and the README.
    static var summary: String { get }
    /// Builds the ensemble at scale `sigma`; `parameters` carries the shape
    /// parameters some ensembles need (Student-t's dof, sparse's density).
    init(sigma: Double, parameters: EnsembleParameters) throws
    /// The scale: E W_ij^2 = sigma^2 / N.
    var sigma: Double { get }
    /// The shape parameters this instance was built with (for reports).
    var parameters: EnsembleParameters { get }
    /// The shape parameters the ensemble takes (none by default).
    static var declaredParameters: [EnsembleParameter] { get }
    /// Whether the law meets the hypotheses of Kogler, Schwarz and Kittle's
    /// limit theorems (Assumption 3.1: independent entries with a bounded
    /// density and finite second moment; 3.2: absolutely continuous with
    /// respect to Haar measure). Rademacher and sparse entries have atoms.
    static var meetsLimitTheoremAssumptions: Bool { get }
    /// The family with a closed-form lambda, if this is one.
    static var closedForm: Ensemble? { get }
    /// Whether S W has the law of W for every diagonal sign matrix S (rows
    /// flip sign independently). Then the signs of W x are fair coins
    /// independent of |W v|, which is what makes the top Jacobian exponent
    /// and the backward rate follow the forward law, and pre-activations of
    /// two inputs centred (the kernel map's setting). True for the iid
    /// symmetric laws and Haar; false for diagonal-noise and relu-orthogonal.
    static var hasSignSymmetricRows: Bool { get }
    /// How the law extends to a layer with fan_in != fan_out (a block of the
    /// square draw), or nil for laws defined for square layers only.
    static var rectangularLaw: RectangularLaw? { get }
    /// Random 64-bit words (or normals) one layer draws at width n, about:
    /// what the resource guard and the benchmark count.
    func drawsPerLayer(width n: Int) -> Int
    /// What those draws are (normals unless the ensemble says otherwise):
    /// the RNG floor draws the same kind.
    var randomDraw: RandomDraw { get }
    /// Doubles of scratch memory `applyFresh` needs at width n.
    func scratchCount(width n: Int) -> Int
    /// Writes the unit vector every network of a log-norm, spectrum or
    /// gradient run starts from (n coordinates). By default (1, ..., 1)/sqrt(n):
    /// for a law invariant under rotations, or under permutations and sign
    /// flips of the input, any fixed direction is as good. A law with a
    /// special direction overrides it (relu-orthogonal sends 1 to 0).
    func startDirection(width n: Int, into x: UnsafeMutablePointer<Double>)
    /// Writes a unit vector orthogonal to `startDirection` (n >= 2): the
    /// second input of an angle run is cos(theta) start + sin(theta) this. By
    /// default (e_1 - e_2)/sqrt(2). Returns false when the law has no such
    /// direction at this width.
    func secondDirection(width n: Int, into x: UnsafeMutablePointer<Double>) -> Bool
    /// Draws a fresh W (n x n) and writes h_v = W x_v for the k vectors stored
    /// one after another in `x` (x_v = x[v n ..< (v+1) n]); one draw of W
    /// serves all k vectors. Allocates nothing.
    func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>)
    /// Runs a simulation compiled for this ensemble. Provided by the
    /// extensions below (the rotation-invariant one adds the reduced method);
    /// conforming types do not implement it.
    func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, observer: (any LayerObserver)?) throws
        -> SimulationResult
    /// Runs a job on several vectors per layer, compiled for this ensemble
    /// (provided by the extension below; conforming types do not implement it).
    func runSeveralVectors(_ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig) throws
}

/// An ensemble whose law is invariant under rotations: W O has the law of W
/// for every orthogonal O. Then W u has the same law for every unit u,
/// independent of the past, so one layer can be drawn as the image of a unit
/// vector without the matrix: the reduced method, offered only here.
public protocol RotationInvariantEnsemble: WeightEnsemble {
    /// Writes a draw of W u for any fixed unit vector u (the law is the same for all).
    func drawImageOfUnitVector<Bits: RandomNumberGenerator>(
        into h: UnsafeMutablePointer<Double>, width n: Int, stream: inout RandomStream<Bits>)
    /// Writes a draw of W Q for any fixed n x r matrix Q with orthonormal
    /// columns (stored one after another, like the vectors of `applyFresh`):
    /// the law is the same for all such Q, so r vectors need n r random
    /// numbers, not n^2. `scratch` holds r doubles.
    func drawImageOfOrthonormalFrame<Bits: RandomNumberGenerator>(
        into g: UnsafeMutablePointer<Double>, columns r: Int, width n: Int,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>)
}

extension WeightEnsemble {
    /// (1, ..., 1)/sqrt(n).
    public func startDirection(width n: Int, into x: UnsafeMutablePointer<Double>) {
        let x0 = 1 / Double(n).squareRoot()
        for i in 0..<n { x[i] = x0 }
    }

    /// (e_1 - e_2)/sqrt(2).
    public func secondDirection(width n: Int, into x: UnsafeMutablePointer<Double>) -> Bool {
        guard n >= 2 else { return false }
        for i in 0..<n { x[i] = 0 }
        x[0] = 1 / 2.0.squareRoot()
        x[1] = -x[0]
        return true
    }

    /// The ensemble's name, for printing.
    public var description: String { Self.name }
    /// The ensemble's name, the one `--ensemble` takes.
    public var name: String { Self.name }
    /// Whether the law meets the limit theorems' assumptions (the type's static value).
    public var meetsLimitTheoremAssumptions: Bool { Self.meetsLimitTheoremAssumptions }
    /// The closed-form family this instance belongs to, if any.
    public var closedForm: Ensemble? { Self.closedForm }
    /// No closed form unless the type says otherwise.
    public static var closedForm: Ensemble? { nil }
    /// Rows are sign symmetric unless the type says otherwise.
    public static var hasSignSymmetricRows: Bool { true }
    /// Whether the rows are sign symmetric (the type's static value).
    public var hasSignSymmetricRows: Bool { Self.hasSignSymmetricRows }
    /// Square layers only, unless the type says otherwise.
    public static var rectangularLaw: RectangularLaw? { nil }
    /// How the law extends to rectangular layers (the type's static value).
    public var rectangularLaw: RectangularLaw? { Self.rectangularLaw }
    /// Whether the law is rotation invariant, so ``SamplingMethod/reduced`` is exact.
    public var isRotationInvariant: Bool { self is any RotationInvariantEnsemble }
    /// Normals, unless the type says otherwise.
    public var randomDraw: RandomDraw { .normals }

    /// The same law at scale `sigma`.
    public func rescaled(to sigma: Double) throws -> Self { try Self(sigma: sigma, parameters: parameters) }

    /// Runs the simulation with the full method (a fresh N x N matrix per layer), compiled for this ensemble.
    public func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, observer: (any LayerObserver)?) throws
        -> SimulationResult
    {
        try config.checkMethod(for: self)
        return try Simulator.run(FullLayer(ensemble: self), spec, config, observer: observer)
    }

    /// Runs a several-vector job with the full method, compiled for this ensemble.
    public func runSeveralVectors(_ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig) throws {
        try config.checkMethod(for: self)
        SeveralVectorsRunner.run(FullLayer(ensemble: self), job, spec, config)
    }
}

extension RotationInvariantEnsemble {
    /// Runs the simulation with the method `config` asks for, compiled for this ensemble.
    public func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, observer: (any LayerObserver)?) throws
        -> SimulationResult
    {
        switch config.method {
        case .full: return try Simulator.run(FullLayer(ensemble: self), spec, config, observer: observer)
        case .reduced: return try Simulator.run(ReducedLayer(ensemble: self), spec, config, observer: observer)
        }
    }

    /// Runs a several-vector job with the method `config` asks for, compiled for this ensemble.
    public func runSeveralVectors(_ job: any SeveralVectorsJob, _ spec: NetworkSpec, _ config: SimulationConfig) throws {
        switch config.method {
        case .full: SeveralVectorsRunner.run(FullLayer(ensemble: self), job, spec, config)
        case .reduced: SeveralVectorsRunner.run(ReducedLayer(ensemble: self), job, spec, config)
        }
    }
}

/// The kind of random number an ensemble's layer consumes.
public enum RandomDraw: Sendable {
    /// N(0, 1) variates from the ziggurat.
    case normals
    /// 53-bit uniforms on [0, 1), one word each.
    case uniforms
    /// Raw 64-bit words (Rademacher: 64 signs per word).
    case words
}

/// A shape parameter an ensemble declares, beside the scale sigma: its name
/// (the command line's `--NAME` or `--parameter NAME=VALUE`, the JSON and
/// CSV key), its label in text reports and what values it takes. The
/// ensemble's own initializer checks the value; everything else (options,
/// refusals, rendering) reads the declaration.
public struct EnsembleParameter: Sendable {
    /// The parameter's name: `--NAME` or `--parameter NAME=VALUE`, and its JSON and CSV key.
    public let name: String
    /// How text reports introduce the value, e.g. "nu = ".
    public let label: String
    /// What it is, for help texts.
    public let meaning: String
    /// The values it takes, for help texts and messages.
    public let range: String

    /// A declaration, as an ensemble's `declaredParameters` lists it.
    public init(name: String, label: String, meaning: String, range: String) {
        self.name = name
        self.label = label
        self.meaning = meaning
        self.range = range
    }
}

/// Shape parameters given to an ensemble, by name (each declared by the
/// ensemble that takes it, `WeightEnsemble.declaredParameters`).
public struct EnsembleParameters: Sendable, Hashable {
    /// One given value.
    public struct Entry: Sendable, Hashable {
        /// The parameter's declared name.
        public let name: String
        /// Its value.
        public let value: Double
    }

    /// The given values, sorted by name: one order for equal sets, so a
    /// run's identity (a dump of the values) never depends on the order
    /// the options came in.
    public private(set) var entries: [Entry]

    /// Shape parameters by name; nil values are left out.
    public init(_ values: [String: Double?] = [:]) {
        entries = values.compactMap { name, value in value.map { Entry(name: name, value: $0) } }
            .sorted { $0.name < $1.name }
    }

    /// No shape parameters.
    public static let none = EnsembleParameters()

    /// The value of parameter `name`, if given.
    public subscript(name: String) -> Double? { entries.first { $0.name == name }?.value }

    /// The parameters given, in the registry's order, with their key and
    /// their label in text: the one list every report renders.
    public var given: [(key: String, label: String, value: Double)] {
        all.compactMap { key, label, value in value.map { (key, label, $0) } }
    }

    /// Every declared parameter of every registered ensemble with its key
    /// and label, given or not (CSV columns).
    public var all: [(key: String, label: String, value: Double?)] {
        EnsembleRegistry.parameters.map { ($0.parameter.name, $0.parameter.label, self[$0.parameter.name]) }
    }

    /// The keys of `all`, in order.
    public static var keys: [String] { EnsembleRegistry.parameters.map(\.parameter.name) }

    /// Refuses every given parameter `ensemble` does not declare, naming the
    /// ensemble that does (or the parameters there are).
    public func expectOnly(declaredBy ensemble: any WeightEnsemble.Type) throws {
        let own = Set(ensemble.declaredParameters.map(\.name))
        for entry in entries where !own.contains(entry.name) {
            if let owner = EnsembleRegistry.parameters.first(where: { $0.parameter.name == entry.name }) {
                throw InvalidParameter(parameter: entry.name, "applies only to the \(owner.ensemble) ensemble, not \(ensemble.name)")
            }
            throw InvalidParameter(parameter: "parameter", "no ensemble takes a parameter \(QuotedValue.quote(entry.name)); the parameters are \(Self.keys.joined(separator: ", "))")
        }
    }

    /// The value of the parameter `name`, which `ensemble` requires.
    public func required(_ name: String, by ensemble: any WeightEnsemble.Type) throws -> Double {
        guard let value = self[name] else {
            let range = ensemble.declaredParameters.first { $0.name == name }?.range ?? "a number"
            throw InvalidParameter(parameter: name, "the \(ensemble.name) ensemble needs \(name), \(range)")
        }
        return value
    }
}

/// An ensemble whose only parameter is the scale: it is built from sigma
/// alone, and refuses shape parameters meant for another ensemble.
public protocol ScaleOnlyEnsemble: WeightEnsemble {
    /// Builds the ensemble at scale `sigma`.
    /// - Throws: ``InvalidParameter`` if sigma is out of range.
    init(sigma: Double) throws
}

extension ScaleOnlyEnsemble {
    /// Builds the ensemble at scale `sigma`, refusing shape parameters (it has none).
    /// - Throws: ``InvalidParameter`` if a shape parameter is given or sigma is out of range.
    public init(sigma: Double, parameters: EnsembleParameters) throws {
        try parameters.expectOnly(declaredBy: Self.self)
        try self.init(sigma: sigma)
    }

    /// None: the scale is the only parameter.
    public var parameters: EnsembleParameters { .none }
}
