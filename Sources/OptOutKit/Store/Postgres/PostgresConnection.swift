import CLibPQ
import Foundation
import GRDB

/// One connection to a PostgreSQL server through libpq, used synchronously like the rest of the
/// program. libpq reads the connection settings exactly as `psql` does: the URL's host, port,
/// user, database and `sslmode`, a Unix-socket host, `$PGPASSWORD`, `~/.pgpass` and service files.
///
/// Values travel as GRDB's `DatabaseValue`, so what a query returns decodes through the same
/// `Row` and `FetchableRecord` code as on SQLite: integers and booleans (as 0/1) as integers,
/// floating and non-integral numeric values as doubles, `bytea` as data, the rest as text.
final class PostgresConnection {
    private let connection: OpaquePointer
    /// The URL the connection was opened with, for messages (its password, if any, masked).
    let location: String

    /// Connects to `url` (`postgresql://…` or `postgres://…`, or any libpq connection string).
    init(url: String) throws {
        location = PostgresConnection.masked(url)
        guard let connection = PQconnectdb(url) else { throw PostgresError.outOfMemory }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresConnection.message(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError.connectionFailed(location: location, reason: ConnectionFailure(message))
        }
        self.connection = connection
        // libpq would print the server's notices on standard error; the core never prints.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Text is exchanged as UTF-8 and dates as ISO 8601, whatever the server's defaults.
        _ = try execute("SET client_encoding = 'UTF8'")
    }

    deinit { PQfinish(connection) }

    /// The role this connection logged in as: the history's actor in team mode.
    var user: String {
        get throws {
            let result = try execute("SELECT session_user")
            return result.text(row: 0, column: 0) ?? ""
        }
    }

    /// `password` as the verifier the server keeps for `user` (in the server's own
    /// `password_encryption`: SCRAM-SHA-256 by default), computed here as psql's `\password`
    /// does, so the password itself never reaches the server or its logs.
    func passwordVerifier(_ password: String, user: String) throws -> String {
        guard let verifier = PQencryptPasswordConn(connection, password, user, nil) else {
            let reason = PostgresConnection.message(PQerrorMessage(connection))
            throw PostgresError.server(ServerFailure(code: "", message: reason, detail: nil, hint: nil))
        }
        defer { PQfreemem(verifier) }
        return String(cString: verifier)
    }

    /// Runs one statement with `$1`, `$2`… bound to `parameters`, and returns what it gave.
    /// Integers are sent as `int8`, doubles as `float8`, data as `bytea` (in binary), text and
    /// NULL untyped, so the server takes their type from where they are used.
    @discardableResult
    func execute(_ sql: String, _ parameters: [DatabaseValue] = []) throws -> PostgresResult {
        var types: [Oid] = []
        var texts: [[UInt8]?] = []
        var formats: [Int32] = []
        types.reserveCapacity(parameters.count)
        for value in parameters {
            switch value.storage {
            case .null:
                types.append(0)
                texts.append(nil)
                formats.append(0)
            case .int64(let integer):
                types.append(20)
                texts.append(Array(String(integer).utf8) + [0])
                formats.append(0)
            case .double(let double):
                types.append(701)
                texts.append(Array(PostgresConnection.text(of: double).utf8) + [0])
                formats.append(0)
            case .string(let string):
                types.append(0)
                texts.append(Array(string.utf8) + [0])
                formats.append(0)
            case .blob(let data):
                types.append(17)
                texts.append(Array(data))
                formats.append(1)
            }
        }
        // Lengths count for binary values only; text values end at their NUL.
        let lengths = texts.map { Int32($0?.count ?? 0) }
        let result = withPointers(to: texts) { pointers in
            PQexecParams(connection, sql, Int32(parameters.count), types, pointers, lengths, formats, 0)
        }
        return try check(result, sql: sql)
    }

    /// Runs a script of one or more statements with no parameters (a schema file), in one round
    /// trip; returns what the last statement gave.
    @discardableResult
    func executeScript(_ sql: String) throws -> PostgresResult {
        let result = try check(PQexec(connection, sql), sql: String(sql.prefix(200)))
        drainResults()
        return result
    }

    /// Runs several statements without parameters in one round trip and returns each one's result.
    func executeEach(_ sql: String) throws -> [PostgresResult] {
        guard PQsendQuery(connection, sql) == 1 else {
            throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(connection)))
        }
        var results: [PostgresResult] = []
        var failure: Error?
        while let result = PQgetResult(connection) {
            do { results.append(try check(result, sql: String(sql.prefix(200)))) } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
        return results
    }

    /// Runs `COPY … FROM STDIN` (`sql`) and sends the rows `body` writes, in COPY's text format.
    /// The statement fails as a whole if any row does: nothing of it is kept.
    func copyIn(_ sql: String, _ body: (inout CopyRows) throws -> Void) throws {
        var rows = try beginCopy(sql)
        do {
            try body(&rows)
        } catch {
            abortCopy()
            throw error
        }
        try endCopy(&rows)
    }

    /// Whether a `COPY … FROM STDIN` is open: until it ends, the connection runs no other statement.
    private(set) var copying = false

    /// Starts `COPY … FROM STDIN` (`sql`). Rows appended to what it returns go to the server in
    /// 64 KiB messages as they come, so the server stores them while the program works on;
    /// `endCopy` finishes it and says whether the server took them all.
    func beginCopy(_ sql: String) throws -> CopyRows {
        try check(PQexec(connection, sql), sql: sql, expecting: PGRES_COPY_IN)
        copying = true
        return CopyRows(sql: sql) { bytes in
            let sent = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        PQputCopyData(self.connection, $0, Int32(buffer.count))
                    }
                } ?? 1
            }
            guard sent == 1 else {
                throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(self.connection)))
            }
        }
    }

    /// Sends what `rows` still holds and ends the COPY; throws what the server refused.
    func endCopy(_ rows: inout CopyRows) throws {
        do {
            try rows.flush()
        } catch {
            abortCopy()
            throw error
        }
        copying = false
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(connection)))
        }
        try check(PQgetResult(connection), sql: rows.sql)
        drainResults()
    }

    /// Ends an open COPY as failed, so that nothing of it is kept (the transaction is then aborted
    /// and can only be rolled back). Does nothing when no COPY is open.
    func abortCopy() {
        guard copying else { return }
        copying = false
        _ = PQputCopyEnd(connection, "optout stopped the copy")
        drainResults()
    }

    /// Runs `COPY … TO STDOUT` (`sql`) and gives `row` each row's fields (`nil` for NULL), as text.
    func copyOut(_ sql: String, _ row: ([String?]) throws -> Void) throws {
        try check(PQexec(connection, sql), sql: sql, expecting: PGRES_COPY_OUT)
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            if length == -1 { break }
            guard length >= 0, let buffer else {
                throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(connection)))
            }
            defer { PQfreemem(buffer) }
            if failure != nil { continue }
            let line = buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                UnsafeBufferPointer(start: $0, count: Int(length))
            }
            do { try row(CopyRows.fields(of: line)) } catch { failure = error }
        }
        try check(PQgetResult(connection), sql: sql)
        drainResults()
        if let failure { throw failure }
    }

    private func drainResults() {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    @discardableResult
    private func check(_ result: OpaquePointer?, sql: String, expecting: ExecStatusType? = nil) throws
        -> PostgresResult
    {
        guard let result else {
            throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(connection)))
        }
        let status = PQresultStatus(result)
        if let expecting, status == expecting { return PostgresResult(result) }
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            if expecting == nil { return PostgresResult(result) }
            PQclear(result)
            throw PostgresError.lost(detail: "unexpected reply to \(sql.prefix(60))")
        default:
            let field = { (code: UInt8) -> String? in
                PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
            }
            let failure = ServerFailure(
                code: field(UInt8(ascii: "C")) ?? "", message: field(UInt8(ascii: "M")) ?? "",
                detail: field(UInt8(ascii: "D")), hint: field(UInt8(ascii: "H")))
            PQclear(result)
            if PQstatus(connection) != CONNECTION_OK {
                throw PostgresError.lost(detail: PostgresConnection.message(PQerrorMessage(connection)))
            }
            throw PostgresError.server(failure)
        }
    }

    /// libpq's message, on one line, without its trailing newline.
    static func message(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "; ")
    }

    /// `url` with any password in it replaced by `***`.
    static func masked(_ url: String) -> String { ServerPasswords.masked(url) }

    /// A double as PostgreSQL reads it back to the same value.
    static func text(of double: Double) -> String {
        if double.isNaN { return "NaN" }
        if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
        return "\(double)"
    }
}

/// Calls `body` with C pointers to each of `buffers` (`nil` for `nil`), valid during the call.
private func withPointers<R>(to buffers: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafePointer<CChar>?] = []
    pointers.reserveCapacity(buffers.count)
    func next(_ index: Int) -> R {
        if index == buffers.count { return body(pointers) }
        guard let buffer = buffers[index] else {
            pointers.append(nil)
            return next(index + 1)
        }
        return buffer.withUnsafeBufferPointer { bytes in
            pointers.append(bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) })
            return next(index + 1)
        }
    }
    return next(0)
}

/// What one statement returned: its rows, read as `DatabaseValue`s, and how many rows it changed.
final class PostgresResult {
    private let result: OpaquePointer
    let rowCount: Int
    let columnCount: Int

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        columnCount = Int(PQnfields(result))
    }

    deinit { PQclear(result) }

    /// The column names, in order.
    var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    }

    /// How many rows an INSERT, UPDATE or DELETE changed.
    var changes: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// The value at `row`, `column`, as text (`nil` for NULL).
    func text(row: Int, column: Int) -> String? {
        if PQgetisnull(result, Int32(row), Int32(column)) == 1 { return nil }
        return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }

    /// The value at `row`, `column`, typed by the column's type.
    func value(row: Int, column: Int) -> DatabaseValue {
        if PQgetisnull(result, Int32(row), Int32(column)) == 1 { return .null }
        guard let pointer = PQgetvalue(result, Int32(row), Int32(column)) else { return .null }
        let text = String(cString: pointer)
        switch PQftype(result, Int32(column)) {
        case 16:  // bool
            return (text == "t" ? Int64(1) : Int64(0)).databaseValue
        case 20, 21, 23, 26:  // int8, int2, int4, oid
            return Int64(text).map(\.databaseValue) ?? text.databaseValue
        case 700, 701:  // float4, float8
            return Double(text).map(\.databaseValue) ?? text.databaseValue
        case 1700:  // numeric: an integer when it is one (SUM and COUNT over bigints), else a double
            if let integer = Int64(text) { return integer.databaseValue }
            return Double(text).map(\.databaseValue) ?? text.databaseValue
        case 17:  // bytea, in hex
            return PostgresResult.bytes(hex: text).map(\.databaseValue) ?? text.databaseValue
        default:
            return text.databaseValue
        }
    }

    /// The bytes of a `bytea` in its hex output form (`\x0a1b…`).
    static func bytes(hex text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count >= 2, digits[0] == UInt8(ascii: "\\"), digits[1] == UInt8(ascii: "x"),
            digits.count % 2 == 0
        else { return nil }
        var data = Data(capacity: (digits.count - 2) / 2)
        var index = 2
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Every row, as GRDB rows read by column name.
    func rows() -> [Row] {
        let names = columnNames
        return (0..<rowCount).map { row in
            var values: [String: DatabaseValue] = [:]
            // The leftmost of two columns of the same name wins, as in SQLite.
            for column in (0..<columnCount).reversed() { values[names[column]] = value(row: row, column: column) }
            return Row(values)
        }
    }
}

/// Rows written to a `COPY … FROM STDIN` in COPY's text format: fields separated by tabs, NULL as
/// `\N`, and backslash, tab, newline and carriage return escaped, so any text arrives whole.
struct CopyRows {
    /// The `COPY … FROM STDIN` statement the rows are for.
    let sql: String
    private var buffer: [UInt8] = []
    private let send: ([UInt8]) throws -> Void

    init(sql: String, send: @escaping ([UInt8]) throws -> Void) {
        self.sql = sql
        self.send = send
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends one row.
    mutating func append(_ fields: [DatabaseValue]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            switch field.storage {
            case .null: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            case .int64(let integer): buffer.append(contentsOf: String(integer).utf8)
            case .double(let double): buffer.append(contentsOf: PostgresConnection.text(of: double).utf8)
            case .string(let string): appendEscaped(string.utf8)
            case .blob(let data):
                buffer.append(contentsOf: Array(#"\\x"#.utf8))
                for byte in data { buffer.append(contentsOf: Array(String(format: "%02x", byte).utf8)) }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { try flush() }
    }

    private mutating func appendEscaped(_ bytes: String.UTF8View) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.append(byte)
            }
        }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The fields of one line of COPY's text format (its newline included or not).
    static func fields(of line: UnsafeBufferPointer<UInt8>) -> [String?] {
        var fields: [String?] = []
        var field: [UInt8] = []
        var index = 0
        var isNull = false
        func finish() {
            fields.append(isNull ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            isNull = false
        }
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\t") {
                finish()
            } else if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                index += 1
                switch line[index] {
                case UInt8(ascii: "N"): isNull = true
                case UInt8(ascii: "t"): field.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): field.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): field.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "b"): field.append(8)
                case UInt8(ascii: "f"): field.append(12)
                case UInt8(ascii: "v"): field.append(11)
                default: field.append(line[index])
                }
            } else {
                field.append(byte)
            }
            index += 1
        }
        finish()
        return fields
    }
}
