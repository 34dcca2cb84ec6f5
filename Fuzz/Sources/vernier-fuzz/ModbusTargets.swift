import VernierModbus

/// Register maps and `modbus/Device-v1` definitions, read as `--map` and `--options` files are.
///
/// Refused: a ``RegisterMapError`` naming the file and a `line:column` inside the text (every refusal of these
/// files has a place). Accepted: every point's bounds are ordered, and a value inside them survives the
/// register encoding (encoded, decoded: within one step of the encoding's resolution); a definition's objective
/// and constraints evaluate on any values without trapping.
enum ModbusTargets {
    static let source = "fuzz.yaml"

    static func registerMap(_ bytes: [UInt8]) {
        let text = FuzzCheck.text(bytes)
        do {
            let map = try RegisterMap(yaml: text, source: source)
            checkPoints(of: map)
        } catch {
            checkRefusal(error, text: text)
        }
    }

    static func deviceDefinition(_ bytes: [UInt8]) {
        let text = FuzzCheck.text(bytes)
        do {
            let definition = try DeviceDefinition(yaml: text, source: source)
            checkPoints(of: definition.map)
            let count = definition.names.names.count
            for values in [Array(repeating: 0.0, count: count), Array(repeating: 1.5, count: count),
                           Array(repeating: -.infinity, count: count)] {
                let outcome = definition.outcome(values: values)
                FuzzCheck.require(outcome.constraintValues.count == definition.constraints.count,
                                  "\(outcome.constraintValues.count) constraint values for \(definition.constraints.count) constraints")
            }
        } catch {
            checkRefusal(error, text: text)
        }
    }

    static func checkRefusal(_ error: RegisterMapError, text: String) {
        FuzzCheck.require(error.source == source, "the refusal names '\(error.source)', not the file: \(error)")
        FuzzCheck.require(!error.message.isEmpty, "an empty refusal")
        guard let location = error.location else {
            FuzzCheck.require(false, "refused without line:column: \(error)")
            return
        }
        // YAML breaks lines at CR, LF, CR LF, NEL, LS and PS, which `Character.isNewline` all covers.
        let lineCount = text.reduce(1) { $0 + ($1.isNewline ? 1 : 0) }
        FuzzCheck.require(location.line >= 1 && location.column >= 1 && location.line <= lineCount + 1,
                          "refused at \(location.line):\(location.column), outside the \(lineCount)-line text: \(error)")
    }

    static func checkPoints(of map: RegisterMap) {
        FuzzCheck.require(!map.parameters.isEmpty || !map.readings.isEmpty, "a map without points accepted")
        for point in map.allPoints {
            guard let bounds = point.bounds else { continue }
            FuzzCheck.require(bounds.lowerBound <= bounds.upperBound, "\(point.name) has bounds \(bounds)")
            for value in [bounds.lowerBound, bounds.upperBound, (bounds.lowerBound + bounds.upperBound) / 2]
            where value.isFinite {
                guard case .success(let held) = point.quantized(value) else { continue }
                let tolerance = point.resolution(near: value) * 1.000_001 + abs(value).ulp
                FuzzCheck.require(abs(held - value) <= tolerance || !held.isFinite,
                                  "\(point.summary): \(value) is held as \(held) (resolution \(point.resolution(near: value)))")
            }
        }
    }
}
