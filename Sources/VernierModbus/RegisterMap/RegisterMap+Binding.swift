import VernierCore

extension RegisterMap {
    /// How a plant's parameters and readings line up with a map's entries.
    public struct Binding: Sendable, Hashable {
        /// For each plant parameter (in the plant's order), the index of its entry in ``RegisterMap/parameters``.
        public var setpointIndices: [Int]
        /// For each required reading (in the order asked), the index of its entry in ``RegisterMap/readings``.
        public var readingIndices: [Int]
    }

    /// Lines the map up with a plant: every plant parameter must be mapped, the map must write nothing the plant
    /// does not know, and every reading in `requiredReadings` must be mapped.
    ///
    /// - Throws: ``RegisterMapError`` at the `parameters:` (or `readings:`) line for a missing entry, or at the
    ///   entry's line for a parameter the plant does not have; the message lists the names that would fit.
    public func binding(parameterNames: [String], requiredReadings: [String] = []) throws(RegisterMapError) -> Binding {
        var setpointIndices: [Int] = []
        for name in parameterNames {
            guard let index = parameters.firstIndex(where: { $0.name == name }) else {
                let unmapped = parameterNames.filter { setpoint(named: $0) == nil }
                throw RegisterMapError(
                    source: source, location: parametersLocation,
                    message: "the plant's parameter\(unmapped.count == 1 ? "" : "s") \(Self.quoted(unmapped)) "
                        + "\(unmapped.count == 1 ? "is" : "are") not mapped; add \(unmapped.count == 1 ? "an entry" : "entries") "
                        + "under 'parameters:' (the plant's parameters are \(Self.quoted(parameterNames)))")
            }
            setpointIndices.append(index)
        }
        if let extra = parameters.first(where: { !parameterNames.contains($0.name) }) {
            let near = NearMatchHint.hint(extra.name, among: parameterNames)
            throw RegisterMapError(
                source: source, location: extra.point.location,
                message: "the map writes '\(extra.name)', which is not a parameter of the plant\(near); "
                    + "the plant's parameters are \(Self.quoted(parameterNames))")
        }
        var readingIndices: [Int] = []
        for name in requiredReadings {
            guard let index = readings.firstIndex(where: { $0.name == name }) else {
                let missing = requiredReadings.filter { reading(named: $0) == nil }
                throw RegisterMapError(
                    source: source, location: readingsLocation,
                    message: "the plant needs the reading\(missing.count == 1 ? "" : "s") \(Self.quoted(missing)), "
                        + "which the map does not have; add \(missing.count == 1 ? "it" : "them") under 'readings:'")
            }
            readingIndices.append(index)
        }
        return Binding(setpointIndices: setpointIndices, readingIndices: readingIndices)
    }

    static func quoted(_ names: [String]) -> String {
        let shown = names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        return names.count > 12 ? shown + ", … (\(names.count) in all)" : shown
    }
}

/// A " (did you mean …?)" suffix for a name that is not among the known ones.
enum NearMatchHint {
    static func hint(_ name: String, among known: [String]) -> String {
        let near = NearMatch.closest(to: name, among: known)
        return near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?)"
    }
}
