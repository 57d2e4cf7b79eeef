import RandomNets

/// The identity of a run: a digest of the resolved values the computation
/// consumes (the network spec with its ensemble, parameters and activation,
/// the simulation config, burn-in, ...), never of a hand-kept list of flags.
///
/// It is derived with `dump`, which walks every stored property of every
/// value recursively, so a field added to a spec, an ensemble or a config is
/// part of the identity without anyone remembering to add it. Values that
/// cannot change a number (the thread count, the first sample of a shard)
/// are normalized by the caller before hashing, see `SimulationConfig.identityForm`.
/// Numbers chosen by code rather than stored (an ensemble's start direction)
/// enter through `DerivedRunInputs`: the value given as `startingFrom` adds their bits.
///
/// Two partial-result files (shards, checkpoints) belong to one run exactly
/// when their identities agree; `merge` recomputes the identity from the
/// stored command line and refuses when it no longer matches.
public struct RunIdentity: Sendable, Equatable, CustomStringConvertible {
    /// 16 hex digits of FNV-1a (64 bit) over the canonical dump.
    public let digest: String
    /// The canonical text the digest was taken of (for diagnostics and tests).
    public let canonical: String

    /// `inputs`: the value whose network the run starts from the ensemble's
    /// input directions of (a spec, a layer list), or nil for a run that
    /// takes its inputs elsewhere (profile's Gaussian inputs, training
    /// data). It is a required argument, not one of `values`, so a command
    /// cannot leave those directions out of its identity by passing loose fields.
    public init(command: String, startingFrom inputs: (any DerivedRunInputs)?, _ values: Any...) {
        var text = "command: \(command)\n"
        if let inputs {
            dump(inputs, to: &text)
            text += "derived inputs: \(Self.fnv1a(inputs.derivedInputs.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")))\n"
        }
        for value in values { dump(value, to: &text) }
        canonical = text
        digest = Self.fnv1a(text)
    }

    /// Rebuilds an identity read from a file (only the digest is stored).
    public init(digest: String) {
        self.digest = digest
        canonical = ""
    }

    public var description: String { digest }

    public static func == (a: RunIdentity, b: RunIdentity) -> Bool { a.digest == b.digest }

    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
