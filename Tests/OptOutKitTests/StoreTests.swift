import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The store's boundary: which `--db` values are paths, and SQLite's errors in our words.
@Suite struct StoreTests {
    @Test func onlyPlainPathsNameADatabase() throws {
        for path in ["optout.sqlite", "./file:x.sqlite", "/tmp/a b/optout.sqlite", "my:memory:.sqlite"] {
            #expect(throws: Never.self, "\(path)") { try StoreError.checkPath(path) }
        }
        let refused: [(String, StoreError)] = [
            ("", .notAPath(given: "", kind: .empty)), ("  ", .notAPath(given: "  ", kind: .empty)),
            (":memory:", .notAPath(given: ":memory:", kind: .memory)),
            ("file:x?mode=memory", .notAPath(given: "file:x?mode=memory", kind: .fileURI)),
            ("File:campaign.sqlite", .notAPath(given: "File:campaign.sqlite", kind: .fileURI)),
            ("postgresql://db/optout", .teamModeUnavailable(given: "postgresql://db/optout")),
            ("POSTGRES://db", .teamModeUnavailable(given: "POSTGRES://db")),
            ("notes://x", .notAPath(given: "notes://x", kind: .url)),
            ("https://example.com/db.sqlite", .notAPath(given: "https://example.com/db.sqlite", kind: .url)),
        ]
        for (path, error) in refused {
            #expect(throws: error, "\(path)") { try StoreError.checkPath(path) }
        }
    }

    @Test func sqliteErrorsAreSaidInOurWords() {
        let path = "/no/such/folder/optout.sqlite"
        let cases: [(ResultCode, String)] = [
            (.SQLITE_FULL, "is full; nothing was written; free some space"),
            (.SQLITE_BUSY, "stayed busy for 120 seconds"),
            (.SQLITE_CORRUPT, "is damaged"),
            (.SQLITE_NOTADB, "is not an optout database"),
            (.SQLITE_CONSTRAINT, "refused the change"),
            (.SQLITE_READONLY, "cannot write \(path)"),
            (.SQLITE_READONLY_ROLLBACK, "has an unfinished write in \(path)-journal"),
            (.SQLITE_IOERR, "input/output error"),
        ]
        for (code, words) in cases {
            let text = StoreError(DatabaseError(resultCode: code, message: "raw words"), path: path).description
            #expect(text.contains(words), "\(code): \(text)")
            #expect(text.contains(path) && !text.contains("SQLite error"), "\(text)")
        }
    }

    @Test func aReadOnlyOpenNeverCreatesMigratesOrConvertsTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("optout-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.sqlite").path
        #expect(throws: StoreError.noDatabase(path: missing)) {
            try Tracker.open(path: missing, access: .read, actor: "a", clock: Fixture.clock)
        }
        #expect(throws: StoreError.noDatabase(path: missing)) {
            try Tracker.open(path: missing, access: .write, actor: "a", clock: Fixture.clock)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))

        // An SQLite file without tables, in rollback mode, as another program might leave it.
        let bare = folder.appendingPathComponent("bare.sqlite").path
        try DatabaseQueue(path: bare).write { try $0.execute(sql: "CREATE TABLE t (x); DROP TABLE t") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: bare))
        for access in [StoreAccess.read, .write, .initialize] {
            #expect(throws: StoreError.notOptOut(path: bare, found: "an SQLite file without tables")) {
                try Tracker.open(path: bare, access: access, actor: "a", clock: Fixture.clock)
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: bare)) == bytes)

        let created = folder.appendingPathComponent("new.sqlite").path
        let tracker = try Tracker.open(path: created, access: .initialize, actor: "a", clock: Fixture.clock)
        #expect(try tracker.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        let reader = try Tracker.open(path: created, access: .read, actor: "a", clock: Fixture.clock)
        #expect(throws: StoreError.self) {
            try reader.addRecipient(Recipient(name: "Vector Labs", category: .other))
        }
    }
}
