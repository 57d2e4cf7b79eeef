/// What a framework's initializer draws for an N x N layer with
/// fan_in = fan_out = N, as (ensemble, sigma) with E W_ij^2 = sigma^2/N.
/// `--preset NAME` sets both, so a user can ask what their default does at
/// depth. Formulas from the frameworks' documentation (docs/theory.md,
/// "Framework initializers"); gain(a) = sqrt(2/(1+a^2)) is torch's calculate_gain('leaky_relu', a).
public struct InitializerPreset: Sendable {
    /// The name `--preset` takes, such as `torch-default`.
    public let name: String
    /// The name of the ensemble the framework draws from.
    public let ensemble: String
    /// The framework's call and its formula, for the README and --help.
    public let formula: String
    /// sigma for a network with Leaky ReLU slope a.
    public let sigma: @Sendable (_ slope: Double) -> Double

    /// Every preset, PyTorch's first, then JAX's.
    public static let all: [InitializerPreset] = [
        InitializerPreset(name: "torch-default", ensemble: UniformEnsemble.name,
                          formula: "nn.Linear: kaiming_uniform_(a=sqrt(5)) = U(-1/sqrt(N), 1/sqrt(N)), sigma^2 = 1/3",
                          sigma: { _ in (1.0 / 3).squareRoot() }),
        InitializerPreset(name: "torch-kaiming-normal", ensemble: GaussianEnsemble.name,
                          formula: "kaiming_normal_(a, mode='fan_in', nonlinearity='leaky_relu'): std = gain(a)/sqrt(N)",
                          sigma: { LeakyReLU(slope: $0).heGain }),
        InitializerPreset(name: "torch-kaiming-uniform", ensemble: UniformEnsemble.name,
                          formula: "kaiming_uniform_(a, mode='fan_in', nonlinearity='leaky_relu'): bound = gain(a) sqrt(3/N)",
                          sigma: { LeakyReLU(slope: $0).heGain }),
        InitializerPreset(name: "torch-xavier-normal", ensemble: GaussianEnsemble.name,
                          formula: "xavier_normal_(gain=1): std = sqrt(2/(N + N))",
                          sigma: { _ in 1 }),
        InitializerPreset(name: "torch-xavier-uniform", ensemble: UniformEnsemble.name,
                          formula: "xavier_uniform_(gain=1): bound = sqrt(6/(N + N))",
                          sigma: { _ in 1 }),
        InitializerPreset(name: "torch-orthogonal", ensemble: OrthogonalEnsemble.name,
                          formula: "orthogonal_(gain=1): Q from QR of a Gaussian matrix, sign-corrected",
                          sigma: { _ in 1 }),
        InitializerPreset(name: "torch-orthogonal-gain", ensemble: OrthogonalEnsemble.name,
                          formula: "orthogonal_(gain=calculate_gain('leaky_relu', a)): gain(a) Q",
                          sigma: { LeakyReLU(slope: $0).heGain }),
        InitializerPreset(name: "jax-he-normal", ensemble: TruncatedNormalEnsemble.name,
                          formula: "he_normal: truncated normal (+-2 sd), variance 2/N",
                          sigma: { _ in 2.0.squareRoot() }),
        InitializerPreset(name: "jax-lecun-normal", ensemble: TruncatedNormalEnsemble.name,
                          formula: "lecun_normal: truncated normal (+-2 sd), variance 1/N",
                          sigma: { _ in 1 }),
        InitializerPreset(name: "jax-glorot-uniform", ensemble: UniformEnsemble.name,
                          formula: "glorot_uniform: bound = sqrt(3/N) (fan_avg = N)",
                          sigma: { _ in 1 }),
        InitializerPreset(name: "jax-orthogonal", ensemble: OrthogonalEnsemble.name,
                          formula: "orthogonal(scale=1.0)",
                          sigma: { _ in 1 }),
    ]

    /// The names of ``all``, in order.
    public static var names: [String] { all.map(\.name) }

    /// The preset called `name`.
    /// - Throws: ``InvalidParameter`` naming the presets if there is none.
    public static func named(_ name: String) throws -> InitializerPreset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw InvalidParameter(parameter: "preset", "unknown preset \(QuotedValue.quote(name)); one of \(names.joined(separator: ", "))")
        }
        return preset
    }
}
