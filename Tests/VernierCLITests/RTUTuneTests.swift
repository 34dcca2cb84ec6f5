import Foundation
import Testing
import VernierTestSupport

/// `vernier device serve --serial` (Modbus RTU over a `socat` pty pair) and `vernier tune --backend modbus` with a
/// map whose transport is `rtu:`: the same run, bit for bit, as over Modbus/TCP with the float64 AWAKE map.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RTUTuneTests {
    struct Report: Decodable {
        struct Entry: Decodable {
            var parameters: [Double]
            var objective: Double
        }
        var status: String
        var best_objective: Double?
        var evaluations: [Entry]
    }

    /// hardware/awake-float64.yaml with its transport replaced by a serial line at `device`.
    static func serialMap(device: String, in home: String) throws -> String {
        let source = ServedDevice.packageRoot.appendingPathComponent("hardware/awake-float64.yaml").path
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let serial = text.replacingOccurrences(of: "  tcp: {host: 127.0.0.1, port: 1502}",
                                               with: "  rtu: {device: \(device), baud: 115200, parity: none, stop_bits: 1}")
        #expect(serial != text, "the map's transport line changed; update this test")
        let path = home + "/awake-rtu.yaml"
        try serial.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func tuneOverRTUEqualsTuneOverTCP() throws {
        try CommandLineTool.withHome { home in
            let line = try VirtualSerialLine()
            defer { line.stop() }
            let rtuMap = try Self.serialMap(device: line.endB, in: home)
            let served = try ServedDevice("awake/Steering-v1", map: rtuMap, serial: line.endA, arguments: ["--seed", "7"])
            defer { served.stop() }
            #expect(served.host == line.endA)
            let common = ["--optimizer", "bo", "--budget", "5", "--seed", "7", "--store", home + "/runs.sqlite", "--json"]
            let overRTU = try CommandLineTool.run(["tune", "awake/Steering-v1", "--backend", "modbus", "--map", rtuMap] + common,
                                                  home: home)
            #expect(overRTU.status == 0, "\(overRTU.standardError) \(served.log)")

            let tcpMap = ServedDevice.packageRoot.appendingPathComponent("hardware/awake-float64.yaml").path
            let tcp = try ServedDevice("awake/Steering-v1", map: tcpMap, arguments: ["--seed", "7"])
            defer { tcp.stop() }
            let overTCP = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--backend", "modbus", "--map", tcpMap, "--endpoint", "\(tcp.host):\(tcp.port)"] + common,
                home: home)
            #expect(overTCP.status == 0, "\(overTCP.standardError)")

            let rtu = try JSONDecoder().decode(Report.self, from: Data(overRTU.standardOutput.utf8))
            let reference = try JSONDecoder().decode(Report.self, from: Data(overTCP.standardOutput.utf8))
            #expect(rtu.evaluations.count == 5)
            #expect(rtu.evaluations.map(\.objective) == reference.evaluations.map(\.objective))
            #expect(rtu.evaluations.map(\.parameters) == reference.evaluations.map(\.parameters))
            #expect(rtu.best_objective == reference.best_objective)
        }
    }

    @Test func serialAndPortTogetherAreRefused() throws {
        let result = try CommandLineTool.run(["device", "serve", "synthetic/Quadratic-v1", "--map",
                                              ServedDevice.packageRoot.appendingPathComponent("hardware/quadratic.yaml").path,
                                              "--serial", "/dev/null", "--port", "1502"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--serial"), "\(result.standardError)")
    }

    @Test func missingSerialPortFailsClearly() throws {
        let result = try CommandLineTool.run(["device", "serve", "synthetic/Quadratic-v1", "--map",
                                              ServedDevice.packageRoot.appendingPathComponent("hardware/quadratic.yaml").path,
                                              "--serial", "/dev/vernier-no-such-port", "--quiet"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("/dev/vernier-no-such-port"), "\(result.standardError)")
    }
}
