import Foundation
import RandomNets

/// `lyapsim profile`: finite-width Monte Carlo per layer beside the
/// mean-field map (and, for ReLU, the exact death laws).
public struct ProfileReport: Sendable {
    public let profile: ActivationProfile
    /// The mean-field q_l (nil where the mean-field map is not the limit of
    /// this ensemble, e.g. diagonal-plus-noise weights).
    public let meanFieldQ: [Double]?
    public let meanField: MeanField?
    public let samples: Int
    public let seed: UInt64
    public let rng: String
    public let scaleLabel: String

    public init(spec: NetworkSpec, inputs: ActivationProfile.Inputs, config: SimulationConfig,
                scaleLabel: String, meanFieldApplies: Bool) throws {
        try self.init(profile: ActivationProfile(spec: spec, inputs: inputs, config: config), config: config,
                      scaleLabel: scaleLabel, meanFieldApplies: meanFieldApplies)
    }

    /// From a profile already summarized (merged shards, a resumed
    /// checkpoint); `config` is the whole run's.
    public init(profile: ActivationProfile, config: SimulationConfig, scaleLabel: String,
                meanFieldApplies: Bool) throws {
        self.profile = profile
        let spec = profile.spec
        if meanFieldApplies {
            let mf = try MeanField(activation: spec.activation, sigma: spec.sigma)
            meanField = mf
            meanFieldQ = try mf.trajectory(inputLength: 1, depth: spec.depth)
        } else {
            meanField = nil
            meanFieldQ = nil
        }
        samples = config.samples
        seed = config.seed
        rng = config.generator.name
        self.scaleLabel = scaleLabel
    }

    var isReLU: Bool { ActivationRegistry.leakySlope(of: profile.spec.activation) == 0 }

    /// The exact probability that an input is dead by `layer` (ReLU, rotation-invariant weights).
    func deadNetworkExact(_ layer: Int) -> Double? {
        guard isReLU, profile.spec.ensemble.isRotationInvariant else { return nil }
        return DeadUnitLaw.deadNetworkProbability(width: profile.spec.width, layer: layer)
    }

    public func renderText() -> String {
        let s = profile.spec
        let f = { (x: Double) in NumberFormat.general(x, 4) }
        let pm = { (e: ActivationProfile.Estimate?) -> String in
            guard let e else { return "-" }
            return "\(f(e.mean)) +- \(NumberFormat.general(e.stderr, 2))"
        }
        var header = ["layer", "q", "q mean field", "saturated", "collapsed", "dispersion", "correlation"]
        if isReLU { header += ["mean h", "sparsity", "dead units", "dead exact", "dead nets", "dead nets exact"] }
        let rows: [[String]] = profile.layers.map { l in
            var row = [String(l.layer), pm(l.q), meanFieldQ.map { f($0[l.layer - 1]) } ?? "-",
                       pm(l.saturatedFraction), pm(l.collapsedFraction), pm(l.dispersion), pm(l.correlation)]
            if isReLU {
                row += [pm(l.preactivationMean), pm(l.sparsity), pm(l.deadFraction),
                        l.deadFractionExact.map { f($0.mean) } ?? "-", pm(l.deadNetworkFraction),
                        deadNetworkExact(l.layer).map(f) ?? "-"]
            }
            return row
        }
        var text = "lyapsim profile: \(s.activation), \(s.ensemble.name) weights, width \(s.width), depth \(s.depth), sigma \(NumberFormat.general(s.sigma)) (\(scaleLabel))\n"
        text += "  \(profile.inputCount) inputs per network (Gaussian directions, q_0 = 1), \(samples) networks, seed \(seed), rng \(rng)\n"
        if let mf = meanField {
            text += "  mean field: q* \(mf.fixedPointQ.map { NumberFormat.general($0) } ?? "none (linear map)"), chi_1 \(NumberFormat.general(mf.chi1)) (\(mf.phase.rawValue)), depth scale \(mf.depthScale.map { NumberFormat.general($0) } ?? "infinite")\n"
        }
        text += "\n" + NumberFormat.table(header: header, rows: rows)
        text += "\n\nq = ||h_l||^2/N (pre-activation); saturated: |phi'(h)| < \(ActivationProfile.saturationThreshold); collapsed: |x| < \(ActivationProfile.collapseThreshold) (input scale 1);"
        text += "\ndispersion: mean over units of the sd of x_l,i across the inputs; correlation: mean cos(h^a, h^b) over input pairs."
        if isReLU {
            text += "\ndead units: inactive (h <= 0) on every input; dead exact: its expectation given the previous layer (orthant law, B <= 3);"
            text += "\ndead nets: inputs sent to 0; exact 1 - (1 - 2^-N)^l."
        }
        return text
    }

    public func json() -> JSONValue {
        let s = profile.spec
        func est(_ name: String, _ e: ActivationProfile.Estimate?) -> [(String, JSONValue)] {
            [(name, .finite(e?.mean)), (name + "_stderr", .finite(e?.stderr))]
        }
        let layers: [JSONValue] = profile.layers.map { l in
            var fields: [(String, JSONValue)] = [("layer", .integer(l.layer))]
            fields += est("q", l.q)
            fields.append(("q_meanfield", .finite(meanFieldQ?[l.layer - 1])))
            fields += est("saturated_fraction", l.saturatedFraction)
            fields += est("collapsed_fraction", l.collapsedFraction)
            fields += est("dispersion", l.dispersion)
            fields += est("correlation", l.correlation)
            fields += est("preactivation_mean", l.preactivationMean)
            fields += est("sparsity", l.sparsity)
            fields += est("dead_fraction", l.deadFraction)
            fields.append(("dead_fraction_exact", .finite(l.deadFractionExact?.mean)))
            fields += est("dead_network_fraction", l.deadNetworkFraction)
            fields.append(("dead_network_exact", .finite(deadNetworkExact(l.layer))))
            return .object(fields)
        }
        var top: [(String, JSONValue)] = [
            ("activation", .string(s.activation.description)),
            ("ensemble", .string(s.ensemble.name)),
            ("width", .integer(s.width)),
            ("depth", .integer(s.depth)),
            ("sigma", .number(s.sigma)),
            ("init", .string(scaleLabel)),
            ("inputs", .integer(profile.inputCount)),
            ("samples", .integer(samples)),
            ("seed", .string(String(seed))),
            ("rng", .string(rng)),
            ("saturation_threshold", .number(ActivationProfile.saturationThreshold)),
            ("collapse_threshold", .number(ActivationProfile.collapseThreshold)),
        ]
        if let mf = meanField {
            top.append(("meanfield", MeanFieldReport(theory: mf).json()))
        }
        top.append(("layers", .array(layers)))
        return .object(top)
    }

    public static let csvHeader = "layer,q,q_stderr,q_meanfield,saturated_fraction,saturated_fraction_stderr,collapsed_fraction,collapsed_fraction_stderr,dispersion,dispersion_stderr,correlation,correlation_stderr,preactivation_mean,preactivation_mean_stderr,sparsity,sparsity_stderr,dead_fraction,dead_fraction_stderr,dead_fraction_exact,dead_network_fraction,dead_network_fraction_stderr,dead_network_exact"

    public func csvRows() -> [String] {
        let g = NumberFormat.csv
        return profile.layers.map { l in
            let pair = { (e: ActivationProfile.Estimate?) in [g(e?.mean), g(e?.stderr)] }
            return ([String(l.layer)] + pair(l.q) + [g(meanFieldQ?[l.layer - 1])] + pair(l.saturatedFraction)
                    + pair(l.collapsedFraction) + pair(l.dispersion) + pair(l.correlation) + pair(l.preactivationMean)
                    + pair(l.sparsity) + pair(l.deadFraction) + [g(l.deadFractionExact?.mean)]
                    + pair(l.deadNetworkFraction) + [g(deadNetworkExact(l.layer))]).joined(separator: ",")
        }
    }
}
