import ArgumentParser
import Foundation
import VernierModbus

/// `vernier probe --map FILE`: read every mapped register once, write nothing.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Read every register of a map once and print it in physical units; writes nothing.",
        discussion: """
            Use it to check a new register map against the instrument before anything is written: each \
            parameter and reading is read on its own, so one wrong address shows as one failed line. Exit status 1 \
            when any read failed or a value lies outside its bounds.
            """)

    @Option(help: "The register map (YAML), e.g. hardware/quadratic.yaml.")
    var map: String

    @Option(help: "The device's TCP address, overriding the map's transport (e.g. 127.0.0.1:1502).")
    var endpoint: Endpoint?

    @Flag(help: "Print JSON (snake_case keys).")
    var json = false

    struct Line: Encodable {
        var name: String
        var role: String
        var register: String
        var encoding: String
        var raw: [UInt16]?
        var value: Double?
        var unit: String
        var bounds: [Double]?
        var withinBounds: Bool?
        var error: String?
    }

    func run() throws {
        let registerMap = try ModbusBackend.map(path: map, endpoint: endpoint)
        let device = try ModbusDevice.open(registerMap)
        defer { device.close() }
        var lines: [Line] = []
        let roles = registerMap.parameters.map { ($0.point, "parameter") }
            + (registerMap.context.map { [($0.point, "context")] } ?? [])
            + registerMap.readings.map { ($0, "reading") }
        for (point, role) in roles {
            var line = Line(name: point.name, role: role, register: point.layout.registerDescription,
                            encoding: point.layout.encoding.rawValue, unit: point.unit,
                            bounds: point.bounds.map { [$0.lowerBound, $0.upperBound] })
            do {
                let raw = try device.readRaw(point)
                let value = raw.withUnsafeBufferPointer { point.decode(from: $0, at: 0) }
                line.raw = raw
                line.value = value
                line.withinBounds = point.bounds.map { $0.contains(value) }
            } catch {
                line.error = "\(error)"
            }
            lines.append(line)
        }
        if json {
            try JSONOutput.print(lines)
        } else {
            print("\(registerMap.device) at \(registerMap.transport.endpoint), unit \(registerMap.unit):")
            let width = lines.map(\.name.count).max() ?? 0
            for line in lines {
                let name = line.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let place = "\(line.register) \(line.encoding)"
                if let error = line.error {
                    print("  \(name)  \(line.role)  \(place)  FAILED: \(error)")
                    continue
                }
                let raw = (line.raw ?? []).map { String(format: "%04X", $0) }.joined(separator: " ")
                let value = line.value.map { Format.number($0, digits: 9) } ?? "?"
                let flag = line.withinBounds == false ? "  OUTSIDE BOUNDS \(Format.vector(line.bounds ?? []))" : ""
                print("  \(name)  \(line.role)  \(place)  [\(raw)]  = \(value) \(line.unit)\(flag)")
            }
        }
        if lines.contains(where: { $0.error != nil || $0.withinBounds == false }) { throw ExitCode.failure }
    }
}
