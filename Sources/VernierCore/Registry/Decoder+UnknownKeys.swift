extension Decoder {
    /// Throws when the mapping being decoded has a key outside `known`, naming it and the nearest known key,
    /// so a typo in a configuration file is an error rather than a silently ignored setting.
    public func rejectUnknownKeys(_ known: [String]) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let near = NearMatch.closest(to: key.stringValue, among: known)
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "unknown option '\(key.stringValue)'\(hint); known: \(known.sorted().joined(separator: ", "))")
        }
    }
}
