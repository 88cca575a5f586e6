import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Issue 10: `history` of one recipient reads that recipient's events, not the whole history: the
/// event undoing another is found through an index, and the listing is the one the plain join
/// (`u.undoes = e.id`, which SQLite could only answer by indexing every event first) gave.
@Suite struct HistoryIndexTests {
    /// The SQL of the statements a body runs, their arguments in place.
    final class Statements: @unchecked Sendable {
        private let lock = NSLock()
        private var sql: [String] = []
        func add(_ text: String) { lock.withLock { sql.append(text) } }
        var all: [String] { lock.withLock { sql } }
    }

    static func traced(_ tracker: Tracker, _ body: () throws -> Void) throws -> [String] {
        let statements = Statements()
        try tracker.writer.writeWithoutTransaction { db in
            db.trace(options: .statement) { statements.add($0.expandedDescription) }
        }
        defer { try? tracker.writer.writeWithoutTransaction { db in db.trace(options: .statement, nil) } }
        try body()
        return statements.all
    }

    /// A populated database whose last command (a notice wave over many cases) was undone.
    static func undone() throws -> Tracker {
        let (tracker, _) = try DemoGeneratorTests.populated()
        try tracker.undo(try tracker.undoPlan())
        return tracker
    }

    @Test func theHistoryQueryBuildsNoIndexOverEveryEvent() throws {
        let tracker = try Self.undone()
        let recipient = try #require(
            try tracker.writer.read { db in
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT k.recipient_id FROM event u JOIN "case" k ON k.id = u.case_id WHERE u.undoes IS NOT NULL LIMIT 1
                        """)
            })
        let statements = try Self.traced(tracker) { _ = try tracker.history(recipient: String(recipient)) }
        let history = statements.filter { $0.contains("undone_by") }
        #expect(history.count == 1)
        for sql in history {
            let plan = try tracker.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map {
                    try $0.decode(String.self, forColumn: "detail")
                }
            }
            #expect(!plan.isEmpty)
            #expect(plan.allSatisfy { !$0.contains("AUTOMATIC") && !$0.hasPrefix("SCAN") }, "\(plan)")
        }
    }

    @Test func everyRecipientsHistoryNamesWhoUndidWhatAsThePlainJoinDid() throws {
        let tracker = try Self.undone()
        let recipients = try tracker.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM recipient ORDER BY id")
        }
        var undone = 0
        for recipient in recipients {
            let listed = try tracker.history(recipient: String(recipient))
            let reference = try tracker.writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.id, u.actor, u.at FROM event e JOIN "case" k ON k.id = e.case_id
                        LEFT JOIN event u ON u.undoes = e.id
                        WHERE k.recipient_id = ? ORDER BY e.id
                        """, arguments: [recipient]
                ).map { row in
                    [
                        Cell.number(Int(try row.decode(Int64.self, atIndex: 0))), .text(try row.decode(atIndex: 1)),
                        .text(try row.decode(atIndex: 2)),
                    ]
                }
            }
            #expect(listed.rows.map { Array($0.suffix(3)) } == reference)
            undone += reference.filter { $0[1] != .text(nil) }.count
        }
        #expect(undone > 0, "the undo reversed events")
    }
}
