import RandomNets

/// What `estimate` keeps per sample, as a `SampleBlock`: S_L (-infinity for
/// a dead network, which is its death flag), the increment sums the
/// Markov-chain statistics need (see `IncrementRecorder`), and S_1..S_L when
/// trajectories are asked for.
public enum EstimateRecords {
    public static let finalColumn = "S_L"
    public static let incrementColumn = "increments"
    public static let trajectoryColumn = "trajectory"

    public static func columns(depth: Int, burnIn: Int, trajectories: Bool) throws -> [SampleBlock.Column] {
        let stride = try IncrementRecorder(samples: 0, depth: depth, burnIn: burnIn).table.stride
        var columns: [SampleBlock.Column] = [.init(finalColumn, width: 1), .init(incrementColumn, width: stride)]
        if trajectories { columns.append(.init(trajectoryColumn, width: depth)) }
        return columns
    }

    /// Simulates the indices `range` of the run `config` describes.
    public static func simulate(_ spec: NetworkSpec, _ config: SimulationConfig, burnIn: Int,
                                range: Range<Int>) throws -> SampleBlock {
        let part = config.part(range)
        let recorder = try IncrementRecorder(samples: range.count, depth: spec.depth, burnIn: burnIn)
        let result = try Simulator.run(spec, part, observer: recorder)
        var groups = [result.finalLogNorms, recorder.table.values]
        if config.recordTrajectories { groups.append(result.trajectories) }
        return SampleBlock(columns: try columns(depth: spec.depth, burnIn: burnIn, trajectories: config.recordTrajectories),
                           first: range.lowerBound, groups: groups)
    }

    /// The statistics' inputs back from rows in sample order.
    public static func split(_ block: SampleBlock, depth: Int, burnIn: Int) throws
        -> (finalLogNorms: [Double], increments: IncrementTable, trajectories: [Double]?) {
        let shape = try IncrementRecorder(samples: 0, depth: depth, burnIn: burnIn).table
        let increments = IncrementTable(depth: depth, burnIn: burnIn, batches: shape.batches,
                                        batchSize: shape.batchSize, values: block.group(incrementColumn) ?? [])
        return (block.group(finalColumn) ?? [], increments, block.group(trajectoryColumn))
    }
}
