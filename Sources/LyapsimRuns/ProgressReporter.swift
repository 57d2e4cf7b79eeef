import Foundation

/// "samples done of total, rate, time left" on stderr, rewritten in place at
/// most `interval` apart and erased at the end. Silent unless stderr is a
/// terminal: a log file or a pipe gets no carriage-return noise.
public final class ProgressReporter {
    let label: String
    let unit: String
    let total: Int
    let enabled: Bool
    let interval: Double
    private var start: Double
    private var startDone = 0
    private var lastPrint = -Double.infinity
    private var printed = false

    public init(label: String, total: Int, unit: String = "samples", quiet: Bool, interval: Double = 0.25) {
        self.label = label
        self.unit = unit
        self.total = total
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        self.interval = interval
        start = Self.now()
    }

    /// Whether anything will ever be shown.
    public var isActive: Bool { enabled }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Samples already done before this process started (a resumed checkpoint)
    /// count towards the total but not the rate.
    public func begin(alreadyDone: Int) {
        startDone = alreadyDone
        start = Self.now()
    }

    public func update(done: Int) {
        guard enabled else { return }
        let t = Self.now()
        guard t - lastPrint >= interval else { return }
        lastPrint = t
        let rate = Double(done - startDone) / max(t - start, 1e-9)
        var line = "\(label): \(done)/\(total) \(unit) (\(Int(100 * Double(done) / Double(max(total, 1))))%)"
        if rate > 0 {
            line += String(format: ", %.4g/s, %@ left", rate, Self.clock(Double(total - done) / rate))
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        printed = true
    }

    /// Erases the line, so the report that follows starts clean.
    public func finish() {
        guard printed else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        printed = false
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e9 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
