import CGSL

/// A failure reported by a GSL routine, carried as a Swift error instead of
/// GSL's default handler, which calls abort().
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// GSL's status code.
    public let status: Int32
    /// The GSL routine that failed.
    public let routine: String

    /// The routine, GSL's reason and the status, in one line.
    public var description: String {
        let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown error"
        return "\(routine) failed: \(reason) (GSL status \(status))"
    }
}

/// Turns GSL's aborting error handler off, once per process. Every GSL entry
/// point in RandomNets goes through this first, so no GSL failure can abort.
enum GSLRuntime {
    private static let installed: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    static func ensureErrorHandlerOff() {
        _ = installed
    }

    /// Converts a GSL status to a thrown error.
    static func check(_ status: Int32, _ routine: String) throws {
        if status != Int32(GSL_SUCCESS) { throw GSLError(status: status, routine: routine) }
    }
}
