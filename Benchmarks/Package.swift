// swift-tools-version: 6.1
// Vernier's benchmarks: a separate package (as swift-collections keeps its own) so that `make test` and CI
// never build package-benchmark. Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
// or one target: swift package benchmark --target PlantSteps
import PackageDescription

let package = Package(
    name: "VernierBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Vernier", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: - Benchmarks (one executable target per topic, under Benchmarks/<Name>/)

        .executableTarget(
            name: "PlantSteps",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
            ],
            path: "Benchmarks/PlantSteps",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "Policy",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
            ],
            path: "Benchmarks/Policy",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
