import ArgumentParser
import LyapsimReports
import RandomNets

/// `lyapsim init --ensemble diagonal-noise --target-depth L`: Lee, Choi and Kim's
/// noise search (RandomNets/Simulation/NoiseSearch.swift states the criterion).
extension InitCommand {
    static let maxTargetDepth = 100_000

    func validateNoiseSearch() throws {
        guard let targetDepth, targetDepth >= 1, targetDepth <= Self.maxTargetDepth else {
            throw InvalidParameter(parameter: "target-depth", "must be an integer from 1 to \(Self.maxTargetDepth), got \(targetDepth.map(String.init) ?? "nothing")")
        }
        guard ensemble == DiagonalNoiseEnsemble.name else {
            throw InvalidParameter(parameter: "target-depth", "searches the noise of --ensemble diagonal-noise; give --ensemble diagonal-noise")
        }
        if shapeParameters.parameters["noise"] != nil { throw InvalidParameter(parameter: "noise", "is what --target-depth searches; give one of them") }
        if preset != nil { throw InvalidParameter(parameter: "preset", "does not apply with --target-depth") }
        try shapeParameters.parameters.expectOnly(declaredBy: DiagonalNoiseEnsemble.self)
        guard inputs >= 1, inputs <= ActivationProfile.maxInputs else {
            throw InvalidParameter(parameter: "inputs", "must be an integer from 1 to \(ActivationProfile.maxInputs), got \(inputs)")
        }
        _ = try ActivationRegistry.make(activation, slope: slopeOption, beta: beta)
        // One bisection step profiles M networks of depth L at width N.
        let normals = Double(simulation.samples) * Double(targetDepth) * Double(width * width) * 30
        guard normals <= SimulationConfig.maxNormals else {
            throw InvalidParameter(parameter: "samples", "samples x target depth x N^2 x 30 bisection steps is more than 1e15 random numbers; lower them")
        }
    }

    func runNoiseSearch() throws {
        let phi = try ActivationRegistry.make(activation, slope: slopeOption, beta: beta)
        let report = try NoiseSearchReport(activation: phi, width: width, targetDepth: targetDepth!, inputs: inputs,
                                           config: simulation.config())
        format.emit(report)
    }
}
