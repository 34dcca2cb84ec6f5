import VernierCore

/// What the synthetic test devices (``QuadraticBowl``, ``LinearSteering``) share: N setpoints in a symmetric
/// range, N readings with optional Gaussian noise, and the readings' RMS as the objective — decoded, checked and
/// scored in one place.
enum SyntheticDevice {
    /// The shape options every synthetic device takes.
    struct Shape {
        /// Number of setpoints and readings, 1...64.
        var dimension: Int
        /// Half-width of every setpoint's range (> 0, the device's setpoint unit).
        var range: Double
        /// Standard deviation of each reading's noise (≥ 0, the device's reading unit).
        var noise: Double
    }

    /// Decodes `dimension` (default 10), `range` (default `defaultRange`) and `noise` (default 0) under the
    /// given keys and checks them; `rangeUnit` and `noiseUnit` name the units in the error messages.
    ///
    /// - Throws: `DecodingError.dataCorrupted` naming the key, the value seen and the valid range.
    static func decodeShape<Key: CodingKey>(
        from container: KeyedDecodingContainer<Key>, dimension dimensionKey: Key, range rangeKey: Key,
        noise noiseKey: Key, defaultRange: Double, rangeUnit: String?, noiseUnit: String?
    ) throws -> Shape {
        let dimension = try container.decodeIfPresent(Int.self, forKey: dimensionKey) ?? 10
        let range = try container.decodeIfPresent(Double.self, forKey: rangeKey) ?? defaultRange
        let noise = try container.decodeIfPresent(Double.self, forKey: noiseKey) ?? 0
        guard (1...64).contains(dimension) else {
            throw DecodingError.dataCorruptedError(forKey: dimensionKey, in: container,
                debugDescription: "dimension must lie in 1...64, got \(dimension)")
        }
        guard range > 0, range.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: rangeKey, in: container,
                debugDescription: "range must be positive and finite\(rangeUnit.map { " (\($0))" } ?? ""), got \(range)")
        }
        guard noise >= 0, noise.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: noiseKey, in: container,
                debugDescription: "noise must be zero or positive (a standard deviation\(noiseUnit.map { " in \($0)" } ?? "")), got \(noise)")
        }
        return Shape(dimension: dimension, range: range, noise: noise)
    }

    /// Objective `√(Σ y_i² / N)` of the `readings`, each reported as an observable under its name in `names`.
    ///
    /// - Throws: ``PlantError/wrongParameterCount(expected:got:)`` when there are not as many readings as names.
    static func rootMeanSquare(readings: [Double], names: [String]) throws -> Evaluation {
        guard readings.count == names.count else {
            throw PlantError.wrongParameterCount(expected: names.count, got: readings.count)
        }
        var sumOfSquares = 0.0
        var observables: [String: Double] = [:]
        observables.reserveCapacity(readings.count)
        for (name, reading) in zip(names, readings) {
            sumOfSquares += reading * reading
            observables[name] = reading
        }
        return Evaluation(objective: (sumOfSquares / Double(readings.count)).squareRoot(), observables: observables)
    }
}
