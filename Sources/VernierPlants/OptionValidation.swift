/// Range checks for options structs: each failure names the option, its valid range and unit, and the value
/// given, so `vernier check --options` can tell the operator exactly what to fix.
extension KeyedDecodingContainer {
    /// Throws a `DecodingError.dataCorrupted` at `key` unless `isValid`; `range` says what is accepted,
    /// e.g. "a number in (0, 0.01] rad".
    func require<Value>(_ isValid: Bool, _ key: Key, _ value: Value, _ range: String) throws {
        guard isValid else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "\(key.stringValue) must be \(range), got \(value)")
        }
    }

    /// Decodes `key` (or takes `defaultValue`) and checks it lies in `range` and is finite.
    func decode(_ key: Key, default defaultValue: Double, in range: ClosedRange<Double>, _ unit: String) throws -> Double {
        let value = try decode(key, default: defaultValue)
        try require(value.isFinite && range.contains(value), key, value,
                    "a number in [\(range.lowerBound), \(range.upperBound)]\(unit.isEmpty ? "" : " \(unit)")")
        return value
    }

    /// Decodes `key` (or takes `defaultValue`) and checks it lies in `range`.
    func decode(_ key: Key, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        let value = try decode(key, default: defaultValue)
        try require(range.contains(value), key, value, "an integer in [\(range.lowerBound), \(range.upperBound)]")
        return value
    }
}
