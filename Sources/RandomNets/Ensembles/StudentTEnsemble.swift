import Foundation

/// Entries iid Student-t with nu > 2 degrees of freedom, rescaled to variance
/// sigma^2/N (t_nu has variance nu/(nu - 2)): heavy tails with a bounded
/// density, inside the limit theorems for every nu > 2. For nu <= 4 the
/// entries have no fourth moment.
public struct StudentTEnsemble: EntrywiseEnsemble {
    public static let name = "student-t"
    public static let summary = "iid Student-t entries with nu > 2 degrees of freedom (dof), rescaled to variance sigma^2/N"
    public static let meetsLimitTheoremAssumptions = true

    public let sigma: Double
    /// The degrees of freedom nu (above 2, so the variance is finite).
    public let dof: Double
    public var parameters: EnsembleParameters { EnsembleParameters(["dof": dof]) }
    public static let declaredParameters = [
        EnsembleParameter(name: "dof", label: "nu = ", meaning: "Student-t degrees of freedom nu",
                          range: "a number above 2 and at most 1e6"),
    ]

    public init(sigma: Double, parameters: EnsembleParameters) throws {
        try Validate.sigma(sigma)
        try parameters.expectOnly(declaredBy: Self.self)
        let nu = try parameters.required("dof", by: Self.self)
        guard nu.isFinite, nu > 2, nu <= 1e6 else {
            throw InvalidParameter(parameter: "dof", "must be a number above 2 and at most 1e6 (finite variance), got \(nu)")
        }
        self.sigma = sigma
        self.dof = nu
    }

    /// E log|xi| = (1/2)[log(nu - 2) + psi(1/2) - psi(nu/2)] and
    /// Var log|xi| = (1/4)[psi'(1/2) + psi'(nu/2)] for xi = t_nu sqrt((nu-2)/nu):
    /// xi^2 = (nu - 2) Z^2 / V with Z^2 ~ chi^2_1 and V ~ chi^2_nu independent.
    public func standardEntryLogMoments() throws -> (mean: Double, variance: Double)? {
        let mean = 0.5 * (log(dof - 2) + (try Special.digamma(0.5)) - (try Special.digamma(dof / 2)))
        let variance = 0.25 * ((try Special.trigamma(0.5)) + (try Special.trigamma(dof / 2)))
        return (mean, variance)
    }

    @inline(__always)
    public func fillStandardEntries<Bits: RandomNumberGenerator>(
        _ buffer: UnsafeMutablePointer<Double>, count: Int, stream: inout RandomStream<Bits>
    ) {
        // t = z / sqrt(V / nu), V = 2 G with G ~ Gamma(nu/2); standardized by sqrt((nu-2)/nu).
        let shape = dof / 2
        let scale = (dof - 2).squareRoot()
        for i in 0..<count {
            let z = stream.nextNormal()
            let v = 2 * GammaVariate.draw(shape: shape, stream: &stream)
            buffer[i] = scale * z / v.squareRoot()
        }
    }
}

/// Gamma(shape, 1) variates by Marsaglia and Tsang's method ("A simple method
/// for generating gamma variables", ACM TOMS 2000): exact rejection from a
/// transformed normal for shape >= 1, and G(a) = G(a + 1) U^(1/a) below 1.
enum GammaVariate {
    @inline(__always)
    static func draw<Bits: RandomNumberGenerator>(shape a: Double, stream: inout RandomStream<Bits>) -> Double {
        if a < 1 {
            let g = draw(shape: a + 1, stream: &stream)
            return g * pow(stream.nextOpenUniform(), 1 / a)
        }
        let d = a - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = stream.nextNormal()
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = stream.nextOpenUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}
