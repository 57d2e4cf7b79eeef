import Foundation
import RandomNets

/// R independent runs of one configuration, in parallel across runs (each
/// run on one thread), collected in run order: the results depend on the
/// seed and the run indices only, never on the thread count.
public enum TrainingExperiment {
    /// The run index of validation run v: validation seeds are disjoint from
    /// the fresh runs 0 ..< R that are reported.
    public static func validationIndex(_ v: Int) -> UInt64 { (1 << 48) + UInt64(v) }

    /// Whether run `index` is a validation run (`validationIndex`).
    public static func isValidation(_ index: UInt64) -> Bool { index >= 1 << 48 }

    /// Runs the runs `indices` of `config` on `threads` threads and returns their results in the order of `indices`; `progress` is called with the number of runs done.
    /// - Throws: `InvalidParameter` (from RandomNets) for an invalid thread count or configuration.
    public static func run(_ config: TrainingConfig, indices: [UInt64], threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> [RunResult] {
        try Validate.threads(threads)
        let slots = Slots(count: indices.count)
        let workers = max(1, min(threads, indices.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < indices.count {
                slots.store(i, Result { try TrainingRun.run(config, index: indices[i]) })
                progress?(slots.finished())
                i += workers
            }
        }
        return try slots.values.map { try $0!.get() }
    }

    /// Disjoint result slots per run, written by one thread each.
    final class Slots: @unchecked Sendable {
        private(set) var values: [Result<RunResult, any Error>?]
        private let lock = NSLock()
        private var done = 0

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func store(_ i: Int, _ r: Result<RunResult, any Error>) {
            lock.lock(); values[i] = r; done += 1; lock.unlock()
        }

        func finished() -> Int { lock.lock(); defer { lock.unlock() }; return done }
    }
}
