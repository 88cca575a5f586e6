import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// A reply's disclosures are written in the file's order (schema version 8): the ids follow the
/// file, superseding within the file and across replies is as before, and the table's pages end up
/// full rather than half empty.
@Suite struct FileOrderDisclosureTests {
    typealias Bulk = BulkDisclosureTests

    @Test func rowsSupersedeWithinTheFileAndAcrossRepliesInFileOrder() throws {
        // Given a notified case and a first reply that names Song twice
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try Bulk.reply(
            tracker,
            Bulk.row("Song", "Artist", isrc: "GBAYE2400001")
                + Bulk.row("Other", "Someone")
                + Bulk.row("Song", "Artist", isrc: "GBAYE2400001", justification: "two runs"))
        // When a second reply names Other and then Song again
        _ = try Bulk.reply(
            tracker,
            Bulk.row("OTHER", "someone", justification: "again")
                + Bulk.row("Third", "Band")
                + Bulk.row("Song", "Artist", isrc: "GB-AYE-24-00001", justification: "three runs"))
        // Then the ids follow the files, and each row points at the next row of its work
        let stored = try Bulk.disclosures(tracker)
        #expect(stored.map(\.justification) == ["one run", "one run", "two runs", "again", "one run", "three runs"])
        #expect(stored.map(\.id) == Array(1...6).map { Int64?($0) })
        #expect(stored.map(\.supersededBy) == [3, 4, 6, nil, nil, nil])
        #expect(try tracker.verifyHistory().events > 0)
    }

    @Test func aLongReplyFillsTheTablesPages() throws {
        // Given a notified case
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        // When a reply of 4,000 rows is recorded, every tenth naming again a work a few rows above
        var csv = ""
        for row in 0..<4_000 {
            let work = row % 10 == 9 ? row - 5 : row
            csv += Bulk.row("Song \(work)", "Artist \(work % 97)", isrc: "GBAYE24" + String(100_000 + work).dropFirst())
        }
        _ = try Bulk.reply(tracker, csv)
        // Then the rows were written in order: the leaf pages of the table are nearly full (written
        // last row first, each page split left them about half full)
        let fill = try tracker.writer.read { db in
            try Double.fetchOne(
                db,
                sql: """
                    SELECT 1.0 * sum(pgsize - unused) / sum(pgsize) FROM dbstat WHERE name = 'disclosure' AND pagetype = 'leaf'
                    """)
        }
        #expect((fill ?? 0) > 0.85, "leaf pages \(fill ?? 0) full")
        let superseded = try tracker.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NOT NULL")
        }
        #expect(superseded == 400)
        #expect(try tracker.verifyHistory().events > 0)
    }
}
