import Dispatch
import Foundation

/// Catches SIGINT and SIGTERM so a checkpointed run can finish the chunk in
/// hand, save, and exit 130 or 143 (128 + signal, the shell's convention).
/// Also honours LYAPSIM_TEST_STOP_AFTER=k, which stops the run as SIGINT
/// would once k samples of its range are done: how the tests interrupt a run
/// at an exact point without racing a real signal.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var signalNumber: Int32?
    private var sources: [DispatchSourceSignal] = []
    /// Test hook: stop once this many samples of the range are done.
    public let stopAfter: Int?

    public static let testStopVariable = "LYAPSIM_TEST_STOP_AFTER"

    public init(catchSignals: Bool) {
        stopAfter = ProcessInfo.processInfo.environment[Self.testStopVariable].flatMap { Int($0) }
        guard catchSignals else { return }
        let queue = DispatchQueue(label: "lyapsim.signals")
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)  // delivered to the source below instead of killing the process
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [weak self] in self?.request(sig) }
            source.resume()
            sources.append(source)
        }
    }

    func request(_ sig: Int32) {
        lock.lock()
        if signalNumber == nil { signalNumber = sig }
        lock.unlock()
    }

    /// The signal that asked the run to stop, if any.
    public var requested: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return signalNumber
    }
}

/// Thrown after a checkpoint was saved because the run was asked to stop.
public struct Interrupted: Error, CustomStringConvertible {
    public let signal: Int32
    public let done: Int
    public let total: Int
    public let unit: String
    public let checkpoint: String
    public var exitStatus: Int32 { 128 + signal }
    public var description: String {
        "interrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT") after \(done) of \(total) \(unit); saved to \(checkpoint); run the same command again to resume"
    }
}
