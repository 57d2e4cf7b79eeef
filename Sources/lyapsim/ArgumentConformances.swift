import ArgumentParser
import RandomNets
import RandomNetsTraining

extension Initialization: ExpressibleByArgument {}
extension SamplingMethod: ExpressibleByArgument {}

/// Turns the library's `InvalidParameter` into ArgumentParser's validation
/// error, whose message the entry point prints as `--parameter: ...`.
enum CLIError {
    static func usage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as InvalidParameter { throw ValidationError("--\(e)") }
    }
}
extension OptimizerKind: ExpressibleByArgument {}
