import _RandomNetsTestSupport
import Foundation
import RandomNets
import RandomNetsTraining
import Testing

/// The IDX reader and the Fashion-MNIST loader on files the tests write
/// (valid, truncated, wrong magic, not gzip, damaged gzip, extra bytes,
/// bad labels, wrong counts), and the task on the real data.
@Suite("Fashion-MNIST: IDX files, loader and task")
struct FashionMNISTTests {
    static func write(_ bytes: [UInt8], _ name: String = "file.gz") throws -> String {
        let url = try IDXWriter.scratchFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static let labels = IDXWriter.idx(magic: IDXFile.labelsMagic, dimensions: [5], payload: [3, 1, 4, 1, 5])
    static let images = IDXWriter.idx(magic: IDXFile.imagesMagic, dimensions: [2, 28, 28],
                                      payload: (0..<1568).map { UInt8($0 % 251) })

    /// The error `body` throws, which must be a `DataFileError`.
    static func failure(_ body: () throws -> Void) -> DataFileError? {
        do { try body() } catch let e as DataFileError { return e } catch { Issue.record("not a DataFileError: \(error)") }
        return nil
    }

    @Test("a valid file reads back exactly: dimensions and bytes")
    func valid() throws {
        let path = try Self.write(try IDXWriter.gzip(Self.images))
        let file = try IDXFile.read(path, magic: IDXFile.imagesMagic)
        #expect(file.dimensions == [2, 28, 28])
        #expect(file.bytes == (0..<1568).map { UInt8($0 % 251) })
        let l = try IDXFile.read(try Self.write(try IDXWriter.gzip(Self.labels)), magic: IDXFile.labelsMagic)
        #expect(l.dimensions == [5] && l.bytes == [3, 1, 4, 1, 5])
    }

    @Test("a gzip file cut short (inside the deflate stream, inside the trailer) is refused as truncated, naming the file",
          arguments: [0.5, 0.98])
    func truncatedGzip(keep: Double) throws {
        let gz = try IDXWriter.gzip(Self.images)
        let cut = Int(Double(gz.count) * keep)
        #expect(cut < gz.count)
        let path = try Self.write(Array(gz[0..<cut]))
        let e = try #require(Self.failure { _ = try IDXFile.read(path, magic: IDXFile.imagesMagic) })
        #expect(e.kind == .corrupt)
        #expect(e.message.hasPrefix(path + ": ") && e.message.contains("truncated"), "\(e.message)")
        #expect(!e.message.contains("\n"))
    }

    @Test("a complete gzip stream with fewer data bytes than the header promises is refused, with both counts")
    func shortPayload() throws {
        let short = IDXWriter.idx(magic: IDXFile.imagesMagic, dimensions: [3, 28, 28], payload: [UInt8](repeating: 7, count: 2000))
        let path = try Self.write(try IDXWriter.gzip(short))
        let e = try #require(Self.failure { _ = try IDXFile.read(path, magic: IDXFile.imagesMagic) })
        #expect(e.kind == .corrupt && e.message.contains("truncated") && e.message.contains("2000 of the 2352"), "\(e.message)")
        // A header cut inside its dimensions.
        let head = try Self.write(try IDXWriter.gzip(Array(Self.images[0..<9])))
        let h = try #require(Self.failure { _ = try IDXFile.read(head, magic: IDXFile.imagesMagic) })
        #expect(h.kind == .corrupt && h.message.contains("inside the header"), "\(h.message)")
    }

    @Test("a wrong magic number is refused with the found and the expected one")
    func wrongMagic() throws {
        let path = try Self.write(try IDXWriter.gzip(Self.labels))
        let e = try #require(Self.failure { _ = try IDXFile.read(path, magic: IDXFile.imagesMagic) })
        #expect(e.kind == .corrupt)
        #expect(e.message == "\(path): magic number 0x00000801, expected 0x00000803 (IDX unsigned-byte images, 3 dimensions)")
    }

    @Test("a file that is not gzip, damaged deflate data and a wrong CRC are refused as corrupt")
    func badGzip() throws {
        // Raw IDX: zlib would read it through unchanged; the loader refuses it.
        let raw = try Self.write(Self.images)
        let r = try #require(Self.failure { _ = try IDXFile.read(raw, magic: IDXFile.imagesMagic) })
        #expect(r.kind == .corrupt && r.message.contains("not a gzip file"), "\(r.message)")
        // Garbage after a gzip magic: the deflate stream is invalid.
        let garbage = try Self.write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xff, count: 64))
        let g = try #require(Self.failure { _ = try IDXFile.read(garbage, magic: IDXFile.imagesMagic) })
        #expect(g.kind == .corrupt && g.message.hasPrefix(garbage + ": ") && g.message.contains("gzip"), "\(g.message)")
        // The trailer's CRC-32 (bytes -8 ..< -4) changed: the data decompress but do not check out.
        var gz = try IDXWriter.gzip(Self.images)
        gz[gz.count - 8] ^= 0xff
        let crc = try Self.write(gz)
        let c = try #require(Self.failure { _ = try IDXFile.read(crc, magic: IDXFile.imagesMagic) })
        #expect(c.kind == .corrupt && c.message.contains("corrupt gzip data"), "\(c.message)")
    }

    @Test("bytes after the data, a dimension of 0 and an empty file are refused")
    func extraBytesAndEmpty() throws {
        let extra = try Self.write(try IDXWriter.gzip(Self.labels + [9]))
        let e = try #require(Self.failure { _ = try IDXFile.read(extra, magic: IDXFile.labelsMagic) })
        #expect(e.kind == .corrupt && e.message.contains("more bytes than its header"), "\(e.message)")
        let zero = try Self.write(try IDXWriter.gzip(IDXWriter.idx(magic: IDXFile.labelsMagic, dimensions: [0], payload: [])))
        let z = try #require(Self.failure { _ = try IDXFile.read(zero, magic: IDXFile.labelsMagic) })
        #expect(z.kind == .corrupt && z.message.contains("dimension 1 of the header is 0"), "\(z.message)")
        let empty = try Self.write([])
        let m = try #require(Self.failure { _ = try IDXFile.read(empty, magic: IDXFile.labelsMagic) })
        #expect(m.kind == .corrupt, "\(m.message)")
    }

    @Test("a missing folder names the package and --data-dir; a missing file is 'missing'")
    func missing() throws {
        let folder = try IDXWriter.scratchFolder().appendingPathComponent("absent").path
        let e = try #require(Self.failure { _ = try FashionMNIST.load(directory: folder) })
        #expect(e.kind == .missing)
        #expect(e.message.contains("dataset-fashion-mnist") && e.message.contains("--data-dir") && e.message.contains(folder))
        let f = try #require(Self.failure { _ = try IDXFile.read(folder + "/x.gz", magic: IDXFile.labelsMagic) })
        #expect(f.kind == .missing)
        // One of four files gone: named.
        let small = try IDXWriter.fashionFolder(training: 4, test: 3)
        try FileManager.default.removeItem(at: small.appendingPathComponent(FashionMNIST.testLabelsFile))
        let one = try #require(Self.failure { _ = try FashionMNIST.load(directory: small.path, counts: (4, 3)) })
        #expect(one.kind == .missing && one.message.contains("missing t10k-labels-idx1-ubyte.gz"), "\(one.message)")
    }

    @Test("a small valid folder loads; wrong counts, a label file of another length and a label of 10 are refused")
    func loaderChecks() throws {
        let folder = try IDXWriter.fashionFolder(training: 12, test: 5)
        let data = try FashionMNIST.load(directory: folder.path, counts: (12, 5))
        #expect(data.training.count == 12 && data.test.count == 5)
        #expect(data.training.images.count == 12 * 784 && data.training.labels == (0..<12).map { UInt8($0 % 10) })
        #expect(data.test.images[784 * 2 + 5] == 7)
        // The official counts are required by default: never a silently smaller data set.
        let e = try #require(Self.failure { _ = try FashionMNIST.load(directory: folder.path) })
        #expect(e.kind == .corrupt && e.message.contains("train-images-idx3-ubyte.gz: holds 12 images") && e.message.contains("60000"),
                "\(e.message)")
        // Labels for 11 images beside 12 images.
        let labels = IDXWriter.idx(magic: IDXFile.labelsMagic, dimensions: [11], payload: [UInt8](repeating: 1, count: 11))
        let labelsPath = folder.appendingPathComponent(FashionMNIST.trainingLabelsFile)
        try Data(try IDXWriter.gzip(labels)).write(to: labelsPath)
        let l = try #require(Self.failure { _ = try FashionMNIST.load(directory: folder.path, counts: (12, 5)) })
        #expect(l.message == "\(labelsPath.path): holds 11 labels for the 12 images of train-images-idx3-ubyte.gz")
        // A label of 10.
        var bad = [UInt8](repeating: 2, count: 12)
        bad[7] = 10
        try Data(try IDXWriter.gzip(IDXWriter.idx(magic: IDXFile.labelsMagic, dimensions: [12], payload: bad))).write(to: labelsPath)
        let b = try #require(Self.failure { _ = try FashionMNIST.load(directory: folder.path, counts: (12, 5)) })
        #expect(b.message == "\(labelsPath.path): label 10 at position 7, expected 0 to 9")
        // Images of 32 x 32.
        let imagesPath = folder.appendingPathComponent(FashionMNIST.testImagesFile)
        try Data(try IDXWriter.gzip(IDXWriter.idx(magic: IDXFile.imagesMagic, dimensions: [5, 32, 32],
                                                   payload: [UInt8](repeating: 0, count: 5 * 1024)))).write(to: imagesPath)
        try Data(try IDXWriter.gzip(IDXWriter.idx(magic: IDXFile.labelsMagic, dimensions: [12], payload: [UInt8](repeating: 2, count: 12))))
            .write(to: labelsPath)
        let s = try #require(Self.failure { _ = try FashionMNIST.load(directory: folder.path, counts: (12, 5)) })
        #expect(s.message == "\(imagesPath.path): images of 32 x 32 pixels, expected 28 x 28")
    }

    // The real data (scripts/setup.sh installs dataset-fashion-mnist).

    @Test("the installed data: 60,000 + 10,000 images, 6,000 and 1,000 of each class")
    func installed() throws {
        let data = try FashionMNIST.load(directory: FashionMNIST.defaultDirectory)
        #expect(data.training.count == 60_000 && data.test.count == 10_000)
        for k in 0..<10 {
            #expect(data.training.labels.filter { $0 == k }.count == 6_000)
            #expect(data.test.labels.filter { $0 == k }.count == 1_000)
        }
    }

    @Test("the task's split is a partition, its standardization uses the pool only, and its inputs have mean 0 and variance 1 on the pool")
    func prepared() throws {
        let p = try FashionMNISTTask.prepared(FashionMNIST.defaultDirectory)
        #expect(p.pool.count == 55_000 && p.validation.count == 5_000 && p.test.count == 10_000)
        #expect(Set(p.poolIndices + p.validationIndices) == Set(0..<60_000))
        #expect(p.poolIndices == p.poolIndices.sorted())
        // Fashion-MNIST's pixel / 255 has mean about 0.286 and sd about 0.353.
        #expect(abs(p.mean - 0.286) < 0.005 && abs(p.sd - 0.353) < 0.005)
        let n = Double(p.pool.inputs.count)
        let mean = p.pool.inputs.reduce(0, +) / n
        let variance = p.pool.inputs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        #expect(abs(mean) < 1e-9 && abs(variance - 1) < 1e-9)
        // Feature-major: pixel f of pool sample s is the raw byte, standardized.
        let raw = try FashionMNIST.load(directory: FashionMNIST.defaultDirectory)
        for (s, f) in [(0, 0), (17, 400), (54_999, 783)] {
            let byte = raw.training.images[p.poolIndices[s] * 784 + f]
            #expect(abs(p.pool.inputs[f * 55_000 + s] - (Double(byte) / 255 - p.mean) / p.sd) < 1e-12)
            #expect(p.pool.targets[s] == Double(raw.training.labels[p.poolIndices[s]]))
        }
        #expect(p.test.targets == raw.test.labels.map(Double.init))
    }

    @Test("a validation run (the learning-rate search's) is scored on the validation split, a reported run on the test set")
    func validationRunsNeverSeeTheTestSet() throws {
        let task = try TaskRegistry.named("fashion-mnist")
        let config = try TrainingConfig(
            task: task, shape: MLPShape(inputs: 784, width: 8, depth: 1, outputs: 10, biases: true),
            activation: ReLU(), slope: 0, initialization: HiddenInitialization.named("he", width: 8, depth: 1, slope: 0),
            optimizer: OptimizerSettings(kind: .adamw, learningRate: 1e-3, weightDecay: 1e-4),
            steps: 2, batch: 16, trainingSize: 100, evaluationSize: 10_000, seed: 4, curvePoints: 1)
        let runs = try TrainingExperiment.run(config, indices: [0, TrainingExperiment.validationIndex(0)], threads: 1)
        let p = try FashionMNISTTask.prepared(FashionMNIST.defaultDirectory)
        func entropy(_ labels: [Double]) -> Double {
            (0..<10).reduce(0.0) { h, k in
                let q = Double(labels.filter { $0 == Double(k) }.count) / Double(labels.count)
                return q > 0 ? h - q * log(q) : h
            }
        }
        // The constant predictor's loss is the held-out set's label entropy: exactly log 10 on the balanced test set.
        #expect(runs[0].baselineLoss == entropy(p.test.targets) && abs(runs[0].baselineLoss - log(10.0)) < 1e-12)
        #expect(runs[1].baselineLoss == entropy(p.validation.targets) && runs[1].baselineLoss < log(10.0) - 1e-6)
        #expect(runs.allSatisfy { $0.accuracy != nil })
    }

    @Test("--train-size K: run r's subset is a function of its data stream (the same for every method), K distinct pool images; validation runs hold out the validation split")
    func subsets() throws {
        let task = FashionMNISTTask()
        let shape = try MLPShape(inputs: 784, width: 8, depth: 1, outputs: 10, biases: true)
        func data(_ seed: UInt64, validation: Bool = false) throws -> (train: Dataset, evaluation: Dataset) {
            var s = RandomStream(seed: seed)
            return try task.makeData(count: 1000, evaluation: 1, context: TaskContext(shape: shape, activation: ReLU(), slope: 0,
                                                                                    validation: validation), stream: &s)
        }
        let a = try data(5), b = try data(5), c = try data(6)
        #expect(a.train.count == 1000 && a.train.inputs == b.train.inputs && a.train.targets == b.train.targets)
        #expect(a.train.inputs != c.train.inputs)
        #expect(a.evaluation.count == 10_000)
        #expect(try data(5, validation: true).evaluation.count == 5_000)
        // Each chosen sample is a pool image, and no image twice.
        let pool = try FashionMNISTTask.prepared(FashionMNIST.defaultDirectory).pool
        var columns = Set<[Double]>()
        for s in 0..<1000 {
            let column = (0..<784).map { a.train.inputs[$0 * 1000 + s] }
            columns.insert(column)
        }
        #expect(columns.count == 1000)
        // Class balance of a random 1000 of 55,000: every class present.
        #expect(Set(a.train.targets).count == 10)
        // The whole pool is shared, not copied or reordered.
        var s = RandomStream(seed: 1)
        let full = try task.makeData(count: 55_000, evaluation: 1, context: TaskContext(shape: shape, activation: ReLU(), slope: 0),
                                     stream: &s).train
        #expect(full.inputs == pool.inputs)
        #expect(throws: InvalidParameter.self) {
            var t = RandomStream(seed: 1)
            _ = try task.makeData(count: 55_001, evaluation: 1, context: TaskContext(shape: shape, activation: ReLU(), slope: 0), stream: &t)
        }
    }
}
