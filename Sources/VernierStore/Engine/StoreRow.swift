/// One row a query returned, its values by column name.
struct StoreRow: Sendable {
    /// The column names, in the query's order (shared by every row of one result).
    let names: [String]
    /// The values, one per name.
    let values: [StoreValue]

    /// The value of `column`; ``StoreRowError`` when the query has no such column.
    func value(_ column: String) throws -> StoreValue {
        guard let index = names.firstIndex(of: column) else { throw StoreRowError(column: column, problem: "is missing") }
        return values[index]
    }

    /// The value of `column` as `type` (an optional type reads NULL as `nil`).
    ///
    /// - Throws: ``StoreRowError`` when the column is missing or holds a value of another type.
    func decode<Value: StoreColumnDecodable>(_ type: Value.Type, forColumn column: String) throws -> Value {
        let stored = try value(column)
        guard let decoded = Value.decoded(from: stored) else {
            throw StoreRowError(column: column, problem: "holds \(stored), not a \(Value.self)")
        }
        return decoded
    }
}

/// A row did not hold what the store wrote: a missing column or a value of the wrong type.
struct StoreRowError: Error, CustomStringConvertible {
    let column: String
    let problem: String
    var description: String { "the column \(column) \(problem)" }
}
