import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Schema 7: keys stored before names were compared without invisible format characters are
/// brought up to date, so an old recipient is found by the name it shows.
@Suite struct NameKeyMigrationTests {
    /// A database at schema 6 holding a recipient whose key still has a zero-width space and a
    /// campaign whose key still has a byte-order mark, as versions before 7 stored them.
    func olderDatabase() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Tracker.migrator(at: "2026-03-01T09:00:00Z", actor: "paralegal").migrate(queue, upTo: "006_strict_values")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
                    VALUES (?, ?, 'Harmonia', 'ai-developer', '2026-02-10', 'all', 'ai-developer', '2026-01-01T00:00:00Z');
                    INSERT INTO recipient (name, name_key, category) VALUES (?, ?, 'ai-developer'), ('Quiet Tide', 'quiet tide', 'ai-developer');
                    """,
                arguments: ["\u{FEFF}Notice 2024", "\u{FEFF}notice 2024", "Clear\u{200B} Labs", "clear\u{200B} labs"])
        }
        return queue
    }

    @Test func oldKeysLoseTheirInvisibleCharactersAndTheirNamesAreKept() throws {
        let tracker = try Tracker(writer: try olderDatabase(), actor: "paralegal", clock: Fixture.clock)
        let rows = try tracker.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, name_key FROM recipient ORDER BY id")
        }
        #expect(rows.map { $0["name_key"] as String? } == ["clear labs", "quiet tide"])
        #expect(rows.first?["name"] as String? == "Clear\u{200B} Labs")
        #expect(
            try tracker.writer.read { db in try String.fetchOne(db, sql: "SELECT name_key FROM campaign") }
                == "notice 2024")
    }

    @Test func anOldRecipientIsFoundByTheNameItShowsAndNotAddedTwice() throws {
        let tracker = try Tracker(writer: try olderDatabase(), actor: "paralegal", clock: Fixture.clock)
        #expect(throws: CaseError.recipientExists(name: "Clear Labs")) {
            try tracker.addRecipient(Recipient(name: "Clear Labs", category: .aiDeveloper))
        }
        #expect(
            try tracker.writer.read { db in try tracker.recipient("  CLEAR   LABS ", Store(db)) }.name
                == "Clear\u{200B} Labs")
        #expect(
            try tracker.writer.read { db in try tracker.campaign("notice 2024", Store(db)) }.name
                == "\u{FEFF}Notice 2024")
    }
}
