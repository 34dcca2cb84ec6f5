// swift-tools-version: 6.1
// Vernier's fuzz targets: a separate package (as Benchmarks/ is) so that `make test` never builds the sanitizer
// toolchain's instrumented copies. Build and run with `make fuzz` from the repository root; see RELIABILITY.md.
//
// Every target is one function behind libFuzzer's `LLVMFuzzerTestOneInput`, chosen by `VERNIER_FUZZ_TARGET`,
// so the instrumented dependencies (Yams, ArgumentParser, every Vernier module) are compiled and linked once.
import PackageDescription

let package = Package(
    name: "VernierFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Vernier", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: - Fuzz targets

        /// libFuzzer's entry point and one function per input format (`VERNIER_FUZZ_TARGET=<name>`).
        .executableTarget(
            name: "vernier-fuzz",
            dependencies: [
                "VernierCLI",
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierYAML", package: "Vernier"),
                .product(name: "VernierModbus", package: "Vernier"),
                .product(name: "VernierExpressions", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
                .product(name: "VernierOptimize", package: "Vernier"),
                .product(name: "VernierRL", package: "Vernier"),
                .product(name: "VernierCache", package: "Vernier"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),

        // MARK: - Implementation details

        /// The `vernier` tool's own sources (`Sources/VernierCLI` is a symbolic link to `../../Sources/vernier`),
        /// compiled here as a library: an executable target cannot be imported by another executable, and the
        /// configuration types, option parsers and commands the fuzz targets drive are the tool's own. Its `@main`
        /// entry is renamed so that libFuzzer's `main` is the program's.
        .target(
            name: "VernierCLI",
            dependencies: [
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierYAML", package: "Vernier"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
                .product(name: "VernierModbus", package: "Vernier"),
                .product(name: "VernierOptimize", package: "Vernier"),
                .product(name: "VernierStore", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
                .product(name: "VernierRL", package: "Vernier"),
                .product(name: "VernierCache", package: "Vernier"),
                .product(name: "VernierFPGA", package: "Vernier"),
                .product(name: "VernierReport", package: "Vernier"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.unsafeFlags(["-Xfrontend", "-entry-point-function-name",
                                          "-Xfrontend", "vernier_main"])]
        ),
    ]
)
