// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Vernier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vernier", targets: ["vernier"]),
        .library(name: "VernierCore", targets: ["VernierCore"]),
        .library(name: "VernierMath", targets: ["VernierMath"]),
        .library(name: "VernierPlants", targets: ["VernierPlants"]),
        .library(name: "VernierNN", targets: ["VernierNN"]),
        .library(name: "VernierRL", targets: ["VernierRL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: - Public API

        /// Problem and environment contracts (COI + Gymnasium), spaces, registry, checker, safety envelope.
        .target(
            name: "VernierCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        /// Matrices and vectors on OpenBLAS/LAPACK, the seedable generator, statistics.
        .target(name: "VernierMath", dependencies: ["COpenBLAS"]),
        /// Dense networks with backpropagation on OpenBLAS, Adam, orthogonal initialisation, the policy file.
        .target(name: "VernierNN", dependencies: ["VernierCore", "VernierMath", "COpenBLAS"]),
        /// PPO (CleanRL/SB3 details), vector environments, normalisation, evaluation and policy runs.
        .target(name: "VernierRL", dependencies: ["VernierCore", "VernierMath", "VernierNN"]),
        /// Plant models: Pendulum (reference), AWAKE steering, JPA tuning.
        .target(name: "VernierPlants", dependencies: ["VernierCore", "VernierMath"]),
        /// The command-line tool: the only place that wires learners to plants.
        .executableTarget(
            name: "vernier",
            dependencies: [
                "VernierCore", "VernierMath", "VernierPlants", "VernierNN", "VernierRL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// OpenBLAS (CBLAS + the LAPACK routines Vernier uses), from Debian's `libopenblas-dev`.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),

        // MARK: - Tests

        .testTarget(name: "VernierCoreTests", dependencies: ["VernierCore", "VernierMath"]),
        .testTarget(name: "VernierMathTests", dependencies: ["VernierMath"]),
        .testTarget(
            name: "VernierPlantsTests",
            dependencies: ["VernierPlants", "VernierCore", "VernierMath"],
            resources: [.copy("Fixtures")]
        ),
        /// Counts the test thread's heap allocations (interposes malloc in the test binary), for no-allocation tests.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "VernierNNTests", dependencies: ["VernierNN", "VernierCore", "VernierMath", "CAllocationCounter"]),
        .testTarget(name: "VernierRLTests", dependencies: ["VernierRL", "VernierNN", "VernierCore", "VernierMath", "CAllocationCounter"]),
        .testTarget(name: "VernierCLITests", dependencies: ["vernier", "VernierNN", "VernierCore"]),
    ]
)
