/// Entries iid: 0 with probability 1 - P, else N(0, sigma^2/(P N)), so that
/// E W_ij^2 = sigma^2/N for every density P in (0, 1]. Outside Assumption 3.1
/// (an atom at 0): lyapsim measures whether the limit theorems still hold.
/// Sparse layers can map a vector to exactly 0 (a zero row pattern), so a
/// network can die even with a nonzero slope.
public struct SparseEnsemble: EntrywiseEnsemble {
    public static let name = "sparse"
    public static let summary = "entries 0 with probability 1 - P, else N(0, sigma^2/(P N)) (density P; atom at 0)"
    public static let meetsLimitTheoremAssumptions = false

    public let sigma: Double
    /// The probability P that an entry is nonzero.
    public let density: Double
    public var parameters: EnsembleParameters { EnsembleParameters(["density": density]) }
    public static let declaredParameters = [
        EnsembleParameter(name: "density", label: "density ", meaning: "Sparse density P, the probability that an entry is nonzero",
                          range: "a number from 1e-9 to 1"),
    ]

    public init(sigma: Double, parameters: EnsembleParameters) throws {
        try Validate.sigma(sigma)
        try parameters.expectOnly(declaredBy: Self.self)
        let p = try parameters.required("density", by: Self.self)
        guard p.isFinite, p > 0, p <= 1, p >= 1e-9 else {
            throw InvalidParameter(parameter: "density", "must be a number from 1e-9 to 1, got \(p)")
        }
        self.sigma = sigma
        self.density = p
    }

    public func drawsPerLayer(width n: Int) -> Int { Int((Double(n * n) * (1 + density)).rounded(.up)) }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        let scale = 1 / density.squareRoot()
        for i in 0..<count {
            buffer[i] = stream.nextUniform() < density ? scale * stream.nextNormal() : 0
        }
    }
}
