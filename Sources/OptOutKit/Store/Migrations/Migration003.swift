import Crypto
import Foundation
import GRDB

/// The code migration 003 (`003_history.sql`) runs after its SQL, frozen as it shipped: it seals,
/// in order, the events written before schema version 3, which have no hash.
///
/// A shipped migration must write the same bytes for as long as an old database may be brought
/// up to date, so this copy depends on nothing that later versions may change (not `Event`, not
/// `HistorySeal`): it reads the 12 columns the version-3 seal covers as SQL gives them and hashes
/// them as version 3 did, `SHA-256(previous "|" content)` in lowercase hex, where content is each
/// field as its length in UTF-8 bytes, a colon and its text, or `-` with no value, joined by `|`.
/// Edit `HistorySeal` freely; never edit this.
enum Migration003 {
    static let genesis = String(repeating: "0", count: 64)

    static func sealUnsealed(_ db: Database) throws {
        var previous = genesis
        let events = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id, case_before, undoes,
                       hash
                FROM event ORDER BY id
                """)
        let update = try db.makeStatement(sql: "UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?")
        while let row = try events.next() {
            if let hash: String = try row.decode(String?.self, forColumn: "hash") {
                previous = hash
                continue
            }
            let fields = try (0..<12).map { try text(row.decode(DatabaseValue.self, atIndex: $0)) }
            let content = fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
            let hash = hex(SHA256.hash(data: Data((previous + "|" + content).utf8)))
            try update.execute(arguments: [previous, hash, row.decode(DatabaseValue.self, forColumn: "id")])
            previous = hash
        }
    }

    /// A stored value as the version-3 seal wrote it (every value the schema allowed was an
    /// integer or a text).
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): "blob:" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
