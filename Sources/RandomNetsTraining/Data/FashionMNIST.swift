import Foundation

/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) as Debian's package
/// `dataset-fashion-mnist` installs it: four gzip-compressed IDX files in
/// /usr/share/datasets/fashion-mnist, 60,000 training and 10,000 test
/// images of 28 x 28 grey pixels (0 to 255) with labels 0 to 9.
///
/// `load` refuses, with one line naming the file, anything but complete
/// files of the expected shape (see `IDXFile`), image and label files that
/// disagree on the count, a count other than the expected one, and labels
/// outside 0...9; and, when files are absent, names the package and
/// `--data-dir` in one line.
public struct FashionMNIST: Sendable {
    /// The folder Debian's package installs the four files in (the default `--data-dir`).
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// The Debian package that provides the files, named when they are missing.
    public static let package = "dataset-fashion-mnist"
    /// The side of an image in pixels (28).
    public static let side = 28
    /// The pixels of one image (784 = 28 x 28), one byte each, 0 to 255.
    public static let pixels = side * side
    /// The number of classes (10); labels run from 0 to 9.
    public static let classes = 10
    /// The images of the official training and test sets (60,000 and 10,000), the counts `load` expects by default.
    public static let officialCounts = (training: 60_000, test: 10_000)

    /// The gzip-compressed IDX file of the training images (N x 28 x 28 bytes).
    public static let trainingImagesFile = "train-images-idx3-ubyte.gz"
    /// The gzip-compressed IDX file of the training labels (N bytes, 0 to 9).
    public static let trainingLabelsFile = "train-labels-idx1-ubyte.gz"
    /// The gzip-compressed IDX file of the test images (N x 28 x 28 bytes).
    public static let testImagesFile = "t10k-images-idx3-ubyte.gz"
    /// The gzip-compressed IDX file of the test labels (N bytes, 0 to 9).
    public static let testLabelsFile = "t10k-labels-idx1-ubyte.gz"
    /// The four files `load` needs in its folder: training images and labels, then test images and labels.
    public static var fileNames: [String] { [trainingImagesFile, trainingLabelsFile, testImagesFile, testLabelsFile] }

    /// Images and labels of one part, sample-major: image s is
    /// images[s * 784 ..< (s + 1) * 784], row by row.
    public struct Part: Sendable {
        /// The number of images, and of labels.
        public let count: Int
        /// The pixels, count x 784 bytes (0 to 255), image by image.
        public let images: [UInt8]
        /// The class of each image (0 to 9), one byte per image, in image order.
        public let labels: [UInt8]
    }

    /// The training part (60,000 images in the official files).
    public let training: Part
    /// The test part (10,000 images in the official files).
    public let test: Part

    /// Reads the four files of `directory`; `counts` are the images each
    /// part must hold (the official 60,000 and 10,000; tests pass small ones).
    public static func load(directory: String,
                            counts: (training: Int, test: Int) = officialCounts) throws -> FashionMNIST {
        let absent = fileNames.filter { !FileManager.default.fileExists(atPath: path(directory, $0)) }
        if !absent.isEmpty {
            let which = absent.count == fileNames.count ? "none of its four files" : "missing " + absent.joined(separator: ", ")
            throw DataFileError(.missing, "Fashion-MNIST not found in \(directory) (\(which)): install Debian's package \(package) (scripts/setup.sh does) or give --data-dir DIR, a folder with \(fileNames.joined(separator: ", "))")
        }
        let training = try part(directory, trainingImagesFile, trainingLabelsFile, count: counts.training, name: "training set")
        let test = try part(directory, testImagesFile, testLabelsFile, count: counts.test, name: "test set")
        return FashionMNIST(training: training, test: test)
    }

    static func path(_ directory: String, _ file: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(file).path
    }

    static func part(_ directory: String, _ imagesFile: String, _ labelsFile: String, count: Int, name: String) throws -> Part {
        let imagesPath = path(directory, imagesFile), labelsPath = path(directory, labelsFile)
        let images = try IDXFile.read(imagesPath, magic: IDXFile.imagesMagic)
        let d = images.dimensions
        guard d[1] == side, d[2] == side else {
            throw DataFileError.corrupt(imagesPath, "images of \(d[1]) x \(d[2]) pixels, expected \(side) x \(side)")
        }
        guard d[0] == count else {
            throw DataFileError.corrupt(imagesPath, "holds \(d[0]) images; Fashion-MNIST's \(name) has \(count)")
        }
        let labels = try IDXFile.read(labelsPath, magic: IDXFile.labelsMagic)
        guard labels.dimensions[0] == count else {
            throw DataFileError.corrupt(labelsPath, "holds \(labels.dimensions[0]) labels for the \(count) images of \(imagesFile)")
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classes }) {
            throw DataFileError.corrupt(labelsPath, "label \(labels.bytes[bad]) at position \(bad), expected 0 to \(classes - 1)")
        }
        return Part(count: count, images: images.bytes, labels: labels.bytes)
    }
}
