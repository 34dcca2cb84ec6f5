import CLibPQ
import Foundation

/// The run store's engine on a PostgreSQL server, through libpq: one connection, serialised (libpq connections
/// are not shared between threads), every write in its own `BEGIN … COMMIT` with `synchronous_commit = on`
/// (for ``RunStore/Durability/full``): `COMMIT` returns once the server has flushed the transaction's WAL, so a
/// committed evaluation survives a crash of the worker and of the server. Reads are `REPEATABLE READ, READ ONLY`
/// transactions: one consistent snapshot, never waiting for a writer.
///
/// Arguments go to the server in binary (`bigint`, `double precision` bit for bit, `text`, `bytea`) and results
/// come back in binary, so a `Double` round-trips exactly, −0.0 and ±∞ included.
final class PostgreSQLEngine: StoreEngine, @unchecked Sendable {
    /// The URL with the password removed: what errors and listings show.
    let displayName: String
    private let connection: OpaquePointer
    private let lock = NSLock()
    private var isClosed = false

    /// Connects to the server at `url` and sets the session up for `durability`; waits at most `busyTimeout`
    /// seconds for another transaction's row locks.
    ///
    /// - Throws: ``RunStoreError/malformedServerURL(_:detail:)`` for a URL libpq cannot read,
    ///   ``RunStoreError/serverUnreachable(_:detail:)`` when no connection could be made.
    init(url: String, displayName: String, durability: RunStore.Durability, busyTimeout: Double) throws {
        self.displayName = displayName
        try Self.checkURL(url, displayName: displayName)
        // Defaults first, so that the same keywords in the URL override them (libpq's `expand_dbname`).
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = ["10", "vernier", url]
        let connection: OpaquePointer? = keywords.withCStrings { keywordPointers in
            values.withCStrings { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw RunStoreError.serverUnreachable(displayName, detail: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let detail = Self.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw RunStoreError.serverUnreachable(displayName, detail: detail)
        }
        self.connection = connection
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        let timeout = Int((max(0, busyTimeout) * 1000).rounded())
        try executeScript("""
            SET synchronous_commit = \(durability == .full ? "on" : "off");
            SET lock_timeout = \(timeout);
            SET client_min_messages = warning;
            """)
    }

    deinit {
        if !isClosed { PQfinish(connection) }
    }

    /// Refuses a URL libpq cannot parse, with libpq's reason.
    static func checkURL(_ url: String, displayName: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let detail = error.map { message($0) } ?? "it cannot be parsed"
            if let error { PQfreemem(error) }
            throw RunStoreError.malformedServerURL(displayName, detail: detail)
        }
        PQconninfoFree(options)
    }

    // MARK: - StoreEngine

    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
    }

    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    func lockingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try write(body)
    }

    var locksRows: Bool { true }

    func close() throws {
        lock.lock()
        defer { lock.unlock() }
        if !isClosed { PQfinish(connection) }
        isClosed = true
    }

    func appliedMigrations() throws -> [String] {
        try read { try PostgreSQLSchema.appliedMigrations($0) }
    }

    func durabilityInEffect() throws -> RunStore.Durability? {
        switch try read({ try $0.value(String.self, sql: "SHOW synchronous_commit") }) {
        case "on", "remote_apply", "remote_write": return .full
        case "off", "local": return .normal
        default: return nil
        }
    }

    /// Runs `script` (statements separated by `;`, no arguments) outside any transaction of Vernier's.
    func executeScript(_ script: String) throws {
        lock.lock()
        defer { lock.unlock() }
        try checkOpen()
        try consume(PQexec(connection, script), sql: script)
    }

    // MARK: - Transactions and statements

    private func transaction<T>(begin: String, _ body: (any StoreSession) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try checkOpen()
        try reconnectIfNeeded()
        do {
            try consume(PQexec(connection, begin), sql: begin)
        } catch RunStoreError.serverUnreachable where PQstatus(connection) != CONNECTION_OK {
            // The server went away since the last transaction (a restart): nothing was sent in this one yet, so
            // connect again and begin it once more.
            try reconnectIfNeeded()
            try consume(PQexec(connection, begin), sql: begin)
        }
        do {
            let result = try body(PostgreSQLSession(engine: self))
            try consume(PQexec(connection, "COMMIT"), sql: "COMMIT")
            return result
        } catch {
            if PQstatus(connection) == CONNECTION_OK { PQclear(PQexec(connection, "ROLLBACK")) }
            throw error
        }
    }

    private func checkOpen() throws {
        if isClosed { throw RunStoreError.database(path: displayName, message: "the connection was closed") }
    }

    /// A connection the server dropped (a restart, a network cut) is made again once, between transactions.
    private func reconnectIfNeeded() throws {
        guard PQstatus(connection) != CONNECTION_OK else { return }
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw RunStoreError.serverUnreachable(displayName, detail: Self.message(PQerrorMessage(connection)))
        }
    }

    /// Runs one statement with `arguments` bound to its `?`s; called inside a transaction (the lock held).
    func run(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let text = Self.numberingPlaceholders(sql)
        let count = arguments.count
        var types = [UInt32](repeating: 0, count: count)
        var lengths = [Int32](repeating: 0, count: count)
        let formats = [Int32](repeating: 1, count: count)
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        buffers.reserveCapacity(count)
        defer { buffers.forEach { $0?.deallocate() } }
        for (index, argument) in arguments.enumerated() {
            let bytes: [UInt8]?
            switch argument?.storeValue ?? .null {
            case .null: bytes = nil
            case .integer(let number):
                types[index] = 20
                bytes = withUnsafeBytes(of: UInt64(bitPattern: number).bigEndian, Array.init)
            case .real(let number):
                types[index] = 701
                bytes = withUnsafeBytes(of: number.bitPattern.bigEndian, Array.init)
            case .text(let string):
                types[index] = 25
                bytes = Array(string.utf8)
            case .blob(let data):
                types[index] = 17
                bytes = Array(data)
            }
            guard let bytes else { buffers.append(nil); continue }
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
            for (offset, byte) in bytes.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            lengths[index] = Int32(bytes.count)
            buffers.append(buffer)
        }
        let result = buffers.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQexecParams(connection, text, Int32(count), types, values.baseAddress, lengths, formats, 1)
        }
        return try consume(result, sql: sql)
    }

    /// Reads `result` (and clears it), or throws the error it reports.
    @discardableResult
    private func consume(_ result: OpaquePointer?, sql: String) throws -> [StoreRow] {
        guard let result else { throw failure(nil) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            return try Self.rows(of: result)
        default:
            throw failure(result)
        }
    }

    /// The store error for a failed statement.
    private func failure(_ result: OpaquePointer?) -> RunStoreError {
        guard PQstatus(connection) == CONNECTION_OK else {
            return .serverUnreachable(displayName, detail: Self.message(PQerrorMessage(connection)))
        }
        guard let result else { return .database(path: displayName, message: Self.message(PQerrorMessage(connection))) }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let message = Self.message(PQresultErrorMessage(result))
        switch state {
        case "55P03", "40001", "40P01":
            return .busy(path: displayName, waitedSeconds: 0)
        case "53100":
            return .diskFull(path: displayName)
        case "42501":
            return .database(path: displayName, message: "PostgreSQL denied access (\(message)); grant the user the rights to create and write tables in the database")
        default:
            return .database(path: displayName, message: "PostgreSQL: \(message) (SQLSTATE \(state))")
        }
    }

    private static func rows(of result: OpaquePointer) throws -> [StoreRow] {
        let columns = Int(PQnfields(result))
        let names = (0..<columns).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columns).map { PQftype(result, Int32($0)) }
        return try (0..<Int(PQntuples(result))).map { row in
            let values = try (0..<columns).map { column -> StoreValue in
                let (r, c) = (Int32(row), Int32(column))
                if PQgetisnull(result, r, c) != 0 { return .null }
                let length = Int(PQgetlength(result, r, c))
                guard let pointer = PQgetvalue(result, r, c) else { return .null }
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: length)
                return try value(raw, type: types[column], column: names[column])
            }
            return StoreRow(names: names, values: values)
        }
    }

    /// A value in PostgreSQL's binary format.
    private static func value(_ raw: UnsafeRawBufferPointer, type: UInt32, column: String) throws -> StoreValue {
        func bigEndian<I: FixedWidthInteger>(_: I.Type) throws -> I {
            guard raw.count == MemoryLayout<I>.size else {
                throw StoreRowError(column: column, problem: "holds \(raw.count) bytes, not \(MemoryLayout<I>.size)")
            }
            return I(bigEndian: raw.loadUnaligned(as: I.self))
        }
        switch type {
        case 20: return .integer(try bigEndian(Int64.self))
        case 23: return .integer(Int64(try bigEndian(Int32.self)))
        case 21: return .integer(Int64(try bigEndian(Int16.self)))
        case 16: return .integer(raw.first == 0 ? 0 : 1)
        case 701: return .real(Double(bitPattern: try bigEndian(UInt64.self)))
        case 700: return .real(Double(Float(bitPattern: try bigEndian(UInt32.self))))
        case 17: return .blob(Data(raw))
        case 2278: return .null  // void, what `SELECT pg_advisory_xact_lock(…)` returns
        case 25, 1043, 19, 18, 1042: return .text(String(decoding: raw, as: UTF8.self))
        default:
            throw StoreRowError(column: column, problem: "has the PostgreSQL type \(type), which the store does not use")
        }
    }

    /// `sql` with its `?` placeholders numbered `$1`, `$2`, … (a `?` inside a quoted string stays).
    static func numberingPlaceholders(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var inString = false
        for character in sql {
            if character == "'" { inString.toggle() }
            if character == "?" && !inString {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    private static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "no message" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: "; ")
    }
}

/// One PostgreSQL transaction seen as a ``StoreSession``.
struct PostgreSQLSession: StoreSession {
    let engine: PostgreSQLEngine

    func execute(sql: String, arguments: StoreArguments) throws {
        _ = try engine.run(sql: sql, arguments: arguments)
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        try engine.run(sql: sql, arguments: arguments)
    }
}

extension Array where Element == String {
    /// Calls `body` with the strings as a NULL-terminated array of C strings.
    func withCStrings<T>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let pointers = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: count + 1)
        let copies = map { strdup($0) }
        defer {
            copies.forEach { free($0) }
            pointers.deallocate()
        }
        for (index, copy) in copies.enumerated() { pointers[index] = UnsafePointer(copy) }
        pointers[count] = nil
        return body(pointers)
    }
}
