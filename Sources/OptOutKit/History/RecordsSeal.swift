import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// The seal of a case's evidence (schema version 5): its fields after each event (`case_after`),
/// the SHA-256 of its notices, replies and disclosures as they stand after it (`records_sha256`),
/// and the command that wrote the event, all covered by the event's hash.
///
/// This is a format, frozen like `HistorySeal`'s: seals written with it, by migration 005 and by
/// every later write, are recomputed by `verify` for as long as the database lives, so nothing here
/// may change. A new format needs a new version (and verify must keep checking this one).
enum RecordsSeal {
    /// One table of evidence: the columns sealed, in order (the catalogue match, `match_key`,
    /// `work_id` and `matched_by`, is derived and rewritten by `catalog import`, so it is left out),
    /// and the order its rows are read in within a case (an index order: no sorting).
    struct Table {
        var name: String
        var columns: [String]
        var order: String

        /// Each sealed column read as the bytes it holds (`CAST … AS BLOB`: a text is read whole,
        /// past any NUL byte; a number as its text).
        var sealedValues: String {
            columns.map { "CAST(\($0) AS BLOB)" }.joined(separator: ", ")
        }

        /// The table's rows for one case, in sealing order: the sealed values.
        var ofOneCase: String {
            "SELECT \(sealedValues) FROM \(name) WHERE case_id = ? ORDER BY \(order)"
        }

        /// `ofOneCase` on a server: each value as its text (what SQLite's blob holds), NULLs first
        /// in the order as SQLite sorts them.
        var ofOneCaseOnServer: String {
            let values = columns.map { "(\($0))::text" }.joined(separator: ", ")
            // Named with the table: a bare name would sort by the output column, the text.
            let order = order.split(separator: ",").map {
                "\(name).\($0.trimmingCharacters(in: .whitespaces)) NULLS FIRST"
            }
            return "SELECT \(values) FROM \(name) WHERE case_id = ? ORDER BY \(order.joined(separator: ", "))"
        }

        /// The rows of the cases that have a notice with an id above `?`, case by case in sealing
        /// order: `case_id`, then the sealed values (a bulk command seals those cases at once).
        var ofCasesNoticedAfter: String {
            """
            SELECT case_id, \(sealedValues) FROM \(name)
            WHERE case_id IN (SELECT case_id FROM notice WHERE id > ?) ORDER BY case_id, \(order)
            """
        }

        /// `ofCasesNoticedAfter` on a server, each value read as `ofOneCaseOnServer` reads it.
        var ofCasesNoticedAfterOnServer: String {
            let values = columns.map { "(\($0))::text" }.joined(separator: ", ")
            let order = (["case_id"] + order.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                .map { "\(name).\($0) NULLS FIRST" }
            return """
                SELECT \(name).case_id, \(values) FROM \(name)
                WHERE \(name).case_id IN (SELECT n.case_id FROM notice n WHERE n.id > ?)
                ORDER BY \(order.joined(separator: ", "))
                """
        }

        /// Every row of the table, case by case, in sealing order: `case_id`, `id`, then the
        /// sealed values.
        var ofEveryCase: String {
            "SELECT case_id, id, \(sealedValues) FROM \(name) ORDER BY case_id, \(order)"
        }
    }

    static let tables = [
        Table(
            name: "notice",
            columns: [
                "id", "case_id", "kind", "sent_on", "channel", "reference", "deadline", "template",
                "letter_sha256", "command_id",
            ], order: "id"),
        Table(
            name: "reply", columns: ["id", "case_id", "received_on", "kind", "summary", "command_id", "via_reply_id"],
            order: "id"),
        Table(
            name: "disclosure",
            columns: [
                "id", "reply_id", "case_id", "title", "artist", "isrc", "work_key",
                "access_method", "copies_made", "copies_exist", "held_from", "held_until",
                "justification", "missing", "superseded_by", "command_id", "via_disclosure_id",
            ],
            order: "superseded_by, id"),
    ]

    /// Each table's `ofOneCase`, built once (a digest per event of a bulk command reads them).
    static let oneCaseSQL = tables.map(\.ofOneCase)

    /// The deliveries of notices (schema version 9), sealed after the tables above. A case with
    /// no delivery adds no byte to its digest, so every seal written before version 9 (and every
    /// case never delivered by `--deliver`) digests exactly as before: the format of the rows
    /// above is unchanged. A database not yet at version 9 has no such table and no such rows.
    static let deliveryTable = Table(
        name: "delivery",
        columns: [
            "id", "notice_id", "case_id", "method", "address", "message_id", "message_sha256", "message_headers",
            "agent_status",
            "agent_output", "command_id",
        ], order: "id")

    /// The sealed tables `db` has: `tables`, then `deliveryTable` from version 9 on.
    static func tables(in db: Store) throws -> [Table] {
        try db.tableExists(deliveryTable.name) ? tables + [deliveryTable] : tables
    }

    /// `caseAfter`'s statement, built once.
    static let caseAfterSQL = "SELECT \(caseColumns.joined(separator: ", ")) FROM \"case\" WHERE id = ?"

    /// The digest of a case with no records.
    static let emptyDigest = hex(SHA256().finalize())

    /// A stored value as text, whatever its type: the same rule as the event seal's.
    static func text(_ value: DatabaseValue) -> String? { HistorySeal.text(value) }

    /// One row of `table` as a case's digest reads it, from its sealed values (starting at column
    /// `start`): the table's name, then every value as its length in bytes, a colon and its bytes,
    /// or `-` when it has none; a newline ends it.
    static func line(_ row: Row, of table: Table, from start: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        append(row, of: table, from: start, to: &bytes)
        return bytes
    }

    static func append(_ row: Row, of table: Table, from start: Int = 0, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: table.name.utf8)
        for index in start..<(start + table.columns.count) {
            bytes.append(UInt8(ascii: "|"))
            let value = row[index] as DatabaseValue
            switch value.storage {
            case .null:
                bytes.append(UInt8(ascii: "-"))
            case .blob(let data):
                bytes.append(contentsOf: String(data.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: data)
            default:
                // Not reached: every sealed value is read as a blob.
                let text = text(value) ?? ""
                bytes.append(contentsOf: String(text.utf8.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: text.utf8)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A case's digest, fed row by row and hashed in blocks.
    struct Hasher {
        private var hasher = SHA256()
        private var buffer: [UInt8] = []

        mutating func add(_ row: Row, of table: Table) {
            RecordsSeal.append(row, of: table, to: &buffer)
            if buffer.count >= 1 << 16 { flush() }
        }

        /// The current row of `statement`, whose columns from `start` on are the table's sealed
        /// values (blobs or nulls).
        mutating func add(_ statement: OpaquePointer, of table: Table, from start: Int32 = 0) {
            buffer.append(contentsOf: table.name.utf8)
            for column in start..<(start + Int32(table.columns.count)) {
                buffer.append(UInt8(ascii: "|"))
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL:
                    buffer.append(UInt8(ascii: "-"))
                default:
                    // The pointer first, then its length (SQLite's order).
                    let start = sqlite3_column_blob(statement, column)
                    let count = Int(sqlite3_column_bytes(statement, column))
                    buffer.append(contentsOf: String(count).utf8)
                    buffer.append(UInt8(ascii: ":"))
                    if let start { buffer.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count)) }
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 16 { flush() }
        }

        /// A row of `table` read on a server: its sealed values in order, as text.
        mutating func add(_ values: [DatabaseValue], of table: Table) {
            buffer.append(contentsOf: table.name.utf8)
            for value in values {
                buffer.append(UInt8(ascii: "|"))
                if let text = RecordsSeal.text(value) {
                    buffer.append(contentsOf: String(text.utf8.count).utf8)
                    buffer.append(UInt8(ascii: ":"))
                    buffer.append(contentsOf: text.utf8)
                } else {
                    buffer.append(UInt8(ascii: "-"))
                }
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 16 { flush() }
        }

        mutating func add(_ line: [UInt8]) {
            buffer.append(contentsOf: line)
            if buffer.count >= 1 << 16 { flush() }
        }

        private mutating func flush() {
            hasher.update(data: buffer)
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func finalize() -> String {
            flush()
            return RecordsSeal.hex(hasher.finalize())
        }

        /// `finalize()`'s text as its bytes (no string: verify checks a digest per case).
        mutating func finalizeHex() -> [UInt8] {
            flush()
            var out: [UInt8] = []
            out.reserveCapacity(64)
            for byte in hasher.finalize() {
                out.append(RecordsSeal.hexDigits[Int(byte >> 4)])
                out.append(RecordsSeal.hexDigits[Int(byte & 0x0f)])
            }
            return out
        }
    }

    /// The digest of a case's records as they stand: read row by row, hashed as they are read.
    /// The rows are stepped on the cached statements themselves, their bytes appended as they lie
    /// (every sealed value is read as a blob or null): a bulk command seals 100,000 cases, and a
    /// row cursor per table and case cost more than the reading.
    static func digest(_ db: Store, caseId: Int64) throws -> String {
        var hasher = Hasher()
        guard db.sqlite != nil else {
            // Notices, replies and deliveries in one round trip; the disclosures, which one reply
            // can bring by the million, streamed through COPY in between, in sealing order.
            let oneCase = { (table: Table) in
                table.ofOneCaseOnServer.replacingOccurrences(of: "?", with: String(caseId))
            }
            let small = [tables[0], tables[1], deliveryTable]
            let results = try db.orderedResults(small.map(oneCase).joined(separator: ";\n"))
            guard results.count == small.count else { throw InternalError.transactionIncomplete }
            for values in results[0] { hasher.add(values, of: tables[0]) }
            for values in results[1] { hasher.add(values, of: tables[1]) }
            try db.copyOut("COPY (\(oneCase(tables[2]))) TO STDOUT") { fields in
                hasher.add(fields.map { $0?.databaseValue ?? .null }, of: tables[2])
            }
            for values in results[2] { hasher.add(values, of: deliveryTable) }
            return hasher.finalize()
        }
        let delivered = try db.tableExists(deliveryTable.name)
        for (table, sql) in zip(tables, oneCaseSQL) + (delivered ? [(deliveryTable, deliveryTable.ofOneCase)] : []) {
            guard let statement = try db.cachedStatement(sql: sql).sqlite?.sqliteStatement else { break }
            sqlite3_reset(statement)
            defer { sqlite3_reset(statement) }
            guard sqlite3_bind_int64(statement, 1, caseId) == SQLITE_OK else { throw stepError(db, sql) }
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw stepError(db, sql, code: code) }
                hasher.add(statement, of: table)
            }
        }
        return hasher.finalize()
    }

    private static func stepError(_ db: Store, _ sql: String, code: Int32 = SQLITE_ERROR) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: db.sqlite?.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }, sql: sql)
    }

    /// The columns of a case that events change, in `case_after`'s order.
    static let caseColumns = ["state", "sent_on", "deadline", "last_reply_on", "resolution"]

    /// A case's fields as one line of JSON, keys in a fixed order (the form of `case_before`),
    /// from a row of `caseColumns` starting at column `start`.
    static func caseJSON(_ row: Row, from start: Int = 0) -> String {
        let members = caseColumns.enumerated().map { index, column in
            "\"\(column)\":" + (text(row[start + index] as DatabaseValue).map(jsonString) ?? "null")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `caseJSON` of the current row of `statement` (`caseColumns` from column `start`), each value
    /// read as a `Row` reads it: a bulk command takes a case's fields from its `UPDATE … RETURNING`.
    static func caseJSON(_ statement: OpaquePointer, from start: CInt = 0) -> String {
        let members = caseColumns.enumerated().map { index, column in
            "\"\(column)\":"
                + (text(DatabaseValue(sqliteStatement: statement, index: start + CInt(index))).map(jsonString)
                    ?? "null")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `caseJSON` of a row that names the case's columns (a server's rows are read by name).
    static func caseJSON(named row: Row) -> String {
        let members = caseColumns.map { column in
            "\"\(column)\":" + (text(row[column] as DatabaseValue? ?? .null).map(jsonString) ?? "null")
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `caseJSON` of a row a bound statement returned.
    static func caseJSON(_ row: BoundRow) -> String {
        switch row {
        case .sqlite(let statement): return caseJSON(statement)
        case .server(let values):
            let members = caseColumns.enumerated().map { index, column in
                "\"\(column)\":" + ((index < values.count ? text(values[index]) : nil).map(jsonString) ?? "null")
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// The case's fields as they stand, as `case_after` keeps them.
    static func caseAfter(_ db: Store, caseId: Int64) throws -> String? {
        // A server's rows are read by name; the columns' order is kept here.
        if db.isServer {
            return try db.orderedRows(sql: caseAfterSQL, [caseId.databaseValue]).first.map { caseJSON(.server($0)) }
        }
        return try Row.fetchOne(db.cachedStatement(sql: caseAfterSQL), arguments: [caseId]).map { caseJSON($0) }
    }

    /// The command fields an event's seal covers, in order (`nil`s for an event with no command).
    static let commandColumns = ["at", "actor", "name", "undoes"]

    /// The fields a version 5 event's hash covers: those of version 3, then `case_after`,
    /// `records_sha256` and its command's fields.
    static func sealedFields(
        _ eventFields: [String?], caseAfter: String?, records: String?,
        command: [String?]
    ) -> [String?] {
        eventFields + [caseAfter, records] + command
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    fileprivate static let hexDigits = Array("0123456789abcdef".utf8)
}
