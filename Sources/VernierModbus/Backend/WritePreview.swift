import Foundation
import VernierCore

/// What one write of a Modbus-backed plant puts in the device's registers, worked out without sending anything:
/// for each parameter the physical value as the device will hold it, the raw value and the register words.
///
/// A dry run (`SafetyLimits.dryRun`) shows these instead of writing: the operator sees exactly which registers
/// would change and to what, in the map's encodings and orders.
public struct WritePreview: Sendable, Hashable, Codable {
    /// One parameter of the write.
    public struct Entry: Sendable, Hashable, Codable {
        /// The parameter's name.
        public var name: String
        /// The value asked for (physical units).
        public var requested: Double
        /// The value the device would hold: `requested` rounded to what the encoding stores (nil when refused).
        public var value: Double?
        /// The physical unit from the map.
        public var unit: String
        /// Where it goes, e.g. "holding registers 0...1".
        public var register: String
        /// The encoding, e.g. "float32".
        public var encoding: String
        /// The raw value stored (an integer count, or the float), before scale and offset.
        public var raw: Double?
        /// The register words in the map's word and byte order (one 0/1 word for a coil).
        public var words: [UInt16]
        /// Why the value could not be written (outside the bounds, not representable), if so.
        public var error: String?

        /// "corrector_1 = 0.25 mrad → holding registers 0...1 float32, raw 0.25 [3E80 0000]".
        public var line: String {
            let unitText = unit.isEmpty ? "" : " \(unit)"
            guard let value, let raw, error == nil else {
                return "\(name) = \(requested)\(unitText) → \(register) \(encoding): REFUSED, \(error ?? "not storable")"
            }
            let hex = words.map { String(format: "%04X", $0) }.joined(separator: " ")
            let rawText = raw.rounded() == raw && abs(raw) < 1e15 ? String(Int64(raw)) : "\(raw)"
            return "\(name) = \(value)\(unitText) → \(register) \(encoding), raw \(rawText) [\(hex)]"
        }
    }

    /// One entry per parameter, in the order given.
    public var entries: [Entry]

    /// The preview of writing `values` to the parameters `parameterNames` of `map`.
    ///
    /// - Precondition: every name is a parameter of `map` and `values` has one value per name.
    public init(map: RegisterMap, parameterNames: [String], values: [Double]) {
        precondition(parameterNames.count == values.count, "\(values.count) values for \(parameterNames.count) parameters")
        entries = zip(parameterNames, values).map { name, requested in
            guard let setpoint = map.setpoint(named: name) else {
                return Entry(name: name, requested: requested, value: nil, unit: "", register: "?", encoding: "?",
                             raw: nil, words: [], error: "not a parameter of the map")
            }
            let point = setpoint.point
            var entry = Entry(name: name, requested: requested, value: nil, unit: point.unit,
                              register: point.layout.registerDescription, encoding: point.layout.encoding.rawValue,
                              raw: nil, words: [], error: nil)
            switch point.raw(fromPhysical: requested) {
            case .success(let raw):
                var words = [UInt16](repeating: 0, count: point.layout.width)
                words.withUnsafeMutableBufferPointer { buffer in
                    point.layout.store(rawBits: point.layout.rawBits(of: raw), into: buffer, at: 0)
                }
                entry.raw = raw
                entry.words = words
                entry.value = point.physical(fromRaw: raw)
            case .failure(let problem):
                entry.error = "\(problem)"
            }
            return entry
        }
    }

    /// One line per parameter.
    public var lines: [String] { entries.map(\.line) }
}
