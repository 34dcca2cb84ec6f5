import Foundation

/// The JSON the store writes into its text columns: sorted keys, shortest round-trip numbers, and the
/// non-finite numbers JSON lacks written as the strings `inf`, `-inf` and `nan`.
///
/// Foundation prints every finite `Double` in its shortest form that reads back to the same bits (`-0`,
/// `5e-324`, `1.7976931348623157e+308`), so values round-trip bit for bit; the store's tests check it.
enum StoredJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `value` as JSON text.
    static func text<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// The value of type `type` in JSON `text`.
    static func value<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try decoder().decode(type, from: Data(text.utf8))
    }
}
