// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "lyapsim",
    platforms: [.macOS(.v13)],
    products: [
        // The engine: model, random streams, ensembles, activations,
        // simulation, statistics, closed-form theory. Importable as a
        // versioned dependency (no unsafe flags).
        .library(name: "RandomNets", targets: ["RandomNets"]),
        // Tables, notebooks, SVG figures and text/JSON/CSV reports on top of it.
        .library(name: "LyapsimReports", targets: ["LyapsimReports"]),
        .library(name: "RandomNetsTraining", targets: ["RandomNetsTraining"]),
        .executable(name: "lyapsim", targets: ["lyapsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation` (scripts/check-docs.sh); no
        // effect on what the products build.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // GSL (Debian: libgsl-dev, pkg-config name `gsl`): special functions,
        // quadrature, CDFs and random number generators.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // zlib (Debian: zlib1g-dev, pkg-config name `zlib`): gzip decompression
        // of the IDX files of real data sets (Fashion-MNIST).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Eight xoshiro256++ lanes and the ziggurat's fast path, and the
        // trainer's blocked matrix products (FMA micro-kernels), with the
        // instruction set (AVX-512, AVX2 or portable C) chosen at run time
        // per function: no compiler flags, so the library stays usable as a
        // dependency and the binary runs on any x86-64.
        .target(name: "CLanes"),
        .target(name: "RandomNets", dependencies: ["CGSL", "CLanes"]),
        .target(name: "LyapsimReports", dependencies: ["RandomNets", "RandomNetsTraining", "LyapsimRuns"]),
        // Shards, partial-result files, checkpoints, progress and sample
        // export: what any Monte Carlo subcommand needs for long runs.
        .target(name: "LyapsimRuns", dependencies: ["RandomNets"]),
        // Training studies of initializations: a small exact MLP trainer
        // (batched forward/backward, MSE and softmax cross-entropy, SGD and
        // AdamW, clipping), the tasks (Fashion-MNIST read through zlib),
        // Lyapunov sampling and paired tests.
        .target(name: "RandomNetsTraining", dependencies: ["RandomNets", "CZlib", "CLanes"]),
        .executableTarget(
            name: "lyapsim",
            dependencies: [
                "RandomNets",
                "RandomNetsTraining",
                "LyapsimReports",
                "LyapsimRuns",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The README's library example, compiled on every build so it cannot
        // go stale (README.md quotes this file; a test checks they match).
        .executableTarget(name: "LibraryExample", dependencies: ["RandomNets"], path: "Examples/LibraryExample"),
        // Helpers shared by the test targets (not part of any product).
        .target(name: "_RandomNetsTestSupport", dependencies: ["RandomNets", "CZlib"], path: "Sources/_RandomNetsTestSupport"),
        .testTarget(name: "RandomNetsTests", dependencies: ["RandomNets", "CLanes", "_RandomNetsTestSupport"]),
        .testTarget(name: "LyapsimCLITests", dependencies: ["lyapsim", "LyapsimReports", "_RandomNetsTestSupport"]),
        .testTarget(name: "LyapsimRunsTests", dependencies: ["LyapsimRuns", "RandomNets"]),
        .testTarget(name: "RandomNetsTrainingTests", dependencies: ["RandomNetsTraining", "RandomNets", "CLanes", "_RandomNetsTestSupport"]),
    ]
)
