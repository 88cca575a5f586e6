import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The sealed history, undo and check, on in-memory databases.
@Suite struct HistorySealTests {
    @Test func everyEventIsSealedToTheOneBeforeIt() throws {
        let tracker = try Golden.tracker()
        let events = try Fixture.events(tracker)
        #expect(events.count >= 10)
        var previous = HistorySeal.genesis
        let rows = try tracker.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SealedEventRow.columns.joined(separator: ", ")) FROM sealed_event ORDER BY id")
        }
        for (event, row) in zip(events, rows) {
            #expect(event.prevHash == previous)
            // The seal covers the event, the case and records it left, and its command.
            #expect(event.caseAfter != nil && event.recordsSha256 != nil)
            #expect(event.hash == HistorySeal.hash(SealedEventRow(row: row).sealedFields, after: previous))
            previous = event.hash ?? ""
        }
        let verified = try tracker.verifyHistory()
        #expect(verified.events == events.count && verified.head == previous)
    }

    @Test func eachCommandMovesTheHeadAndEveryCommandIsRecorded() throws {
        let tracker = try Golden.tracker().running("optout escalate Quiet Tide AI")
        let before = try tracker.verifyHistory()
        _ = try tracker.escalate(recipient: "Quiet Tide AI", campaign: Golden.ai)
        let after = try tracker.verifyHistory(expectedHead: before.head)
        #expect(after.events == before.events + 1 && after.head != before.head)
        #expect(after.eventsAtExpectedHead == before.events)
        let command = try tracker.writer.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT c.name, c.actor FROM command c JOIN event e ON e.command_id = c.id ORDER BY e.id DESC LIMIT 1"
            )
        }
        #expect(command?["name"] == "optout escalate Quiet Tide AI" && command?["actor"] == Fixture.actor)
    }

    /// Runs SQL on the tracker's database as someone with the `sqlite3` program would: the
    /// append-only triggers dropped first.
    static func tamper(_ tracker: Tracker, _ sql: String) throws {
        try tracker.writer.writeWithoutTransaction { db in
            try db.execute(
                sql:
                    "DROP TRIGGER IF EXISTS event_is_append_only_update; DROP TRIGGER IF EXISTS event_is_append_only_delete"
            )
            try db.execute(sql: sql)
        }
    }

    @Test func aChangedEventIsNamedWithItsCaseAndTime() throws {
        let tracker = try Golden.tracker()
        let target = try #require(try Fixture.events(tracker).first { $0.action == "reply-acknowledgement" })
        try Self.tamper(tracker, "UPDATE event SET on_date = '2026-01-19' WHERE id = \(target.id ?? 0)")
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.eventChanged(target.id ?? 0, let event, _) = error else { return false }
            return event.recipient == "Müller KI GmbH" && event.campaign == Golden.ai
                && event.action == "reply-acknowledgement" && event.at == target.at
        }
    }

    @Test func aRemovedEventIsFoundWhereTheChainBreaks() throws {
        let tracker = try Golden.tracker()
        let events = try Fixture.events(tracker)
        let removed = try #require(events.dropFirst(3).first?.id)
        try Self.tamper(tracker, "DELETE FROM event WHERE id = \(removed)")
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.eventsRemoved(removed + 1, removed - 1, _) = error else { return false }
            return true
        }
    }

    @Test func anInsertedEventIsCaughtSealedOrNot() throws {
        let tracker = try Golden.tracker()
        let last = try #require(try Fixture.events(tracker).last)
        // Without a seal.
        try Self.tamper(
            tracker,
            """
            INSERT INTO event (case_id, at, actor, action, from_state, to_state, note)
            VALUES (\(last.caseId), '2026-03-15T12:00:00Z', 'mallory', 'reply-no-use', 'notified', 'responded', 'forged')
            """)
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.unsealedEvent(_, let event) = error else { return false }
            return event.actor == "mallory"
        }

        // With a made-up seal.
        let other = try Golden.tracker()
        try Self.tamper(
            other,
            """
            INSERT INTO event (case_id, at, actor, action, from_state, to_state, prev_hash, hash)
            VALUES (\(last.caseId), '2026-03-15T12:00:00Z', 'mallory', 'resolved', 'notified', 'resolved', '\(last.hash ?? "")', '\(String(repeating: "a", count: 64))')
            """)
        #expect(throws: HistoryBreak.self) { try other.verifyHistory() }
    }

    @Test func aHeadWrittenDownEarlierCatchesEventsRemovedFromTheEnd() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.escalate(recipient: "Quiet Tide AI", campaign: Golden.ai)
        let head = try tracker.verifyHistory().head
        let last = try #require(try Fixture.events(tracker).last?.id)
        try Self.tamper(tracker, "DELETE FROM event WHERE id = \(last)")
        // The chain that is left is whole, but the recorded head is gone (and the case no longer
        // matches the last event left in its history).
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.caseChanged(let theCase, _, .fields(let changes)) = error else { return false }
            return theCase.recipient == "Quiet Tide AI"
                && changes.contains(CaseFieldChange(column: "state", now: "escalated", sealed: "notified"))
        }
        #expect {
            try tracker.verifyHistory(expectedHead: head)
        } throws: { error in
            guard case HistoryBreak.headNotFound(head, _, _, _) = error else { return false }
            return true
        }
    }

    @Test func theHistoryStaysAppendOnlyForEveryone() throws {
        let tracker = try Golden.tracker()
        #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in try db.execute(sql: "UPDATE event SET note = 'x' WHERE id = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in try db.execute(sql: "DELETE FROM event WHERE id = 1") }
        }
    }

    @Test func checkFindsASoundDatabaseSound() throws {
        let result = try Golden.tracker().check()
        #expect(result.isSound && result.integrityProblems.isEmpty && result.foreignKeyProblems.isEmpty)
    }
}

@Suite struct UndoTests {
    @Test func aReplyRecordedAgainstTheWrongRecipientIsReversedAndTheTrailKept() throws {
        let tracker = try Golden.tracker().running("optout reply Quiet Tide AI --kind refusal")
        _ = try tracker.recordReply(
            recipient: "Quiet Tide AI", campaign: Golden.ai, date: Fixture.day("2026-02-01"),
            kind: .refusal, summary: "meant for Vector Lyre Labs")
        let mistaken = try #require(try Fixture.events(tracker).last)

        let plan = try tracker.undoPlan()
        #expect(plan.command == "optout reply Quiet Tide AI --kind refusal")
        #expect(
            plan.steps.map(\.recipient) == ["Quiet Tide AI"] && plan.steps.first?.from == .refused
                && plan.steps.first?.backTo == .notified)
        try tracker.undo(plan)

        let theCase = try Fixture.theCase(tracker, "Quiet Tide AI", campaign: Golden.ai)
        #expect(theCase.state == .notified && theCase.lastReplyOn == nil)
        let events = try Fixture.events(tracker)
        #expect(events.contains(mistaken))  // the original stays
        let compensating = try #require(events.last)
        #expect(
            compensating.undoes == mistaken.id && compensating.action == "undone" && compensating.toState == .notified)
        #expect(
            try tracker.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reply WHERE summary = 'meant for Vector Lyre Labs'")
            } == 0)
        let kept = try tracker.writer.read { db in
            try String.fetchOne(db, sql: "SELECT content FROM undone_record WHERE table_name = 'reply'")
        }
        #expect(kept?.contains("meant for Vector Lyre Labs") == true)
        #expect(try tracker.verifyHistory().events == events.count)
        // The history listing marks the original as undone, by whom and when.
        let history = try tracker.history(recipient: "Quiet Tide AI")
        let row = try #require(history.rows.first { $0[3] == .text("reply-refusal") })
        #expect(row[9] == .text(Fixture.actor) && row[10] == .text(compensating.at))
    }

    @Test func undoingAFollowUpDisclosureBringsBackTheOneItSuperseded() throws {
        let tracker = try Golden.tracker()
        let complete = DisclosureInput(
            title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService,
            copiesMade: 2, copiesExist: false, heldFrom: Fixture.day("2023-02-01"),
            heldUntil: Fixture.day("2023-08-01"), justification: "evaluation")
        _ = try tracker.recordReply(
            recipient: "Vector Lyre Labs", campaign: Golden.ai, date: Fixture.day("2026-02-05"),
            kind: .disclosure, disclosures: [complete])
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs", campaign: Golden.ai).state == .responded)
        try tracker.undo(try tracker.undoPlan())
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs", campaign: Golden.ai).state == .incomplete)
        let current = try tracker.writer.read { db in
            try String.fetchAll(db, sql: "SELECT title FROM disclosure WHERE superseded_by IS NULL ORDER BY id")
        }
        #expect(current == ["Midnight Harbour", "Copper Skies"])
        #expect(
            try tracker.report(asOf: Fixture.today).cases.first { $0.recipient == "Vector Lyre Labs" }?.missing
                == ["Copper Skies — Nora Vale: copies_made, justification"])
    }

    @Test func undoingAnExtensionPutsTheDeadlineBack() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.grantExtension(
            recipient: "Müller KI GmbH", campaign: Golden.ai, until: Fixture.day("2026-04-01"))
        try tracker.undo(try tracker.undoPlan())
        #expect(
            try Fixture.theCase(tracker, "Müller KI GmbH", campaign: Golden.ai).deadline == Fixture.day("2026-02-10"))
    }

    @Test func undoingNoticesSentToEveryDraftReturnsThemToDraft() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        let plan = try tracker.undoPlan()
        #expect(plan.steps.count == 2)
        try tracker.undo(plan)
        let cases = try tracker.writer.read { db in try Case.fetchAll(db) }
        #expect(cases.allSatisfy { $0.state == .draft && $0.deadline == nil && $0.sentOn == nil })
        #expect(try tracker.writer.read { db in try Notice.fetchCount(db) } == 0)
    }

    @Test func undoAgainReversesTheCommandBefore() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        try tracker.undo(try tracker.undoPlan())
        #expect(try Fixture.theCase(tracker).state == .notified)
        try tracker.undo(try tracker.undoPlan())
        #expect(try Fixture.theCase(tracker).state == .draft)
        // What is left is registering the recipient, which undo does not reverse.
        #expect { try tracker.undoPlan() } throws: { error in
            guard case UndoError.notReversible(_, _, "registered") = error else { return false }
            return true
        }
    }

    @Test func aCaseChangedSinceByAnotherActorMustBeUndoneFromThereFirst() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let colleague = try Tracker(writer: tracker.writer, actor: "counsel", clock: Fixture.clock)
        _ = try colleague.escalate(recipient: Fixture.recipient, campaign: nil)
        let before = try Fixture.snapshot(tracker)
        #expect {
            try tracker.undoPlan()
        } throws: { error in
            guard
                case UndoError.changedSince(_, _, Fixture.recipient, Fixture.campaign, "escalated", "counsel", _) =
                    error
            else { return false }
            return true
        }
        #expect(try Fixture.snapshot(tracker) == before)
        // Once the colleague undoes theirs, ours can be undone.
        try colleague.undo(try colleague.undoPlan())
        try tracker.undo(try tracker.undoPlan())
        #expect(try Fixture.theCase(tracker).state == .draft)
        #expect(try tracker.verifyHistory().events == Fixture.events(tracker).count)
    }

    @Test func anActorWithNothingToUndoIsTold() throws {
        let tracker = try Fixture.oneDraftCase()
        let stranger = try Tracker(writer: tracker.writer, actor: "stranger", clock: Fixture.clock)
        #expect(throws: UndoError.nothingToUndo(actor: "stranger")) { try stranger.undoPlan() }
    }
}
