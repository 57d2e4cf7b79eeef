/// Per-sample results of a run over a contiguous range of sample indices:
/// a fixed set of named column groups, `stride` doubles per sample, rows in
/// index order. Any Monte Carlo command can describe what it keeps per
/// sample this way; shards, checkpoints and merges then handle it without
/// knowing what the columns mean.
public struct SampleBlock: Sendable, Equatable {
    /// A named group of `width` consecutive doubles per sample.
    public struct Column: Sendable, Equatable {
        public let name: String
        public let width: Int
        public init(_ name: String, width: Int) {
            self.name = name
            self.width = width
        }
    }

    public let columns: [Column]
    /// Index (in the whole run) of the first row.
    public let first: Int
    /// Row-major values, `stride` per sample.
    public private(set) var values: [Double]

    public var stride: Int { columns.reduce(0) { $0 + $1.width } }
    public var count: Int { stride == 0 ? 0 : values.count / stride }
    public var indices: Range<Int> { first..<(first + count) }

    public init(columns: [Column], first: Int, values: [Double] = []) {
        self.columns = columns
        self.first = first
        self.values = values
        precondition(stride > 0 && values.count % stride == 0)
    }

    /// Joins the block that starts where this one ends.
    public mutating func append(_ next: SampleBlock) {
        precondition(next.columns == columns && next.first == first + count)
        values.append(contentsOf: next.values)
    }

    /// Builds a block row by row from column groups given as flat arrays
    /// (each `count * width` long, in sample order).
    public init(columns: [Column], first: Int, groups: [[Double]]) {
        precondition(groups.count == columns.count)
        let n = columns.isEmpty ? 0 : groups[0].count / columns[0].width
        let stride = columns.reduce(0) { $0 + $1.width }
        var values = [Double](repeating: 0, count: n * stride)
        var offset = 0
        for (column, group) in zip(columns, groups) {
            precondition(group.count == n * column.width)
            for i in 0..<n {
                for j in 0..<column.width { values[i * stride + offset + j] = group[i * column.width + j] }
            }
            offset += column.width
        }
        self.init(columns: columns, first: first, values: values)
    }

    /// One column group as a flat array in sample order (nil if absent).
    public func group(_ name: String) -> [Double]? {
        var offset = 0
        for column in columns {
            if column.name == name {
                let s = stride, w = column.width
                var out = [Double](repeating: 0, count: count * w)
                for i in 0..<count {
                    for j in 0..<w { out[i * w + j] = values[i * s + offset + j] }
                }
                return out
            }
            offset += column.width
        }
        return nil
    }
}
