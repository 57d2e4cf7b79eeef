// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "lyapsim",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RandomNets", targets: ["RandomNets"]),
        .executable(name: "lyapsim", targets: ["lyapsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // GSL (Debian: libgsl-dev, pkg-config name `gsl`): special functions,
        // quadrature, CDFs and random number generators.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "RandomNets",
            dependencies: ["CGSL"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "lyapsim",
            dependencies: [
                "RandomNets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RandomNetsTests", dependencies: ["RandomNets"]),
        .testTarget(name: "LyapsimCLITests", dependencies: ["lyapsim"]),
    ]
)
