import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// `notice send --all` binds its notices, case updates and events straight through SQLite and
/// takes each case's `case_after` from its `UPDATE … RETURNING`: the database it leaves is, byte
/// for byte (values and their types), the one the path it replaces left, which bound everything
/// through GRDB's arguments and read each case back after its update.
@Suite struct BoundNoticeWriteTests {
    /// The event write this replaces: GRDB's arguments, the case's fields and records read back.
    static func appendEventThroughGRDB(
        _ tracker: Tracker, _ db: Store, caseId: Int64, before: CaseFields,
        action: String, to: CaseState, on day: Day, note: String, at timestamp: String
    ) throws {
        let caseAfter = try RecordsSeal.caseAfter(db, caseId: caseId)
        let records = try RecordsSeal.digest(db, caseId: caseId)
        var chain = try tracker.chain ?? EventChain.current(db)
        let id = chain.lastId + 1
        var sealed = SealedBytes()
        sealed.start(after: chain.head)
        for field in [
            String(id), String(caseId), timestamp, tracker.actor, action, before.state.rawValue, to.rawValue,
            day.description, note, chain.commandId.map(String.init), before.json, nil, caseAfter, records,
        ] {
            sealed.add(field)
        }
        for field in chain.command { sealed.add(field) }
        let hash = sealed.hash()
        try db.execute(
            sql: """
                INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id,
                                   case_before, undoes, case_after, records_sha256, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, caseId, timestamp, tracker.actor, action, before.state, to, day, note, chain.commandId,
                before.json, nil as Int64?, caseAfter, records, chain.head, hash,
            ])
        chain.lastId = id
        chain.head = hash
        tracker.chain = chain
    }

    /// `sendNotices(to: .allDrafts, …)` as it was written before: every value through GRDB.
    static func sendToAllThroughGRDB(_ tracker: Tracker, date: Day, reference: String?) throws {
        let at = tracker.timestamp
        try tracker.transaction(bulk: true) { db in
            let campaign = try tracker.campaign(nil, db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT k.id, k.recipient_id FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                    WHERE k.campaign_id = ? AND k.state = 'draft' ORDER BY r.name_key
                    """, arguments: [campaign.id])
            for row in rows {
                let caseId = try row.decode(Int64.self, atIndex: 0)
                let recipient = try #require(try Recipient.fetchOne(db, key: try row.decode(Int64.self, atIndex: 1)))
                let theCase = try #require(try Case.fetchOne(db, key: caseId))
                let deadline = campaign.deadline(forNoticeSentOn: date, calendar: .weekdays)
                let digest = try tracker.letters.letter(
                    for: recipient, in: campaign, date: date, deadline: deadline,
                    reference: reference
                ).sha256
                try db.execute(
                    sql: """
                        INSERT INTO notice (case_id, kind, sent_on, channel, reference, deadline, template, letter_sha256, command_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT MAX(id) FROM command))
                        """,
                    arguments: [
                        caseId, NoticeKind.notice, date, Channel.email, reference, deadline, campaign.template,
                        digest,
                    ])
                try db.execute(
                    sql: "UPDATE \"case\" SET state = ?, sent_on = ?, deadline = ? WHERE id = ?",
                    arguments: [CaseState.notified, date, deadline, caseId])
                var note = "by email, deadline \(deadline), letter \(campaign.template) sha256 \(digest)"
                if let reference { note += ", reference \(reference)" }
                try appendEventThroughGRDB(
                    tracker, db, caseId: caseId, before: CaseFields(theCase),
                    action: CaseAction.sendNotice.eventName, to: .notified, on: date, note: note, at: at)
            }
        }
    }

    /// 400 AI developers, one already notified by name, one with a reply on record.
    static func history() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        _ = try tracker.importRecipients(
            (1...400).map {
                Recipient(name: "Firm \($0) “Ü”", category: .aiDeveloper, email: "f\($0)@example.com")
            })
        _ = try tracker.sendNotices(to: .named(["Firm 7 “Ü”"]), campaign: nil, date: Fixture.day("2026-01-05"))
        return tracker
    }

    @Test(arguments: [nil, "REF-2026/1"])
    func sendingToAllDraftsLeavesWhatTheGRDBPathLeft(reference: String?) throws {
        // Given two identical databases
        let bound = try Self.history()
        let reference2 = try Self.history()
        // When one sends to every draft case as optout does and the other through GRDB's arguments
        let sent = try bound.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: reference)
        #expect(sent.logged.count == 399)
        try Self.sendToAllThroughGRDB(reference2, date: Fixture.noticeDay, reference: reference)
        // Then every row of every table is the same, byte for byte and type for type
        let (boundRows, referenceRows) = (try BulkUndoTests.dump(bound), try BulkUndoTests.dump(reference2))
        #expect(boundRows.count == referenceRows.count)
        #expect(zip(boundRows, referenceRows).first { $0 != $1 }.map { "\($0.0)\n\($0.1)" } == nil)
        #expect(try bound.verifyHistory().head == (try reference2.verifyHistory().head))
    }

    @Test func aCaseAfterTakenFromTheUpdateIsTheCaseAsStored() throws {
        // Given a notice sent to one case
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        // Then its event's case_after is the case's fields as a read of the case gives them
        try tracker.writer.read { db in
            let caseAfter = try String.fetchOne(
                db, sql: "SELECT case_after FROM event WHERE action = ? ORDER BY id DESC",
                arguments: [CaseAction.sendNotice.eventName])
            let caseId = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM \"case\""))
            #expect(caseAfter != nil)
            #expect(caseAfter == (try RecordsSeal.caseAfter(Store(db), caseId: caseId)))
        }
    }
}
