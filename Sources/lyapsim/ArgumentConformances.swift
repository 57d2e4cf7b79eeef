import ArgumentParser
import RandomNets

extension Ensemble: ExpressibleByArgument {}
extension Initialization: ExpressibleByArgument {}
extension SamplingMethod: ExpressibleByArgument {}

extension InvalidParameter {
    /// The same message as a ValidationError, for `validate()`.
    var validationError: ValidationError { ValidationError(description) }
}
