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
            parameter and reading is read on its own, so one wrong address shows as one failed line. FILE may be a \
            modbus/Device-v1 definition: its objective and constraints are then computed from the values read \
            (once, without averaging). Exit status 1 when any read failed or a value lies outside its bounds.
            """)

    @Option(help: "The register map or modbus/Device-v1 definition (YAML), e.g. hardware/quadratic.yaml.")
    var map: String

    @Option(help: "The device's TCP address, overriding the file's transport (e.g. 127.0.0.1:1502).")
    var endpoint: Endpoint?

    @OptionGroup var output: OutputOptions

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

    struct Objective: Encodable {
        var expression: String
        var maximize: Bool
        /// The expression's value as written.
        var value: Double
        /// The value the optimisers minimise (negated for maximize).
        var minimized: Double
        var successObjective: Double?
        var success: Bool?
    }

    struct ConstraintValue: Encodable {
        var name: String
        var value: Double
        var lowerBound: Double?
        var upperBound: Double?
        var satisfied: Bool
    }

    struct Report: Encodable {
        var device: String
        var endpoint: String
        var registers: [Line]
        var objective: Objective?
        var constraints: [ConstraintValue]?
        /// Why the objective was not computed (a failed read), for a definition file.
        var objectiveError: String?
    }

    func run() throws {
        let (registerMap, definition) = try ModbusBackend.mapOrDefinition(path: map, endpoint: endpoint)
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
        var report = Report(device: registerMap.device, endpoint: registerMap.transport.endpoint, registers: lines)
        if let definition {
            Self.evaluate(definition, lines: lines, into: &report)
        }
        if output.json {
            try JSONOutput.print(report)
        } else {
            Self.printHuman(report, unit: registerMap.unit)
        }
        if lines.contains(where: { $0.error != nil || $0.withinBounds == false }) { throw ExitCode.failure }
    }

    /// The definition's objective and constraints from the values read (readings, then parameters).
    static func evaluate(_ definition: DeviceDefinition, lines: [Line], into report: inout Report) {
        let parameterCount = definition.map.parameters.count
        let parameterLines = lines.prefix(parameterCount), readingLines = lines.dropFirst(parameterCount)
        let ordered = Array(readingLines) + Array(parameterLines)
        let failed = ordered.filter { $0.value == nil }.map(\.name)
        guard failed.isEmpty else {
            report.objectiveError = "not computed: \(failed.joined(separator: ", ")) could not be read"
            return
        }
        let outcome = definition.outcome(values: ordered.map { $0.value ?? .nan })
        let threshold = definition.successObjective
        report.objective = Objective(
            expression: definition.objective.text, maximize: definition.maximizes, value: outcome.objectiveValue,
            minimized: outcome.minimizedObjective,
            successObjective: threshold.map { definition.maximizes ? -$0 : $0 },
            success: threshold.map { outcome.minimizedObjective <= $0 })
        report.constraints = zip(definition.constraints, outcome.constraintValues).map { constraint, value in
            ConstraintValue(name: constraint.name, value: value,
                            lowerBound: constraint.lowerBound.isFinite ? constraint.lowerBound : nil,
                            upperBound: constraint.upperBound.isFinite ? constraint.upperBound : nil,
                            satisfied: constraint.constraint.isSatisfied(by: value))
        }
    }

    static func printHuman(_ report: Report, unit: Int) {
        print("\(report.device) at \(report.endpoint), unit \(unit):")
        let width = report.registers.map(\.name.count).max() ?? 0
        for line in report.registers {
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
        if let error = report.objectiveError {
            print("objective \(error)")
        }
        if let objective = report.objective {
            let verb = objective.maximize ? "maximize" : "objective"
            var text = "\(verb)  \(objective.expression) = \(Format.number(objective.value, digits: 9))"
            if let threshold = objective.successObjective, let success = objective.success {
                text += "  (success at \(objective.maximize ? "≥" : "≤") \(Format.number(threshold)): \(success ? "yes" : "no"))"
            }
            print(text)
        }
        for constraint in report.constraints ?? [] {
            var limits: [String] = []
            if let low = constraint.lowerBound { limits.append("≥ \(Format.number(low))") }
            if let high = constraint.upperBound { limits.append("≤ \(Format.number(high))") }
            print("constraint  \(constraint.name) = \(Format.number(constraint.value, digits: 9))  "
                  + "(\(limits.joined(separator: ", ")): \(constraint.satisfied ? "satisfied" : "VIOLATED"))")
        }
    }
}
