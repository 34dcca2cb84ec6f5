extension KeyedDecodingContainer {
    /// A list of numbers written as one number or as a list; `nil` when the key is absent.
    func decodeNumberOrList(_ key: Key) throws -> [Double]? {
        guard contains(key) else { return nil }
        if let number = try? decode(Double.self, forKey: key) { return [number] }
        return try decode([Double].self, forKey: key)
    }
}
