import Crypto
import Foundation
import GRDB

/// The code migration 005 (`005_sealed_records.sql`) runs after its SQL, frozen as it shipped: it
/// seals the records written before it. Each case gains one event, `records-sealed`, that leaves
/// its state as it is and seals its fields and records, at the time of the migration, by `actor`,
/// with no command (so undo never takes it for a command).
///
/// Like `Migration003`, a copy that depends on nothing later versions may change (not
/// `RecordsSeal`, whose fast paths are tuned as the code evolves): its statements are written out
/// as they were at version 5 and its rows read plainly. Its output is the version-5 seal format
/// (`RecordsSeal` documents it), so `verify` checks what it writes. Never edit this.
enum Migration005 {
    static let genesis = String(repeating: "0", count: 64)

    /// Each table of evidence: its name and its rows of one case, sealed values as bytes, in
    /// sealing order.
    static let tables: [(name: String, sql: String)] = [
        (
            "notice",
            """
            SELECT CAST(id AS BLOB), CAST(case_id AS BLOB), CAST(kind AS BLOB), CAST(sent_on AS BLOB),
                   CAST(channel AS BLOB), CAST(reference AS BLOB), CAST(deadline AS BLOB), CAST(template AS BLOB),
                   CAST(letter_sha256 AS BLOB), CAST(command_id AS BLOB)
            FROM notice WHERE case_id = ? ORDER BY id
            """
        ),
        (
            "reply",
            """
            SELECT CAST(id AS BLOB), CAST(case_id AS BLOB), CAST(received_on AS BLOB), CAST(kind AS BLOB),
                   CAST(summary AS BLOB), CAST(command_id AS BLOB), CAST(via_reply_id AS BLOB)
            FROM reply WHERE case_id = ? ORDER BY id
            """
        ),
        (
            "disclosure",
            """
            SELECT CAST(id AS BLOB), CAST(reply_id AS BLOB), CAST(case_id AS BLOB), CAST(title AS BLOB),
                   CAST(artist AS BLOB), CAST(isrc AS BLOB), CAST(work_key AS BLOB), CAST(access_method AS BLOB),
                   CAST(copies_made AS BLOB), CAST(copies_exist AS BLOB), CAST(held_from AS BLOB),
                   CAST(held_until AS BLOB), CAST(justification AS BLOB), CAST(missing AS BLOB),
                   CAST(superseded_by AS BLOB), CAST(command_id AS BLOB), CAST(via_disclosure_id AS BLOB)
            FROM disclosure WHERE case_id = ? ORDER BY superseded_by, id
            """
        ),
    ]

    static let note = "records sealed on upgrade to schema version 5: notices, replies and disclosures as they stand"

    static func sealExisting(_ db: Database, at timestamp: String, actor: String) throws {
        let cases = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, state, sent_on, deadline, last_reply_on, resolution FROM "case" ORDER BY id
                """)
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1")
        var lastId: Int64 = try last?.decode(Int64.self, forColumn: "id") ?? 0
        var previous: String = try last?.decode(String.self, forColumn: "hash") ?? genesis
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id,
                                   case_before, undoes, case_after, records_sha256, prev_hash, hash)
                VALUES (?, ?, ?, ?, 'records-sealed', ?, ?, NULL, ?, NULL, ?, NULL, ?, ?, ?, ?)
                """)
        while let row = try cases.next() {
            let caseId = try row.decode(Int64.self, forColumn: "id")
            let state = Migration003.text(try row.decode(DatabaseValue.self, forColumn: "state"))
            let fields = try caseJSON(row)
            let records = try digest(db, caseId: caseId)
            lastId += 1
            // The version-3 fields, then `case_after`, `records_sha256` and the (absent) command's four.
            let sealed: [String?] = [
                String(lastId), String(caseId), timestamp, actor, "records-sealed", state, state,
                nil, note, nil, fields, nil, fields, records, nil, nil, nil, nil,
            ]
            let content = sealed.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
            let hash = Migration003.hex(SHA256.hash(data: Data((previous + "|" + content).utf8)))
            try insert.execute(arguments: [
                lastId, caseId, timestamp, actor, state, state, note, fields, fields, records,
                previous, hash,
            ])
            previous = hash
        }
    }

    /// The case's state, dates and resolution (columns 1 to 5 of `row`) as one line of JSON, keys
    /// in a fixed order.
    static func caseJSON(_ row: Row) throws -> String {
        let columns = ["state", "sent_on", "deadline", "last_reply_on", "resolution"]
        let members = try columns.enumerated().map { index, column in
            "\"\(column)\":"
                + (Migration003.text(try row.decode(DatabaseValue.self, atIndex: index + 1)).map(jsonString) ?? "null")
        }
        return "{" + members.joined(separator: ",") + "}"
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

    /// The SHA-256 of the case's records: for each row, its table's name, then every sealed value
    /// as `|` and its length in bytes, a colon and its bytes (or `|-` with none), then a newline.
    static func digest(_ db: Database, caseId: Int64) throws -> String {
        var hasher = SHA256()
        for (name, sql) in tables {
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [caseId])
            while let row = try rows.next() {
                var line = Array(name.utf8)
                for index in 0..<row.count {
                    line.append(UInt8(ascii: "|"))
                    let value = try row.decode(DatabaseValue.self, atIndex: index)
                    switch value.storage {
                    case .null:
                        line.append(UInt8(ascii: "-"))
                    case .blob(let data):
                        line.append(contentsOf: String(data.count).utf8)
                        line.append(UInt8(ascii: ":"))
                        line.append(contentsOf: data)
                    default:
                        let text = Migration003.text(value) ?? ""
                        line.append(contentsOf: String(text.utf8.count).utf8)
                        line.append(UInt8(ascii: ":"))
                        line.append(contentsOf: text.utf8)
                    }
                }
                line.append(UInt8(ascii: "\n"))
                hasher.update(data: line)
            }
        }
        return Migration003.hex(hasher.finalize())
    }
}
