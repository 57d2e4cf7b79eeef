/// W = sigma (I + Z) with Z iid N(0, noise^2 / N): the diagonal-plus-noise
/// initialization of Lee, Choi and Kim ("Signal Preserving Weight
/// Initialization for Odd-Sigmoid Activations", arXiv 2509.23085)
/// for square layers, where the diagonal is D = I, and of its tanh
/// predecessor (arXiv 2410.02242: noise 0.085).
///
/// Scale convention (differs from the other ensembles on purpose): sigma
/// multiplies the whole matrix, so sigma = 1 is the papers' construction,
/// `--noise` is the papers' sigma_z at sigma = 1, and scaling W by c scales
/// sigma by c (the scale symmetry of docs/theory.md, "Symmetries", still holds). The mean square
/// entry is then sigma^2 (1 + noise^2) / N averaged over the matrix, not
/// sigma^2 / N: E||W x||^2 = sigma^2 (1 + noise^2) ||x||^2.
/// Not rotation invariant (the identity picks out the basis) and not iid.
public struct DiagonalNoiseEnsemble: WeightEnsemble {
    public static let name = "diagonal-noise"
    /// Not sign symmetric: the diagonal (or the fixed all-ones direction) breaks it.
    public static let hasSignSymmetricRows = false
    public static let summary = "sigma (I + Z), Z iid N(0, noise^2/N) (--noise; Lee, Choi and Kim's diagonal-plus-noise, D = I)"
    /// The entries are not identically distributed (Assumption 3.1 is about iid entries).
    public static let meetsLimitTheoremAssumptions = false

    public let sigma: Double
    /// The noise scale sigma_z: Z has iid N(0, sigma_z^2/N) entries.
    public let noise: Double

    /// noise in [0, 1e3]: 0 is the identity (times sigma).
    public static let noiseRange: ClosedRange<Double> = 0...1e3
    /// What `noise` accepts, in words.
    public static let noiseRule = "a number from 0 to 1000"

    public static let declaredParameters = [
        EnsembleParameter(name: "noise", label: "noise sigma_z = ",
                          meaning: "Diagonal-plus-noise scale sigma_z, W = sigma (I + Z), Z iid N(0, sigma_z^2/N)",
                          range: "a number from 0 to 1000 (the tanh value of its predecessor: 0.085)"),
    ]

    public init(sigma: Double, parameters: EnsembleParameters) throws {
        try Validate.sigma(sigma)
        try parameters.expectOnly(declaredBy: Self.self)
        let z = try parameters.required("noise", by: Self.self)
        guard z.isFinite, Self.noiseRange.contains(z) else {
            throw InvalidParameter(parameter: "noise", "must be \(Self.noiseRule), got \(z)")
        }
        self.sigma = sigma
        self.noise = z
    }

    public var parameters: EnsembleParameters { EnsembleParameters(["noise": noise]) }

    /// A short name for reports and messages.
    public var description: String { "\(Self.name)(noise = \(noise))" }

    public func drawsPerLayer(width n: Int) -> Int { n * n }

    public func scratchCount(width n: Int) -> Int { rowsPerBlock(width: n) * n }

    /// h_v = sigma (x_v + (noise / sqrt N) G x_v), G drawn a block of rows at
    /// a time like the entrywise ensembles.
    @inline(__always)
    public func applyFresh<Bits: RandomNumberGenerator>(
        to x: UnsafePointer<Double>, vectors k: Int, width n: Int, into h: UnsafeMutablePointer<Double>,
        scratch: UnsafeMutablePointer<Double>, stream: inout RandomStream<Bits>
    ) {
        let scale = sigma * noise / Double(n).squareRoot()
        let perBlock = rowsPerBlock(width: n)
        var row = 0
        while row < n {
            let rows = min(perBlock, n - row)
            stream.fillStandardNormals(scratch, count: rows * n)
            for r in 0..<rows {
                let w = scratch + r * n
                for v in 0..<k {
                    let i = row + r
                    h[v * n + i] = sigma * x[v * n + i] + scale * Kernels.dot(w, x + v * n, n)
                }
            }
            row += rows
        }
    }
}
