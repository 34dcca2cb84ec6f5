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
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // MARK: - Benchmarks (one executable target per topic, under Benchmarks/<Name>/)

        .executableTarget(
            name: "PlantSteps",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
            ],
            path: "Benchmarks/PlantSteps",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Bayesian optimisation and friends against scikit-optimize and BoTorch: a plain release-built
        // executable (its workloads are whole optimisation runs and per-iteration timings with their own
        // warm-up, reported as JSON for Benchmarks/compare-bo.sh), not a package-benchmark target.
        .executableTarget(
            name: "Optimizers",
            dependencies: [
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierOptimize", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
            ],
            path: "Benchmarks/Optimizers"
        ),
        // Trained policies on Vernier's plants against their baselines (issue 5's numbers to reach): the AWAKE
        // oracle lower bound and inverse-response controller, and Nelder–Mead on the JPA scan. A plain
        // release-built executable printing JSON, run by Benchmarks/ppo-tasks.sh.
        .executableTarget(
            name: "PPOTasks",
            dependencies: [
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
                .product(name: "VernierOptimize", package: "Vernier"),
                .product(name: "VernierPlants", package: "Vernier"),
            ],
            path: "Benchmarks/PPOTasks"
        ),
        .executableTarget(
            name: "Store",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VernierCore", package: "Vernier"),
                .product(name: "VernierStore", package: "Vernier"),
            ],
            path: "Benchmarks/Store",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Expressions",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VernierExpressions", package: "Vernier"),
            ],
            path: "Benchmarks/Expressions",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Policy",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VernierMath", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
            ],
            path: "Benchmarks/Policy",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
