import GRDB
import GRDBSQLite

/// A value bound straight through SQLite's API, as GRDB binds the same value (a text with
/// `sqlite3_bind_text(…, -1, SQLITE_TRANSIENT)`, an integer with `sqlite3_bind_int64`), without
/// GRDB's boxed arguments: a bulk command writes 100,000 notices, cases and events, and building
/// their arguments cost more than SQLite's own work.
enum BoundValue {
    case integer(Int64)
    case text(String)
    case null

    init(_ text: String?) { self = text.map(BoundValue.text) ?? .null }
    init(_ integer: Int64?) { self = integer.map(BoundValue.integer) ?? .null }
}

extension Statement {
    /// Binds `values` to this (cached) statement and steps it to the end; `row` sees each row it
    /// returns (a `RETURNING` clause), on the SQLite statement. The statement is reset after.
    func runBound(_ values: [BoundValue], _ db: Database, row: ((OpaquePointer) throws -> Void)? = nil) throws {
        let sqlite = sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_reset(sqlite)
        defer { sqlite3_reset(sqlite) }
        for (offset, value) in values.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch value {
            case .integer(let integer): code = sqlite3_bind_int64(sqlite, index, integer)
            case .text(let text): code = sqlite3_bind_text(sqlite, index, text, -1, transient)
            case .null: code = sqlite3_bind_null(sqlite, index)
            }
            guard code == SQLITE_OK else { throw boundError(db, code: code) }
        }
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw boundError(db, code: code) }
            try row?(sqlite)
        }
    }

    /// Binds a staging row to this prepared insert and runs it: `first` (the line or sequence
    /// number), then `texts` by their length, so a value from a file is stored whole whatever it
    /// holds (a NUL included). Used by the imports, which stage every line of a file.
    func runStaged(_ first: Int64, _ texts: [String?], _ db: Database) throws {
        let sqlite = sqliteStatement
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_reset(sqlite)
        defer { sqlite3_reset(sqlite) }
        var code = sqlite3_bind_int64(sqlite, 1, first)
        for (offset, text) in texts.enumerated() where code == SQLITE_OK {
            let index = CInt(offset + 2)
            if var text {
                code = text.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, !bytes.isEmpty else {
                        return sqlite3_bind_text(sqlite, index, "", 0, transient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                        sqlite3_bind_text(sqlite, index, chars, CInt(bytes.count), transient)
                    }
                }
            } else {
                code = sqlite3_bind_null(sqlite, index)
            }
        }
        guard code == SQLITE_OK else { throw boundError(db, code: code) }
        let step = sqlite3_step(sqlite)
        guard step == SQLITE_DONE else { throw boundError(db, code: step) }
    }

    private func boundError(_ db: Database, code: CInt) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }, sql: sql)
    }
}
