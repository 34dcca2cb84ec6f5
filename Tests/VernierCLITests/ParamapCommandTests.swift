import ArgumentParser
import Foundation
import Testing
@testable import vernier

@Suite("vernier paramap")
struct ParamapCommandTests {
    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("paramap-\(UUID().uuidString).csv").path
    }

    @Test("writes one CSV row per bias × power point, bias-major, with the documented header")
    func writesMap() throws {
        let out = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let command = try ParamapCommand.parse(["jpa/Tuning-v1", "--out", out, "--bias-points", "4", "--power-points", "3",
                                                "--context", "2.3", "--ideal"])
        try command.run()
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 12)
        #expect(lines[0] == "flux_bias_ua,flux_phi0,passive_frequency_ghz,pump_power_dbm,pump_frequency_ghz,signal_frequency_ghz,gain_db,unstable,flux_trapped")
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 9 && $0[4] == "4.6" && $0[5] == "2.3" })
        #expect(rows.map { Double($0[3]) } == [-30, -10, 10, -30, -10, 10, -30, -10, 10, -30, -10, 10].map { Double($0) })
        #expect(Set(rows.map { $0[0] }).count == 4)
        // Unstable points carry no gain.
        #expect(rows.filter { $0[7] == "1" }.allSatisfy { $0[6] == "nan" })
    }

    @Test("bad input is refused with a message saying what to do", arguments: [
        (["jpa/Tuning-v1", "--out", "/tmp/x.csv", "--bias-points", "1"], "--bias-points must be between 2 and 10000"),
        (["jpa/Tuning-v1", "--out", "/no/such/folder/x.csv"], "does not exist"),
        (["jpa/Tuning-v1", "--out", "/tmp/x.csv", "--power-min", "5", "--power-max", "0"], "must be below"),
    ])
    func refusedAtParse(arguments: [String], message: String) {
        #expect {
            _ = try ParamapCommand.parse(arguments)
        } throws: { error in
            ParamapCommand.message(for: error).contains(message)
        }
    }

    @Test("a plant that is not a JPA, or a context outside the scan range, is refused at run time", arguments: [
        (["awake/Steering-v1"], "not a JPA"),
        (["jpa/Tuning-v1", "--context", "3"], "outside the plant's scan range"),
        (["jpa/Tuning-v1", "--bias-min", "-900"], "bias_min_ua"),
    ])
    func refusedAtRun(arguments: [String], message: String) throws {
        let out = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let command = try ParamapCommand.parse(arguments + ["--out", out, "--bias-points", "2", "--power-points", "2"])
        #expect {
            try command.run()
        } throws: { error in
            (error as? ValidationError)?.message.contains(message) == true
        }
    }
}
