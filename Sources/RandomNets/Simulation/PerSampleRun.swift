import Foundation

/// Work done one sample at a time, sample i drawing from the stream of
/// (seed, first + i) alone: the contract that makes every run bit-identical
/// for any thread count and any split into shards or chunks.
protocol PerSampleWork: Sendable {
    /// Per-thread buffers, made once per worker thread.
    associatedtype Workspace
    func makeWorkspace() -> Workspace
    func release(_ workspace: Workspace)
    /// Runs sample `index` (0-based within this run) on `stream`.
    func sample<Bits: RandomNumberGenerator>(_ index: Int, stream: inout RandomStream<Bits>, workspace: Workspace)
}

/// The one generator switch and thread loop for `PerSampleWork`: the loop
/// is compiled once per concrete bit generator.
enum PerSampleRun {
    static func run<W: PerSampleWork>(_ work: W, _ config: SimulationConfig) {
        let generator = config.generator, first = config.firstSample, seed = config.seed
        switch generator.kind {
        case .xoshiro: loop(work, config) { generator.xoshiroStream(seed: seed, index: first + $0) }
        case .xoshiroX8: loop(work, config) { generator.xoshiroX8Stream(seed: seed, index: first + $0) }
        case .gsl: loop(work, config) { generator.gslStream(seed: seed, index: first + $0) }
        }
    }

    static func loop<W: PerSampleWork, Bits: RandomNumberGenerator & SendableMetatype>(
        _ work: W, _ config: SimulationConfig, stream: @Sendable (Int) -> RandomStream<Bits>
    ) {
        let m = config.samples
        let threads = min(config.threads, m)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            let workspace = work.makeWorkspace()
            defer { work.release(workspace) }
            var i = worker
            while i < m {
                var source = stream(i)
                work.sample(i, stream: &source, workspace: workspace)
                i += threads
            }
        }
    }
}
