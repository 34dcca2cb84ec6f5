import Foundation
import Testing
import VernierCore
import VernierModbus
import VernierPlants
import VernierTestSupport
@testable import vernier

/// `vernier tune --backend`-less device runs (`modbus/Device-v1`) with each local optimiser against a device
/// server in this process: every setting the device applies stays inside the configured hard limits and within
/// max_step of the one before, and Ctrl-C puts the machine back where it was.
@Suite("local optimisers over Modbus", .serialized, .timeLimit(.minutes(3)))
struct LocalOptimizersOverModbusTests {
    /// `LinearSteering` that records every setting the device applies (the device evaluates its model once per
    /// applied write).
    struct RecordingModel: SingleOptimizable {
        var base = LinearSteering()
        let applied: Applied

        final class Applied: @unchecked Sendable {
            private let lock = NSLock()
            private var settings: [[Double]] = []
            func append(_ point: [Double]) { lock.withLock { settings.append(point) } }
            var all: [[Double]] { lock.withLock { settings } }
        }

        var metadata: PlantMetadata { base.metadata }
        var optimizationSpace: Box { base.optimizationSpace }
        var parameterNames: [String] { base.parameterNames }
        var objectiveName: String { base.objectiveName }
        mutating func initialParameters(seed: UInt64?) throws -> [Double] { try base.initialParameters(seed: seed) }
        mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
            applied.append(parameters)
            return try base.evaluate(parameters)
        }
    }

    /// The example steering device (bounds ±2 mrad, max_step 0.25 mrad) served on a free port.
    final class Served: @unchecked Sendable {
        let server: DeviceServer
        let applied = RecordingModel.Applied()
        let definitionFile: URL
        private let finished = DispatchSemaphore(value: 0)

        init() throws {
            let map = try DeviceDefinition(contentsOf: DeviceRunTests.example).map
            server = try DeviceServer(device: try SimulatedDevice(
                model: RecordingModel(applied: applied), map: map, seed: 11))
            let text = try String(contentsOf: DeviceRunTests.example, encoding: .utf8)
                .replacingOccurrences(of: "port: 1502", with: "port: \(server.port)")
            definitionFile = FileManager.default.temporaryDirectory
                .appendingPathComponent("local-optimizers-\(UUID().uuidString).yaml")
            try text.write(to: definitionFile, atomically: true, encoding: .utf8)
            let server = server, finished = finished
            Thread { try? server.run(); finished.signal() }.start()
        }

        func stop() {
            server.stop()
            _ = finished.wait(timeout: .now() + 5)
            server.close()
            try? FileManager.default.removeItem(at: definitionFile)
        }
    }

    /// Hard limits narrower than the map's ±2 mrad, and a max_step smaller than the map's 0.25.
    static let hardLimit = 0.6, maxStep = 0.1
    static let configuration = """
        safety:
          max_step: \(maxStep)
          hard_limits: {low: \(Array(repeating: -hardLimit, count: 10)), high: \(Array(repeating: hardLimit, count: 10))}
        optimizer:
          ignore_constraints: true    # the device's beam-envelope constraints: COBYLA honours them anyway
          bobyqa: {rhobeg: 0.2}
          bo_then_bobyqa: {bayesian_evaluations: 3}
          dfols: {residuals: [\((1...10).map { "bpm_\($0)" }.joined(separator: ", "))], rhobeg: 0.2}
        """

    /// Float32 registers: a setting reads back within half an ulp of 0.6.
    static let tolerance = 1e-6

    @Test(arguments: ["bobyqa", "cobyla", "newuoa", "sbplx", "praxis", "powell", "rcds", "dfols", "bo-then-bobyqa"])
    func everyWriteWithinBoundsAndMaxStep(optimizer: String) throws {
        let served = try Served()
        defer { served.stop() }
        try CommandLineTool.withHome { home in
            try Self.configuration.write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let before = served.applied.all.count
            let result = try CommandLineTool.run(
                ["tune", "modbus/Device-v1", "--options", served.definitionFile.path, "--optimizer", optimizer,
                 "--budget", "25", "--config", home + "/tune.yaml", "--store", home + "/runs.sqlite", "--json"],
                home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect((report["evaluations"] as? [Any])?.count == 25)
            let writes = Array(served.applied.all.dropFirst(before))
            // More applied settings than evaluations: the moves are split into max_step writes.
            #expect(writes.count > 25)
            var previous = Array(repeating: 0.0, count: 10)
            for (number, write) in writes.enumerated() {
                #expect(write.allSatisfy { abs($0) <= Self.hardLimit + Self.tolerance },
                        "\(optimizer): write \(number) \(write) leaves the hard limits")
                let moved = zip(write, previous).map { abs($0 - $1) }.max() ?? 0
                #expect(moved <= Self.maxStep + Self.tolerance, "\(optimizer): write \(number) moves by \(moved)")
                previous = write
            }
            // The optimiser moved the machine and improved on the start.
            let best = try #require(report["best_objective"] as? Double)
            let first = try #require((report["evaluations"] as? [[String: Any]])?.first?["objective"] as? Double)
            #expect(best < first)
        }
    }

    /// The device's constraints are refused by the methods that cannot honour them, naming the way out.
    @Test func constraintsAreRefusedUnlessIgnored() throws {
        let served = try Served()
        defer { served.stop() }
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(
                ["tune", "modbus/Device-v1", "--options", served.definitionFile.path, "--optimizer", "bobyqa",
                 "--budget", "5", "--store", home + "/runs.sqlite"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("BOBYQA (NLopt) cannot honour constraints"), "\(result.standardError)")
            #expect(result.standardError.contains("ignore_constraints: true"))
        }
    }

    @Test(arguments: ["bobyqa", "powell", "rcds", "dfols"])
    func ctrlCRestoresTheMachine(optimizer: String) throws {
        let served = try Served()
        defer { served.stop() }
        try CommandLineTool.withHome { home in
            try Self.configuration.write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = try CommandLineTool.executable()
            process.arguments = ["tune", "modbus/Device-v1", "--options", served.definitionFile.path,
                                 "--optimizer", optimizer, "--budget", "100000", "--config", home + "/tune.yaml",
                                 "--store", home + "/runs.sqlite", "--json"]
            process.environment = CommandLineTool.environment(home: home)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Interrupt once the machine has moved away from zero a few times.
            for _ in 0..<800 where served.applied.all.filter({ $0.contains { $0 != 0 } }).count < 10 {
                usleep(25_000)
            }
            #expect(served.server.settings.contains { $0 != 0 }, "the run never moved the machine")
            process.interrupt()
            for _ in 0..<400 where process.isRunning { usleep(25_000) }
            #expect(!process.isRunning)
            #expect(process.terminationStatus == 130)
            // Back at the initial settings (zero), approached within max_step per write.
            #expect(served.server.settings == Array(repeating: 0, count: 10))
        }
    }
}
