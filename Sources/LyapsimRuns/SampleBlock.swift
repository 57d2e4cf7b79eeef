/// Per-sample results of a run over a contiguous range of sample indices:
/// a fixed list of named column groups (`width` doubles per sample each),
/// each stored as one array in sample order. Any Monte Carlo command can
/// describe what it keeps per sample this way; shards, checkpoints and
/// merges then handle it without knowing what the columns mean, and a
/// group comes back as the very array the statistics take (no copying
/// between layouts).
public struct SampleBlock: Sendable, Equatable {
    /// A named group of `width` consecutive doubles per sample.
    public struct Column: Sendable, Equatable {
        public let name: String
        public let width: Int
        public init(_ name: String, width: Int) {
            precondition(width >= 1)
            self.name = name
            self.width = width
        }
    }

    public let columns: [Column]
    /// Index (in the whole run) of the first sample.
    public let first: Int
    /// One array per column group, `count * width` long, in sample order.
    public private(set) var groups: [[Double]]

    public var count: Int { groups.first.map { $0.count / columns[0].width } ?? 0 }
    public var indices: Range<Int> { first..<(first + count) }
    /// Doubles per sample, over all groups.
    public var stride: Int { columns.reduce(0) { $0 + $1.width } }

    /// An empty block starting at `first`.
    public init(columns: [Column], first: Int) {
        self.init(columns: columns, first: first, groups: columns.map { _ in [] })
    }

    public init(columns: [Column], first: Int, groups: [[Double]]) {
        precondition(!columns.isEmpty && groups.count == columns.count)
        let n = groups[0].count / columns[0].width
        precondition(zip(columns, groups).allSatisfy { $0.1.count == n * $0.0.width })
        self.columns = columns
        self.first = first
        self.groups = groups
    }

    /// Joins the block that starts where this one ends.
    public mutating func append(_ next: SampleBlock) {
        precondition(next.columns == columns && next.first == first + count)
        for i in groups.indices { groups[i].append(contentsOf: next.groups[i]) }
    }

    /// One column group in sample order (nil if absent).
    public func group(_ name: String) -> [Double]? {
        columns.firstIndex { $0.name == name }.map { groups[$0] }
    }
}
