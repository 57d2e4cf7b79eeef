import Foundation

/// lambda by the increments of log||x_t|| with a control variate, for Leaky
/// ReLU networks whose weights have sign-symmetric rows and E W_ij^2 =
/// sigma^2/N (the iid symmetric laws and Haar).
///
/// After a burn-in of B layers each network gives the mean of its
/// increments l_t = log||phi(h_t)|| (u_{t-1} of unit norm) and of the
/// controlled increments
///
///   c_t = l_t - (X_t / mu - 1) / 2,   X_t = ||phi(h_t)||^2 = exp(2 l_t),
///
/// with mu = sigma^2 (1 + a^2) / 2. Each h_i is symmetric whatever u is, so
/// E[phi(h_i)^2 | u] = (1 + a^2)/2 E[h_i^2 | u] and E[X_t | u_{t-1}] = mu
/// exactly: the control has mean 0 in every layer and the controlled mean
/// estimates the same lambda without bias. Since log y - (y - 1) =
/// -(y - 1)^2/2 + ..., c_t drops the first-order fluctuation of X and keeps
/// the second-order term, where the entries' kurtosis acts; the variance
/// falls about N-fold. The control needs Var X < infinity, a finite fourth
/// moment of the entries (Student-t needs nu > 4).
public struct ControlVariateLyapunov: Sendable {
    /// Per surviving network, the mean plain increment (S_L - S_B) / (L - B).
    public let plain: SampleMoments
    /// Per surviving network, the mean controlled increment.
    public let controlled: SampleMoments
    /// Networks whose signal died (left out of both).
    public let dead: Int
    /// mu = E X_t, the control's centre.
    public let mu: Double

    /// Var plain / Var controlled: how many times fewer networks the control needs.
    public var varianceReduction: Double { plain.variance / controlled.variance }

    /// E X_t = sigma^2 (1 + a^2) / 2 for Leaky ReLU with slope a and weights
    /// of sign-symmetric rows at scale sigma.
    /// - Throws: ``InvalidParameter`` when the activation is not Leaky ReLU or
    ///   the rows are not sign symmetric (then E X_t is not known exactly).
    public static func mu(for spec: NetworkSpec) throws -> Double {
        guard let a = ActivationRegistry.leakySlope(of: spec.activation) else {
            throw InvalidParameter(parameter: "activation", "the control variate is exact for Leaky ReLU only, not \(spec.activation)")
        }
        guard type(of: spec.ensemble).hasSignSymmetricRows else {
            throw InvalidParameter(parameter: "ensemble", "the control variate needs sign-symmetric rows; \(spec.ensemble.description) has none")
        }
        return spec.sigma * spec.sigma * (1 + a * a) / 2
    }

    /// Simulates `config.samples` networks and estimates lambda both ways.
    /// `mu` defaults to the exact `mu(for:)`; another value gives a biased
    /// control (what the tests use to show the check has power).
    public init(_ spec: NetworkSpec, _ config: SimulationConfig, burnIn: Int, mu: Double? = nil) throws {
        guard burnIn >= 0, burnIn < spec.depth else {
            throw InvalidParameter(parameter: "burn-in", "must be an integer from 0 to depth - 1 = \(spec.depth - 1), got \(burnIn)")
        }
        let centre = try mu ?? Self.mu(for: spec)
        let observer = Observer(samples: config.samples, burnIn: burnIn, mu: centre)
        let result = try Simulator.run(spec, config, observer: observer)
        let t = Double(spec.depth - burnIn)
        let alive = (0..<config.samples).filter { result.finalLogNorms[$0].isFinite }
        plain = SampleMoments(alive.map { observer.buffer[3 * $0 + 1] / t })
        controlled = SampleMoments(alive.map { observer.buffer[3 * $0 + 2] / t })
        dead = config.samples - alive.count
        self.mu = centre
    }

    /// Per sample: [S_{t-1}, sum l_t, sum c_t], written by the sample's thread only.
    final class Observer: LayerObserver, @unchecked Sendable {
        let burnIn: Int
        let mu: Double
        let buffer: UnsafeMutableBufferPointer<Double>

        init(samples: Int, burnIn: Int, mu: Double) {
            self.burnIn = burnIn
            self.mu = mu
            buffer = .allocate(capacity: 3 * samples)
            buffer.initialize(repeating: 0)
        }

        deinit { buffer.deallocate() }

        func observe(sample: Int, layer: Int, preActivation: UnsafeBufferPointer<Double>,
                     activation: UnsafeBufferPointer<Double>, logNorm: Double) {
            let row = buffer.baseAddress! + 3 * sample
            let increment = logNorm - row[0]
            row[0] = logNorm
            guard layer > burnIn else { return }
            row[1] += increment
            row[2] += increment - 0.5 * (exp(2 * increment) / mu - 1)
        }
    }
}
