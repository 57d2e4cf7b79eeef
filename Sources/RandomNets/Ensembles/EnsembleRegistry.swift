/// Every ensemble `--ensemble` accepts. Adding one: a file with a type
/// conforming to `WeightEnsemble`, and its line here.
public enum EnsembleRegistry {
    /// Every ensemble `--ensemble` accepts; adding an ensemble adds its type here.
    public static let types: [any WeightEnsemble.Type] = [
        GaussianEnsemble.self,
        OrthogonalEnsemble.self,
        UniformEnsemble.self,
        TruncatedNormalEnsemble.self,
        StudentTEnsemble.self,
        RademacherEnsemble.self,
        SparseEnsemble.self,
        DiagonalNoiseEnsemble.self,
        ReluOrthogonalEnsemble.self,
    ]

    /// The names of ``types``, in order.
    public static var names: [String] { types.map { $0.name } }

    /// The names of the rotation-invariant ensembles, the only ones that allow ``SamplingMethod/reduced``.
    public static var rotationInvariantNames: [String] {
        types.filter { $0 is any RotationInvariantEnsemble.Type }.map { $0.name }
    }

    /// The ensemble type called `name`.
    /// - Throws: ``InvalidParameter`` naming the accepted ensembles if there is none.
    public static func type(named name: String) throws -> any WeightEnsemble.Type {
        guard let type = types.first(where: { $0.name == name }) else {
            throw InvalidParameter(parameter: "ensemble", "unknown ensemble \(QuotedValue.quote(name)); one of \(names.joined(separator: ", "))")
        }
        return type
    }

    /// Every declared shape parameter, with the ensemble that takes it, in
    /// the order of ``types``.
    public static var parameters: [(parameter: EnsembleParameter, ensemble: String)] {
        types.flatMap { type in type.declaredParameters.map { ($0, type.name) } }
    }

    /// The ensemble `name` at scale `sigma`.
    public static func make(_ name: String, sigma: Double, parameters: EnsembleParameters = .none) throws
        -> any WeightEnsemble
    {
        try type(named: name).init(sigma: sigma, parameters: parameters)
    }
}

extension WeightEnsemble {
    /// None, unless the ensemble declares its own.
    public static var declaredParameters: [EnsembleParameter] { [] }
}
