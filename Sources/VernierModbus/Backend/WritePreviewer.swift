import VernierCore

/// Describes a plant's writes in register terms; give ``describe(_:)`` to `SafetyEnvelope.onWrite` to show a
/// dry run (`--dry-run`):
/// ```swift
/// let previewer = WritePreviewer(plant)
/// envelope.onWrite = { record in print(previewer.describe(record)) }
/// ```
/// A value type holding only the map and the names, so the closure does not capture the plant.
public struct WritePreviewer: Sendable {
    /// The device's map.
    public let map: RegisterMap
    /// The plant's parameter names, in the order its points are given.
    public let parameterNames: [String]

    public init(map: RegisterMap, parameterNames: [String]) {
        self.map = map
        self.parameterNames = parameterNames
    }

    /// The previewer for `plant`'s map and parameters.
    public init(_ plant: some ModbusBackedPlant) {
        self.init(map: plant.device.map, parameterNames: plant.parameterNames)
    }

    /// The registers writing `parameters` (plant order) would set.
    public func preview(_ parameters: [Double]) -> WritePreview {
        WritePreview(map: map, parameterNames: parameterNames, values: parameters)
    }

    /// A header ("dry run: would write (target, clipped)") and one indented line per parameter.
    public func describe(_ record: WriteRecord) -> String {
        let verb = record.isDryRun ? "dry run: would write" : "writing"
        let clipped = record.wasClipped ? ", clipped to the hard limits" : ""
        let lines = preview(record.parameters).lines.map { "  " + $0 }
        return (["\(verb) (\(record.purpose.rawValue)\(clipped)):"] + lines).joined(separator: "\n")
    }
}
