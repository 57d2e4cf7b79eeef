import RandomNets

/// The architecture of the trained networks: an input layer d_in -> N, L
/// hidden N x N layers, an output layer N -> d_out. The activation follows
/// the input layer and every hidden layer (L + 1 times); the output is
/// linear. Depth L counts the hidden N x N layers, the ones the limit
/// theorems (and Lyapunov initialization) are about.
///
/// All parameters live in one flat array: layer k (k = 0 is the input
/// layer, k = L + 1 the output layer) stores its weights row-major
/// (fanOut x fanIn, W[i * fanIn + j]) followed by its biases (if any), so
/// an optimizer or a norm sees one vector.
public struct MLPShape: Sendable, Equatable {
    /// Input dimension d_in.
    public let inputs: Int
    /// Width N of the input layer's output and of every hidden layer.
    public let width: Int
    /// Depth L: the number of hidden N x N layers.
    public let depth: Int
    /// Output dimension d_out.
    public let outputs: Int
    /// Whether every layer has a bias vector.
    public let biases: Bool

    /// Largest number of parameters accepted (8 MB of doubles per copy; the
    /// trainer holds four copies: parameters, gradient and two Adam moments).
    public static let maxParameters = 1 << 20
    /// Largest number of hidden layers trained.
    public static let maxDepth = 10_000

    /// A shape, checked.
    /// - Throws: `InvalidParameter` (from RandomNets) for an invalid width, a depth outside 1...10000, or more than ``maxParameters`` parameters.
    public init(inputs: Int, width: Int, depth: Int, outputs: Int, biases: Bool) throws {
        try Validate.width(width)
        guard depth >= 1, depth <= Self.maxDepth else {
            throw InvalidParameter(parameter: "depth", "must be an integer from 1 to \(Self.maxDepth) for training, got \(depth)")
        }
        self.inputs = inputs
        self.width = width
        self.depth = depth
        self.outputs = outputs
        self.biases = biases
        let count = Self.count(inputs: inputs, width: width, depth: depth, outputs: outputs, biases: biases)
        guard count <= Double(Self.maxParameters) else {
            throw InvalidParameter(parameter: "width", "a network of width \(width) and depth \(depth) has \(Int(count)) parameters; at most \(Self.maxParameters) are trained (lower --width or --depth)")
        }
    }

    private static func count(inputs: Int, width: Int, depth: Int, outputs: Int, biases: Bool) -> Double {
        let n = Double(width), b = biases ? 1.0 : 0.0
        return Double(inputs) * n + n * b + Double(depth) * (n * n + n * b) + n * Double(outputs) + Double(outputs) * b
    }

    /// Weight matrices: input, L hidden, output.
    public var layerCount: Int { depth + 2 }

    /// The fan-in of layer k (k = 0 is the input layer).
    public func fanIn(_ k: Int) -> Int { k == 0 ? inputs : width }
    /// The fan-out of layer k (k = L + 1 is the output layer).
    public func fanOut(_ k: Int) -> Int { k == depth + 1 ? outputs : width }
    /// Whether layer k is one of the L hidden layers.
    public func isHidden(_ k: Int) -> Bool { k >= 1 && k <= depth }

    /// Offset of layer k's weights in the flat parameter array.
    public func weightOffset(_ k: Int) -> Int {
        // Layers before k: the input layer, then k - 1 hidden layers.
        guard k > 0 else { return 0 }
        let b = biases ? 1 : 0
        return inputs * width + width * b + (k - 1) * (width * width + width * b)
    }

    /// Offset of layer k's biases (meaningful only when `biases`).
    public func biasOffset(_ k: Int) -> Int { weightOffset(k) + fanIn(k) * fanOut(k) }

    /// Number of parameters, weights and biases.
    public var parameterCount: Int {
        weightOffset(depth + 1) + width * outputs + (biases ? outputs : 0)
    }
}
