import Foundation
import GRDB

/// The run store's engine on an SQLite file, through GRDB: one serialised connection (`DatabaseQueue`), writes in
/// `BEGIN IMMEDIATE` transactions, statements prepared once and cached.
final class SQLiteEngine: StoreEngine {
    let database: DatabaseQueue

    init(database: DatabaseQueue) {
        self.database = database
    }

    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try database.read { try body(SQLiteSession(database: $0)) }
    }

    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try database.write { try body(SQLiteSession(database: $0)) }
    }

    func lockingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(SQLiteSession(database: db))
                return .commit
            }
            guard let result else { throw StoreRowError(column: "(transaction)", problem: "has no result") }
            return result
        }
    }

    var locksRows: Bool { false }

    func close() throws {
        try database.close()
    }

    func appliedMigrations() throws -> [String] {
        try database.read { try RunStoreSchema.migrator.appliedMigrations($0) }
    }

    func durabilityInEffect() throws -> RunStore.Durability? {
        switch try database.read({ try Int.fetchOne($0, sql: "PRAGMA synchronous") }) {
        case 2: return .full
        case 1: return .normal
        default: return nil
        }
    }
}

/// One SQLite transaction seen as a ``StoreSession``.
struct SQLiteSession: StoreSession {
    let database: Database

    func execute(sql: String, arguments: StoreArguments) throws {
        try database.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let statement = try database.cachedStatement(sql: sql)
        let names = statement.columnNames
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
            StoreRow(names: names, values: row.databaseValues.map(Self.storeValue))
        }
    }

    static func arguments(_ values: StoreArguments) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value?.storeValue ?? .null {
            case .null: return .null
            case .integer(let number): return number.databaseValue
            case .real(let number): return number.databaseValue
            case .text(let text): return text.databaseValue
            case .blob(let data): return data.databaseValue
            }
        })
    }

    static func storeValue(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .blob(data)
        }
    }
}
