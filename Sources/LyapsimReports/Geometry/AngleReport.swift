import Foundation
import RandomNets

/// cos theta_l of two inputs through the same network beside the
/// infinite-width kernel map: what `lyapsim angles` prints.
public struct AngleReport: Sendable {
    let header: RunHeader
    public let profile: AngleProfile
    /// |z| above this at some layer is a departure from the kernel map: the
    /// 4-sigma two-sided level shared over the L layers (Bonferroni), for a
    /// stderr estimated from M networks (Student-t), so a correct map is
    /// flagged about once in 16,000 runs whatever the depth and M.
    public let zThreshold: Double

    public init(resolved: ResolvedEnsemble, width: Int, depth: Int, slope: Double, angle: Double,
                config: SimulationConfig) throws {
        let spec = try NetworkSpec(width: width, depth: depth, activation: LeakyReLU(slope: slope),
                                   ensemble: resolved.ensemble)
        let samples = try InputAngles.simulate(spec, config, angle: angle)
        try self.init(samples: samples, slope: slope, initialization: resolved.choice.label)
    }

    public init(samples: AngleSamples, slope: Double, initialization: String) throws {
        header = RunHeader(spec: samples.spec, slope: slope, initialization: initialization, config: samples.config)
        profile = try AngleProfile(samples)
        zThreshold = AngleReport.threshold(layers: samples.spec.depth, samples: samples.config.samples)
    }

    static func threshold(layers: Int, samples: Int) -> Double {
        TheoryComparison.zLimit(samples: samples, checks: layers)
    }

    /// The first layer whose mean departs from the kernel map beyond the
    /// threshold; nil if none.
    public var firstDeparture: AngleProfile.Layer? {
        profile.layers.first { ($0.zScore.map { abs($0) > zThreshold }) ?? false }
    }

    public var dead: Int { profile.samples.config.samples - (profile.layers.last?.alive ?? 0) }

    public func renderText() -> String {
        let f = { (x: Double) in NumberFormat.fixed(x, 5) }
        var lines = [header.title("angles"), header.setupLine
                     + ", theta_0 = \(NumberFormat.general(profile.samples.initialAngle)) (cos \(f(cos(profile.samples.initialAngle))))", ""]
        let rows = ReportedLayers.select(depth: header.spec.depth).map { l -> [String] in
            let r = profile.layers[l - 1]
            let mean = r.standardError.isFinite ? "\(f(r.meanCos)) +- \(NumberFormat.fixed(r.standardError, 5))" : f(r.meanCos)
            return [String(l), mean,
                    f(r.quantiles[0]), f(r.quantiles[2]), f(r.quantiles[4]), f(r.kernelCos),
                    r.zScore.map { NumberFormat.fixed($0, 2) } ?? "-"]
        }
        lines.append(NumberFormat.table(header: ["layer", "mean cos (+- stderr)", "5%", "median", "95%", "kernel map", "z"],
                                        rows: rows))
        lines.append("")
        let depthText = { (l: Int?) in l.map { "layer \($0)" } ?? "not within depth \(header.spec.depth)" }
        lines.append("indistinguishable (cos > \(AngleProfile.indistinguishable)): median at \(depthText(profile.medianCollapseLayer)), 95% of networks at \(depthText(profile.mostCollapseLayer)), kernel map at \(depthText(profile.kernelCollapseLayer))")
        if dead > 0 {
            lines.append("note: \(dead) of \(header.samples) networks lost a signal (ReLU); the statistics use the live ones at each layer.")
        }
        lines.append("")
        if !header.spec.ensemble.hasSignSymmetricRows {
            lines.append("verdict: the kernel map is the limit for centred weights with sign-symmetric rows; \(header.spec.ensemble.name) weights are not, so it is shown for reference only")
        } else if let departure = firstDeparture {
            lines.append("verdict: finite width departs from the kernel map from layer \(departure.layer) (z = \(NumberFormat.fixed(departure.zScore ?? 0, 2)); |z| <= \(NumberFormat.fixed(zThreshold, 2)) is the 4-sigma level over \(header.spec.depth) layers)")
        } else {
            lines.append("verdict: follows the kernel map at every layer (|z| <= \(NumberFormat.fixed(zThreshold, 2)), the 4-sigma level over \(header.spec.depth) layers)")
        }
        return lines.joined(separator: "\n")
    }

    public func json() -> JSONValue {
        var fields = header.jsonFields
        fields.append(("angle", .number(profile.samples.initialAngle)))
        fields.append(("layers", .array(profile.layers.map { r in
            .object([
                ("layer", .integer(r.layer)), ("alive", .integer(r.alive)), ("mean_cos", .finite(r.meanCos)),
                ("stderr", .finite(r.standardError)),
                ("quantiles", .object(zip(AngleProfile.quantileLevels, r.quantiles).map { ("\($0.0)", JSONValue.finite($0.1)) })),
                ("kernel_cos", .finite(r.kernelCos)), ("z_score", .finite(r.zScore)),
            ])
        })))
        fields += [("median_indistinguishable_layer", profile.medianCollapseLayer.map { .integer($0) } ?? .null),
                   ("most_indistinguishable_layer", profile.mostCollapseLayer.map { .integer($0) } ?? .null),
                   ("kernel_indistinguishable_layer", profile.kernelCollapseLayer.map { .integer($0) } ?? .null),
                   ("z_threshold", .number(zThreshold)),
                   ("first_departure_layer", firstDeparture.map { .integer($0.layer) } ?? .null),
                   ("dead", .integer(dead))]
        return .object(fields)
    }

    public var csvHeader: String {
        header.csvHeader + ",angle,layer,alive,mean_cos,stderr,q05,q25,q50,q75,q95,kernel_cos,z_score"
    }

    public func csvRows() -> [String] {
        let g = NumberFormat.csv
        return profile.layers.map { r in
            ([header.csvPrefix, g(profile.samples.initialAngle), String(r.layer), String(r.alive), g(r.meanCos),
              g(r.standardError)] + r.quantiles.map { g($0) } + [g(r.kernelCos), g(r.zScore)]).joined(separator: ",")
        }
    }
}
