import RandomNets

/// The random streams of one run, all derived from (seed, run index) with
/// SplitMix (`StreamSeed`): the data, the outer layers, the hidden layers
/// and the mini-batch order each have their own, so two runs with the same
/// index see the same data, outer layers and batches whatever their
/// initialization (the pairing of the paired tests), and a run's numbers do
/// not depend on which thread ran it or on what else ran.
public struct RunStreams: Sendable {
    /// The 64-bit seed of the run, from which each stream is derived.
    public let base: UInt64

    /// The streams of run `run` under `seed`.
    public init(seed: UInt64, run: UInt64) { base = StreamSeed.derive(seed: seed, stream: run) }

    enum Kind: UInt64 { case data = 1, outerLayers = 2, hiddenLayers = 3, batches = 4 }

    func stream(_ kind: Kind) -> RandomStream<Xoshiro256PlusPlus> {
        RandomStream(seed: StreamSeed.derive(seed: base, stream: kind.rawValue))
    }

    /// Candidate c of Lyapunov sampling: candidate 0 is the hidden stream
    /// itself (so it equals `lyapunov`'s draw), the others derived from it.
    func candidate(_ c: Int) -> RandomStream<Xoshiro256PlusPlus> {
        let hidden = StreamSeed.derive(seed: base, stream: Kind.hiddenLayers.rawValue)
        return RandomStream(seed: c == 0 ? hidden : StreamSeed.derive(seed: hidden, stream: UInt64(c)))
    }
}
