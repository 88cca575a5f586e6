import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Undo computes its plan once, streams it (counts and the first steps) and reverses the events in
/// batches: the database it leaves is, byte for byte, the one the row-by-row undo it replaces left.
@Suite struct BulkUndoTests {
    /// The undo this replaces, step for step: the plan read whole, every event reversed row by row.
    static func rowByRowUndo(_ tracker: Tracker) throws {
        let at = tracker.timestamp
        try tracker.transaction(bulk: true) { db in
            let found = try Int64.fetchOne(
                db,
                sql: """
                    SELECT c.id FROM command c WHERE c.actor = ? AND c.undoes IS NULL
                      AND NOT EXISTS (SELECT 1 FROM command u WHERE u.undoes = c.id)
                      AND EXISTS (SELECT 1 FROM event e WHERE e.command_id = c.id)
                    ORDER BY c.id DESC LIMIT 1
                    """, arguments: [tracker.actor])
            let commandId = try #require(found)
            try db.execute(
                sql: "UPDATE command SET undoes = ? WHERE id = (SELECT MAX(id) FROM command)", arguments: [commandId])
            try db.execute(
                sql: """
                    UPDATE disclosure SET superseded_by = NULL
                    WHERE superseded_by IN (SELECT id FROM disclosure WHERE command_id = ?) AND command_id IS NOT ?
                    """, arguments: [commandId, commandId])
            for table in ["disclosure", "reply", "notice"] {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM \(table) WHERE command_id = ? ORDER BY id", arguments: [commandId])
                let undoCommand = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM command")
                for row in rows {
                    let content = JSONValue.object(
                        row.columnNames.map { column in
                            let value = row[column] as DatabaseValue
                            if case .int64(let number) = value.storage { return (column, .number(Int(number))) }
                            return (column, .text(HistorySeal.text(value)))
                        })
                    try db.execute(
                        sql: "INSERT INTO undone_record (command_id, table_name, row_id, content) VALUES (?, ?, ?, ?)",
                        arguments: [
                            undoCommand, table, try row.decode(Int64?.self, forColumn: "id"), content.compactText,
                        ])
                }
                try db.execute(sql: "DELETE FROM \(table) WHERE command_id = ?", arguments: [commandId])
            }
            let events = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, case_id, action, on_date, at, actor, case_before FROM event WHERE command_id = ? ORDER BY id DESC
                    """, arguments: [commandId])
            for event in events {
                let eventId = try event.decode(Int64.self, atIndex: 0)
                let caseId = try event.decode(Int64.self, atIndex: 1)
                let json = try #require(try event.decode(String?.self, atIndex: 6))
                let before = try #require(CaseFields(json: json))
                let caseRow = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT state, sent_on, deadline, last_reply_on, resolution FROM "case" WHERE id = ?
                        """, arguments: [caseId])
                let now = try CaseFields(row: try #require(caseRow))
                try db.execute(
                    sql: """
                        UPDATE "case" SET state = ?, sent_on = ?, deadline = ?, last_reply_on = ?, resolution = ? WHERE id = ?
                        """,
                    arguments: [
                        before.state, before.sentOn, before.deadline, before.lastReplyOn, before.resolution, caseId,
                    ])
                var note = "undid event #\(eventId) (\(try event.decode(String.self, atIndex: 2))"
                if let day = try event.decode(Day?.self, atIndex: 3) { note += " of \(day)" }
                note +=
                    ", recorded \(try event.decode(String.self, atIndex: 4)) by \(try event.decode(String.self, atIndex: 5)))"
                try tracker.appendEvent(
                    db, caseId: caseId, before: now, action: "undone", to: before.state, on: nil, note: note,
                    at: at, undoes: eventId)
            }
        }
    }

    /// Every row of every table the undo touches, as SQLite quotes it.
    static func dump(_ tracker: Tracker) throws -> [String] {
        try tracker.writer.read { db in
            var lines: [String] = []
            for table in ["event", "case", "command", "notice", "reply", "disclosure", "undone_record"] {
                let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                    .map { "quote(\"\(try $0.decode(String.self, atIndex: 0))\")" }
                lines += try String.fetchAll(
                    db,
                    sql: """
                        SELECT '\(table)|' || \(columns.joined(separator: " || '|' || ")) FROM "\(table)" ORDER BY rowid
                        """)
            }
            return lines
        }
    }

    /// Two identical databases: 2,500 AI developers (more than one batch of undo), notified, a
    /// few replies with disclosures, some reminded; `last` is the command then undone.
    static func history(_ last: (Tracker) throws -> Void) throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        _ = try tracker.importRecipients(
            (1...2_500).map {
                Recipient(name: "Firm \($0)", category: .aiDeveloper, email: "f\($0)@example.com")
            })
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        let partial = DisclosureInput(title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService)
        for firm in 1...3 {
            _ = try tracker.recordReply(
                recipient: "Firm \(firm)", campaign: nil, date: Fixture.drivingReplyDay,
                kind: .disclosure, disclosures: [partial])
        }
        try last(tracker)
        return tracker
    }

    static func expectSameUndo(_ last: @escaping (Tracker) throws -> Void, steps: Int) throws {
        let bulk = try history(last)
        let reference = try history(last)
        let plan = try bulk.undoPlan()
        #expect(plan.count == steps && plan.steps.count == min(steps, UndoPlan.shown))
        #expect(try bulk.undo(plan).count == steps)
        try rowByRowUndo(reference)
        let (bulkRows, referenceRows) = (try dump(bulk), try dump(reference))
        #expect(bulkRows.count == referenceRows.count)
        #expect(zip(bulkRows, referenceRows).first { $0 != $1 }.map { "\($0.0)\n\($0.1)" } == nil)
        #expect(try bulk.verifyHistory().head == (try reference.verifyHistory().head))
    }

    @Test func undoingAnotherSendToEveryCaseLeavesWhatTheRowByRowUndoLeft() throws {
        // Every case notified again by a reminder, then the reminders undone (2,500 events, three batches).
        try Self.expectSameUndo(
            { tracker in
                _ = try tracker.sendReminders(to: .dueWithin(days: 3650), campaign: nil, date: Fixture.actionDay)
            }, steps: 2_500)
    }

    @Test func undoingTheNoticesOfASecondCampaignLeavesWhatTheRowByRowUndoLeft() throws {
        try Self.expectSameUndo(
            { tracker in
                try Fixture.addCampaign(tracker, "Second wave")
                _ = try tracker.sendNotices(to: .allDrafts, campaign: "Second wave", date: Fixture.noticeDay)
            }, steps: 2_500)
    }

    @Test func undoingAFollowUpDisclosureLeavesWhatTheRowByRowUndoLeft() throws {
        let complete = DisclosureInput(
            title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService,
            copiesMade: 2, copiesExist: false, heldFrom: Fixture.day("2023-02-01"),
            heldUntil: Fixture.day("2023-08-01"), justification: "evaluation")
        try Self.expectSameUndo(
            { tracker in
                _ = try tracker.recordReply(
                    recipient: "Firm 2", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
                    disclosures: [complete])
            }, steps: 1)
    }
}
