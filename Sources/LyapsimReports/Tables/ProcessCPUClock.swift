#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CPU time of this process, every thread together (user and system):
/// what a part of a table costs in core-seconds. Wall time would count a
/// part run with `--threads 8` as an eighth of what it used, and a part that
/// waited for a busy core as more.
enum ProcessCPUClock {
    /// Seconds of CPU time used so far (0 if the clock cannot be read, so a
    /// cost is never nan).
    static func seconds() -> Double {
        var t = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) == 0 else { return 0 }
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
