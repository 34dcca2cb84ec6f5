/// A `Decoder` over an empty mapping: what a type decodes from when no options were given at all, so that
/// "no options" and "an empty options file" mean the same without Core needing a parser.
struct EmptyMappingDecoder: Decoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(EmptyKeyedContainer<Key>(codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "expected a list, found no options"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            Any.self, .init(codingPath: codingPath, debugDescription: "expected a value, found no options"))
    }
}

/// The keyed container of ``EmptyMappingDecoder``: no key is present.
private struct EmptyKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { false }

    private func missing(_ key: Key) -> DecodingError {
        .keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no options were given"))
    }

    func decodeNil(forKey key: Key) throws -> Bool { throw missing(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { throw missing(key) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { nil }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        throw missing(key)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw missing(key) }

    func superDecoder() throws -> any Decoder { EmptyMappingDecoder(codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder { throw missing(key) }
}
