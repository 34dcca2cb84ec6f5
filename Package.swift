// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Vernier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vernier", targets: ["vernier"]),
        .library(name: "VernierCore", targets: ["VernierCore"]),
        .library(name: "VernierYAML", targets: ["VernierYAML"]),
        .library(name: "VernierMath", targets: ["VernierMath"]),
        .library(name: "VernierPlants", targets: ["VernierPlants"]),
        .library(name: "VernierModbus", targets: ["VernierModbus"]),
        .library(name: "VernierOptimize", targets: ["VernierOptimize"]),
        .library(name: "VernierStore", targets: ["VernierStore"]),
        .library(name: "VernierExpressions", targets: ["VernierExpressions"]),
        .library(name: "VernierNN", targets: ["VernierNN"]),
        .library(name: "VernierRL", targets: ["VernierRL"]),
        .library(name: "VernierCache", targets: ["VernierCache"]),
        .library(name: "VernierFPGA", targets: ["VernierFPGA"]),
        .library(name: "VernierReport", targets: ["VernierReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: - Public API

        /// Problem and environment contracts (COI + Gymnasium), spaces, registry, checker, safety envelope.
        .target(name: "VernierCore"),
        /// Reading configuration: YAML (and JSON) documents behind Core's `PlantOptions`, through Yams.
        .target(name: "VernierYAML", dependencies: ["VernierCore", .product(name: "Yams", package: "Yams")]),
        /// Matrices and vectors on OpenBLAS/LAPACK, the seedable generator, statistics.
        .target(name: "VernierMath", dependencies: ["COpenBLAS"]),
        /// Ask/tell optimisers: Bayesian (GP), Nelder–Mead, extremum seeking, random / Latin hypercube, the local
        /// model-based methods control rooms use (BOBYQA, COBYLA, NEWUOA, Sbplx, PRAXIS via NLopt) and RCDS.
        /// NLopt's BOBYQA, COBYLA, NEWUOA, Sbplx and PRAXIS are driven through an ask/tell bridge (replayed on resume);
        /// RCDS is Vernier's own.
        .target(name: "VernierOptimize", dependencies: ["VernierCore", "VernierMath", "CNLopt"]),
        /// Dense networks with backpropagation on OpenBLAS, Adam, orthogonal initialisation, the policy file.
        .target(name: "VernierNN", dependencies: ["VernierCore", "VernierMath", "COpenBLAS"]),
        /// PPO (CleanRL/SB3 details), vector environments, normalisation, evaluation and policy runs.
        .target(name: "VernierRL", dependencies: ["VernierCore", "VernierMath", "VernierNN"]),
        /// Policies on FPGAs: `ap_fixed` semantics, the fixed-point IR of a policy, its bit-exact integer reference,
        /// the quantiser, the Verilog and HLS C++ emitters, and verification with Verilator / Icarus / Yosys.
        .target(name: "VernierFPGA", dependencies: ["VernierNN", "VernierMath"]),
        /// Plant models: Pendulum (reference), AWAKE steering, JPA tuning.
        .target(name: "VernierPlants", dependencies: ["VernierCore", "VernierMath"]),
        /// The grid-caching plant: access traces (CSV, libCacheSim's oracleGeneral), the synthetic trace
        /// generator, the cache simulator (eviction, admission, the HEP cache metrics) and its RL view
        /// `grid/Cache-v1`. A module of its own: it shares nothing with the physics plants but the contracts.
        .target(name: "VernierCache", dependencies: ["VernierCore", "VernierMath"]),
        /// The expression language of device definitions (objectives, constraints, rewards): parser, compiler to
        /// flat postfix code, allocation-free evaluator. Depends on nothing, so any module can use it.
        .target(name: "VernierExpressions"),
        /// Modbus over libmodbus: connections, register maps, Modbus-backed plants, `modbus/Device-v1` (a plant
        /// defined in YAML), the device simulator server.
        .target(name: "VernierModbus", dependencies: ["CModbus", "VernierCore", "VernierYAML", "VernierMath", "VernierExpressions",
                                                      .product(name: "Yams", package: "Yams")]),
        /// The run store on SQLite (GRDB) or PostgreSQL (libpq): runs, evaluations, checkpoints, episodes, schema
        /// migrations.
        .target(
            name: "VernierStore",
            dependencies: ["VernierCore", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        /// Reports of runs: a small SVG plotting library (nice ticks, log scales, lines, scatters, steps, bars,
        /// histograms, heatmaps with contours), self-contained HTML, Markdown and JSON. Depends on nothing: the CLI
        /// fills its plain input types from the run store and the plants.
        .target(name: "VernierReport"),
        /// The command-line tool: the only place that wires learners to plants.
        .executableTarget(
            name: "vernier",
            dependencies: [
                "VernierCore", "VernierYAML", "VernierMath", "VernierPlants", "VernierModbus", "VernierOptimize",
                "VernierStore", "VernierNN", "VernierRL", "VernierCache", "VernierFPGA", "VernierReport",
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
        /// libmodbus (TCP and RTU), from Debian's `libmodbus-dev`, with the macros Swift cannot import re-exported.
        .systemLibrary(
            name: "CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),

        /// libpq, PostgreSQL's C client, from Debian's `libpq-dev`: the run store on a PostgreSQL server.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        /// NLopt (derivative-free local optimisers), from Debian's `libnlopt-dev`.
        .systemLibrary(
            name: "CNLopt",
            pkgConfig: "nlopt",
            providers: [.apt(["libnlopt-dev"])]
        ),

        // MARK: - Tests

        .testTarget(name: "VernierCoreTests", dependencies: ["VernierCore", "VernierYAML", "VernierMath"]),
        .testTarget(name: "VernierMathTests", dependencies: ["VernierMath"]),
        /// The contour search and the JPA scan on the JPA plant (tests wire a learner to a plant).
        .testTarget(name: "VernierContourTests", dependencies: ["VernierOptimize", "VernierPlants", "VernierCore", "VernierMath"]),
        .testTarget(
            name: "VernierOptimizeTests",
            // CNLopt to run NLopt directly, as the oracle of the ask/tell bridge.
            dependencies: ["VernierOptimize", "VernierCore", "VernierMath", "CNLopt"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "VernierExpressionsTests", dependencies: ["VernierExpressions"]),
        .testTarget(
            name: "VernierPlantsTests",
            dependencies: ["VernierPlants", "VernierCore", "VernierYAML", "VernierMath"],
            resources: [.copy("Fixtures")]
        ),
        /// Runs the built `vernier` tool in tests: commands in a home of their own, `vernier device serve` servers.
        .target(name: "VernierTestSupport", dependencies: ["CZlib"], path: "Tests/VernierTestSupport"),
        /// zlib, to decode the PNG screenshots headless Chromium takes of reports (Debian's `zlib1g-dev`).
        .systemLibrary(name: "CZlib", path: "Tests/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .testTarget(
            name: "VernierModbusTests",
            dependencies: ["VernierModbus", "VernierCore", "VernierYAML", "VernierMath", "VernierPlants", "VernierExpressions", "CModbus",
                           "VernierTestSupport"]
        ),
        .testTarget(
            name: "VernierStoreTests",
            dependencies: ["VernierStore", "VernierCore", .product(name: "GRDB", package: "GRDB.swift"),
                           "VernierTestSupport"]
        ),
        /// Counts the test thread's heap allocations (interposes malloc in the test binary), for no-allocation tests.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "VernierNNTests", dependencies: ["VernierNN", "VernierCore", "VernierMath", "CAllocationCounter"]),
        .testTarget(
            name: "VernierRLTests",
            // VernierPlants only for the end-to-end checks of the shipped policies (policies/*.json) on their plants.
            dependencies: ["VernierRL", "VernierNN", "VernierCore", "VernierYAML", "VernierMath", "VernierPlants",
                           "CAllocationCounter"]
        ),
        .testTarget(
            name: "VernierCacheTests",
            dependencies: ["VernierCache", "VernierCore", "VernierYAML", "VernierMath"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "VernierFPGATests", dependencies: ["VernierFPGA", "VernierNN", "VernierMath"],
                    exclude: ["Fixtures"]),
        .testTarget(
            name: "VernierReportTests",
            dependencies: ["VernierReport", "VernierTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "VernierCLITests",
            dependencies: ["vernier", "VernierStore", "VernierCore", "VernierModbus", "VernierPlants", "VernierNN",
                           "VernierFPGA", "VernierMath", "VernierOptimize", .product(name: "GRDB", package: "GRDB.swift"),
                           "VernierTestSupport"]
        ),
    ]
)
