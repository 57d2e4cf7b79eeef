import Foundation
import LyapsimRuns
import RandomNets
import Testing

/// The pieces of sharded, checkpointed runs: ranges that tile 0..<M, a file
/// codec that returns every bit, and runs over index ranges that equal the
/// matching slice of the whole run (sample i depends on (seed, i) only).
@Suite("Runs: shard ranges, partial-result files, chunked runs")
struct ShardingTests {
    @Test("K/N ranges are contiguous, disjoint, cover 0..<M and differ in size by at most one (no overflow at M = 1e12)")
    func rangesTile() throws {
        for (m, n) in [(1, 1), (2, 2), (103, 4), (1000, 7), (1000, 1000), (1_000_000_000_000, 999), (Int.max / 2, 1000)] {
            var next = 0
            var sizes = Set<Int>()
            for k in 0..<n {
                let r = try ShardSpec(parsing: "\(k)/\(n)").range(samples: m)
                #expect(r.lowerBound == next)
                next = r.upperBound
                sizes.insert(r.count)
            }
            #expect(next == m)
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
        // Power: a wrong tiling would be seen (shards of 103 over 4 are 26, 26, 26, 25).
        #expect(try ShardSpec(parsing: "3/4").range(samples: 103) == 78..<103)
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: InvalidParameter.self) { try ShardSpec(parsing: bad) }
        }
    }

    @Test("a partial-result file returns every bit: -inf, -0, subnormals, NaN payloads, huge and tiny values")
    func codecIsExact() throws {
        let specials: [Double] = [-.infinity, -0.0, 0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                  Double(bitPattern: 0x7FF8_0000_0000_1234), 1 / 3, -1e-300, 0.1]
        let columns = [SampleBlock.Column("S_L", width: 1), .init("rest", width: 3)]
        let block = SampleBlock(columns: columns, first: 5,
                                groups: [specials, (0..<27).map { specials[$0 % 9] * Double($0) }])
        let file = PartialResult(lyapsimVersion: "9.9", command: "estimate", run: RunIdentity(command: "estimate", startingFrom: nil, 1),
                                 arguments: ["--width", "2", "--slope", "-0.5"],
                                 samples: 20, range: 5..<17, block: block)
        let back = try PartialResult.decode(file.encoded(), path: "x")
        for (a, b) in zip(file.block.groups, back.block.groups) {
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        }
        #expect(back.range == 5..<17 && back.block.first == 5 && back.arguments == file.arguments && !back.isComplete)
        #expect(back.run == file.run && back.run.digest.count == 16)
        // Power: one flipped bit in the data (the last value's lowest bit, or a
        // NaN written over a value) is refused by the checksum, not read back.
        var damaged = file.encoded()
        damaged[damaged.count - 8] ^= 1
        #expect { try PartialResult.decode(damaged, path: "x") } throws: { error in
            "\(error)".contains("do not match the header's checksum")
        }
        var nan = file.encoded()
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { nan.replaceSubrange((nan.count - 8)..<nan.count, with: $0) }
        #expect(throws: PartialResult.Malformed.self) { try PartialResult.decode(nan, path: "x") }
        // A file of format 2 (the same without the checksum line) is still read.
        let text = String(decoding: file.encoded(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var old = file.encoded()
        let checksumLine = try #require(lines.first { $0.hasPrefix("checksum: ") })
        let range = try #require(old.range(of: Data((checksumLine + "\n").utf8)))
        old.removeSubrange(range)
        let magic = try #require(old.range(of: Data("lyapsim-partial-result: 3".utf8)))
        old.replaceSubrange(magic, with: Data("lyapsim-partial-result: 2".utf8))
        let read = try PartialResult.decode(old, path: "x")
        #expect(read.block.groups.map { $0.map(\.bitPattern) } == file.block.groups.map { $0.map(\.bitPattern) })
        #expect(throws: PartialResult.Malformed.self) { try PartialResult.decode(file.encoded().dropLast(), path: "x") }
    }

    @Test("runs over index ranges, chunked any way, give the whole run's per-sample values bit for bit")
    func chunksEqualWholeRun() throws {
        let spec = try NetworkSpec(width: 5, depth: 25, slope: 0.2, ensemble: "student-t", sigma: 1.3,
                                   parameters: EnsembleParameters(["dof": 4]))
        let config = try SimulationConfig(samples: 37, seed: 11, threads: 2)
        let whole = try EstimateRecords.simulate(spec, config, burnIn: 2, range: 0..<37)
        for minimum in [1, 3, 37] {
            var runner = ChunkedRun(range: 0..<37, minimumChunk: minimum)
            runner.targetSeconds = 0   // never grow: chunks of exactly `minimum`
            runner.checkpoint = { _ in }
            var calls = 0
            let block = try runner.run(resumed: SampleBlock(columns: whole.columns, first: 0)) { r in
                calls += 1
                return try EstimateRecords.simulate(spec, config, burnIn: 2, range: r)
            }
            #expect(calls == (37 + minimum - 1) / minimum)
            #expect(block.groups.map { $0.map(\.bitPattern) } == whole.groups.map { $0.map(\.bitPattern) })
        }
        // Power: another seed gives other values.
        var other = config
        other.seed = 12
        #expect(try EstimateRecords.simulate(spec, other, burnIn: 2, range: 0..<37).groups[0] != whole.groups[0])
    }

    @Test("a run's identity is derived from the resolved values: every ensemble parameter counts, threads do not")
    func identityIsDerived() throws {
        func identity(noise: Double, threads: Int = 1, seed: UInt64 = 1) throws -> RunIdentity {
            let spec = try NetworkSpec(width: 8, depth: 50, slope: 0.1, ensemble: "diagonal-noise", sigma: 1,
                                       parameters: EnsembleParameters(["noise": noise]))
            var config = try SimulationConfig(samples: 200, seed: seed, threads: threads)
            config.firstSample = threads   // a shard's offset is not part of the run either
            return RunIdentity(command: "estimate", startingFrom: spec, config.identityForm)
        }
        let base = try identity(noise: 0.3)
        #expect(try identity(noise: 0.3, threads: 2) == base)
        #expect(try identity(noise: 0.3) == base)   // the same values, another process's bytes: same digest
        // Power: the noise scale that the hand-kept list once left out, and the seed, change it.
        #expect(try identity(noise: 5) != base)
        #expect(try identity(noise: 0.3, seed: 2) != base)
        #expect(base.canonical.contains("noise"))
    }

    /// A value whose stored properties are the same but whose code-chosen
    /// inputs differ (a closure is dumped as "(Function)", never its result).
    struct CodeChosenInputs: DerivedRunInputs {
        let inputs: @Sendable () -> [Double]
        var derivedInputs: [Double] { inputs() }
    }

    @Test("a run's identity covers the inputs an ensemble's code chooses (its start and second directions)")
    func identityCoversDerivedInputs() throws {
        let a = RunIdentity(command: "estimate", startingFrom: CodeChosenInputs { [1, 0] })
        #expect(RunIdentity(command: "estimate", startingFrom: CodeChosenInputs { [1, 0] }) == a)
        // Power: one bit of one input changes the digest, with the same stored properties.
        #expect(RunIdentity(command: "estimate", startingFrom: CodeChosenInputs { [1, 0.0.nextUp] }) != a)
        #expect(RunIdentity(command: "estimate", startingFrom: CodeChosenInputs { [0, 1] }) != a)
        // What a spec and a layer list hand over: relu-orthogonal starts off the all-ones kernel of its W.
        let spec = try NetworkSpec(width: 4, depth: 3, slope: 0, ensemble: "relu-orthogonal", sigma: 1.5)
        let r = 1 / 2.0.squareRoot()
        let c = 1 / 6.0.squareRoot()
        #expect(spec.derivedInputs == [r, -r, 0, 0, c, c, -2 * c, 0])   // centred, not (1, ..., 1)/2
        let gaussian = try NetworkSpec(width: 4, depth: 3, slope: 0, ensemble: "gaussian", sigma: 1.5)
        #expect(gaussian.derivedInputs == [0.5, 0.5, 0.5, 0.5, r, -r, 0, 0])
        let layers = try Architecture(layers: [DenseLayer(fanIn: 3, fanOut: 5, slope: 0.1, ensemble: GaussianEnsemble(sigma: 1))])
        #expect(layers.derivedInputs.count == 6)
        #expect(RunIdentity(command: "estimate", startingFrom: spec).canonical.contains("derived inputs: "))
    }
}
