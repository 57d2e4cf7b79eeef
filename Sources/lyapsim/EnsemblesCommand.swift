import ArgumentParser
import RandomNets

struct EnsemblesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensembles",
        abstract: "List the weight ensembles and framework presets.")

    func run() {
        print("Ensembles (--ensemble), all scaled to E W_ij^2 = sigma^2/N:")
        for type in EnsembleRegistry.types {
            let flags = [type is any RotationInvariantEnsemble.Type ? "rotation invariant" : nil,
                         type.meetsLimitTheoremAssumptions ? nil : "outside the theorem's assumptions"].compactMap { $0 }
            let note = flags.isEmpty ? "" : " [\(flags.joined(separator: "; "))]"
            print("  \(type.name.padding(toLength: 17, withPad: " ", startingAt: 0))\(type.summary)\(note)")
        }
        print("\nPresets (--preset): ensemble and sigma as the framework's call draws them for an N x N layer:")
        for p in InitializerPreset.all {
            print("  \(p.name.padding(toLength: 22, withPad: " ", startingAt: 0))\(p.ensemble): \(p.formula)")
        }
    }
}
