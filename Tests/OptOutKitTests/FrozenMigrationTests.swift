import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Migrations 003 and 005 run frozen copies of the code they shipped with (`Store/Migrations/`):
/// a database made by schema version 1 is brought up to date into exactly the history it was
/// given before the copies were made (the head below was computed then, by `HistorySeal` and
/// `RecordsSeal` themselves), and the result verifies.
@Suite struct FrozenMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema-001.sqlite")

    /// The history's head after migrating the fixture at 2026-03-01T09:00:00Z by "paralegal".
    static let expectedHead = "144b80d537baffa416ea6b3d15c7f66dad2ae798b20ae6c5d9309fdb4a9fc469"

    static func migratedFixture() throws -> DatabaseQueue {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frozen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("old.sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        let queue = try DatabaseQueue(path: copy.path, configuration: StoreConfiguration.make(readonly: false))
        try Tracker.migrator(at: "2026-03-01T09:00:00Z", actor: "paralegal").migrate(queue)
        return queue
    }

    @Test func anOldDatabaseIsMigratedIntoTheSameSealedHistoryAsBefore() throws {
        let queue = try Self.migratedFixture()
        let (head, sealedEvents, recordsSealed) = try queue.read { db in
            (
                try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE hash IS NOT NULL") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE action = 'records-sealed'") ?? 0
            )
        }
        #expect(head == Self.expectedHead)
        #expect(sealedEvents == 18 + recordsSealed && recordsSealed > 0)
        let tracker = try Tracker(writer: queue, actor: "paralegal", clock: Fixture.clock)
        #expect(try tracker.verifyHistory().events == sealedEvents)
    }
}
