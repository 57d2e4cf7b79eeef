import Foundation
import RandomNets

/// Fashion-MNIST classification (lyapsim's first task on real data): 784
/// inputs, 10 classes, softmax cross-entropy.
///
/// - Split: the 60,000 training images are permuted once with a fixed seed
///   (`splitSeed`, the same for every --seed); the last 5,000 are the
///   validation split, on which the learning-rate search's validation runs
///   are scored; the other 55,000 are the training pool. The official
///   10,000 test images are the held-out set of every reported run and are
///   never used to choose anything.
/// - Inputs: pixel / 255, then standardized globally: one mean and one
///   standard deviation over every pixel of the 55,000 pool images (not per
///   pixel: border pixels are 0 in nearly every image, and one pair of
///   numbers is the usual Fashion-MNIST normalization). No validation or
///   test image enters them.
/// - `--train-size K`: run r trains on K pool images drawn without
///   replacement from its data stream (derived from (seed, r)), so every
///   method of a run sees the same subset; K = 55,000 (the default) is the
///   whole pool.
/// - Trained: test accuracy at least 0.5 (chance is 0.1).
///
/// The files are read and prepared once per process and directory (all
/// runs share the arrays).
public struct FashionMNISTTask: FileBackedTask {
    public let name = "fashion-mnist"
    public let definition = "Fashion-MNIST (Debian's dataset-fashion-mnist), 28 x 28 grey images, 10 classes; pixels / 255, standardized globally (one mean and sd over every pixel of the 55,000 training images outside the validation split); trains on --train-size K of those 55,000 (default all), a seeded subset per run shared by every method; held out: the official 10,000 test images (validation runs of the learning-rate search: the validation split, the last 5,000 of a fixed permutation of the 60,000 training images); softmax cross-entropy; a run trains when its test accuracy is at least 0.5"
    public let inputs = FashionMNIST.pixels
    public let outputs = FashionMNIST.classes
    public let loss = TrainingLoss.softmaxCrossEntropy
    /// The setting checked against PyTorch's plain MLP (784 -> 64 -> 64 -> 10, test accuracy about 0.86).
    public let referenceWidth = 64
    public let referenceDepth = 1
    /// The folder holding the four files (`--data-dir`; by default `FashionMNIST.defaultDirectory`).
    public let dataDirectory: String

    /// The training images set aside as the validation split (5,000).
    public static let validationCount = 5_000
    /// The training images outside the validation split, the training pool (55,000).
    public static let poolCount = FashionMNIST.officialCounts.training - validationCount
    /// Seed of the permutation that sets the validation split aside.
    public static let splitSeed: UInt64 = 22

    public var trainingSizes: ClosedRange<Int> { 1...Self.poolCount }
    /// The whole training pool (55,000 images).
    public var defaultTrainingSize: Int { Self.poolCount }
    public var heldOutSize: Int? { FashionMNIST.officialCounts.test }
    public var trainedAccuracy: Double? { 0.5 }
    /// True: under a Lyapunov method the 784 -> N layer gets its own sigma_crit.
    public var inputLayerFollowsMethod: Bool { true }

    /// The task reading its files from `dataDirectory` (by default where Debian installs them).
    public init(dataDirectory: String = FashionMNIST.defaultDirectory) {
        self.dataDirectory = dataDirectory
    }

    public func reading(from directory: String) -> FashionMNISTTask { FashionMNISTTask(dataDirectory: directory) }

    public func loadData() throws { _ = try Self.prepared(dataDirectory) }

    public func makeData(count: Int, evaluation: Int, context: TaskContext,
                         stream: inout RandomStream<Xoshiro256PlusPlus>) throws -> (train: Dataset, evaluation: Dataset) {
        let data = try Self.prepared(dataDirectory)
        guard trainingSizes.contains(count) else {
            throw InvalidParameter(parameter: "train-size", "must be an integer from 1 to \(Self.poolCount) for \(name), got \(count)")
        }
        let held = context.validation ? data.validation : data.test
        return (Self.subset(data.pool, count: count, stream: &stream), held)
    }

    /// The standardized data of one directory.
    public struct Prepared: Sendable {
        /// The 55,000 training images outside the validation split, in file order.
        public let pool: Dataset
        /// The validation split's images, standardized like the pool, in file order.
        public let validation: Dataset
        /// The official test images, standardized like the pool, in file order.
        public let test: Dataset
        /// The mean and standard deviation of pixel / 255 over the pool.
        public let mean: Double
        /// The population standard deviation of pixel / 255 over the pool.
        public let sd: Double
        /// Positions in the training file of the pool's and the validation split's images.
        public let poolIndices: [Int]
        /// Positions in the training file of the validation split's images, ascending.
        public let validationIndices: [Int]
    }

    /// Reads and prepares `directory`'s files once per process; a failure is
    /// remembered too, so R runs do not read a broken file R times.
    public static func prepared(_ directory: String) throws -> Prepared {
        try cache.value(directory) { try prepare(FashionMNIST.load(directory: directory)) }
    }

    /// Splits and standardizes (see the type's documentation).
    static func prepare(_ data: FashionMNIST) -> Prepared {
        let n = data.training.count
        var order = Array(0..<n)
        var split = RandomStream<Xoshiro256PlusPlus>(seed: splitSeed)
        shuffle(&order, &split)
        let poolIndices = order[0..<(n - validationCount)].sorted()
        let validationIndices = order[(n - validationCount)...].sorted()
        // Mean and variance of pixel / 255 over the pool, from a histogram of the byte values (exact sums).
        var histogram = [Int](repeating: 0, count: 256)
        let p = FashionMNIST.pixels
        data.training.images.withUnsafeBufferPointer { images in
            for s in poolIndices { for f in 0..<p { histogram[Int(images[s * p + f])] += 1 } }
        }
        let total = Double(poolIndices.count * p)
        var mean = 0.0
        for v in 0..<256 { mean += Double(histogram[v]) * (Double(v) / 255) }
        mean /= total
        var variance = 0.0
        for v in 0..<256 { let d = Double(v) / 255 - mean; variance += Double(histogram[v]) * d * d }
        variance /= total
        let sd = variance.squareRoot()
        let table = (0..<256).map { (Double($0) / 255 - mean) / sd }
        func dataset(_ part: FashionMNIST.Part, _ indices: [Int]) -> Dataset {
            let m = indices.count
            var x = [Double](repeating: 0, count: p * m)
            part.images.withUnsafeBufferPointer { images in
                x.withUnsafeMutableBufferPointer { x in
                    for (s, i) in indices.enumerated() { for f in 0..<p { x[f * m + s] = table[Int(images[i * p + f])] } }
                }
            }
            return Dataset(count: m, inputs: x, targets: indices.map { Double(part.labels[$0]) })
        }
        return Prepared(pool: dataset(data.training, poolIndices), validation: dataset(data.training, validationIndices),
                        test: dataset(data.test, Array(0..<data.test.count)), mean: mean, sd: sd,
                        poolIndices: poolIndices, validationIndices: validationIndices)
    }

    /// `count` samples of `pool` drawn without replacement (a partial
    /// Fisher-Yates shuffle from the run's data stream), kept in pool order;
    /// the whole pool when `count` is its size.
    static func subset(_ pool: Dataset, count: Int, stream: inout RandomStream<Xoshiro256PlusPlus>) -> Dataset {
        let n = pool.count
        guard count < n else { return pool }
        var order = Array(0..<n)
        for i in 0..<count {
            let j = i + Int(stream.next().multipliedFullWidth(by: UInt64(n - i)).high)
            order.swapAt(i, j)
        }
        let chosen = order[0..<count].sorted()
        let rows = pool.inputs.count / n
        var x = [Double](repeating: 0, count: rows * count)
        for f in 0..<rows { for (s, i) in chosen.enumerated() { x[f * count + s] = pool.inputs[f * n + i] } }
        return Dataset(count: count, inputs: x, targets: chosen.map { pool.targets[$0] })
    }

    /// Fisher-Yates with Lemire's multiply-high reduction.
    static func shuffle(_ a: inout [Int], _ stream: inout RandomStream<Xoshiro256PlusPlus>) {
        var i = a.count - 1
        while i > 0 {
            let j = Int(stream.next().multipliedFullWidth(by: UInt64(i + 1)).high)
            a.swapAt(i, j)
            i -= 1
        }
    }

    static let cache = PreparedCache()

    /// One prepared data set (or its error) per directory, computed under a
    /// lock so concurrent runs wait for the first instead of reading again.
    final class PreparedCache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: Result<Prepared, any Error>] = [:]

        func value(_ directory: String, _ make: () throws -> Prepared) throws -> Prepared {
            lock.lock()
            defer { lock.unlock() }
            if let entry = entries[directory] { return try entry.get() }
            let entry = Result { try make() }
            entries[directory] = entry
            return try entry.get()
        }
    }
}
