import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - History

@Suite struct HistoryTests {
    @Test func everyActionAppendsOneEventNamingTheActorAndTheStates() throws {
        // Given a case taken through notice, acknowledgement, extension, extension request, escalation, a refusal and resolution
        let tracker = try Fixture.oneDraftCase()
        let name = Fixture.recipient
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(
            recipient: name, campaign: nil, date: Fixture.day("2026-01-12"), kind: .acknowledgement)
        _ = try tracker.recordReply(
            recipient: name, campaign: nil, date: Fixture.day("2026-01-13"), kind: .extensionRequest)
        _ = try tracker.grantExtension(recipient: name, campaign: nil, until: Fixture.day("2026-03-01"))
        _ = try tracker.escalate(recipient: name, campaign: nil, note: "to outside counsel")
        _ = try tracker.recordReply(recipient: name, campaign: nil, date: Fixture.day("2026-03-02"), kind: .refusal)
        _ = try tracker.resolve(recipient: name, campaign: nil, reason: .settled)

        // When its history is listed
        let history = try tracker.history(recipient: name)

        // Then there is one event per action, oldest first, each with the actor and the states before and after
        #expect(
            history.columns == [
                "at", "actor", "campaign", "action", "from_state", "to_state", "date", "note", "event",
                "undone_by", "undone_at",
            ])
        let rows = history.rows.map { row in row.map(\.plain) }
        #expect(
            rows.map { Array($0[3...5]) } == [
                ["registered", "", "draft"],
                ["notice-sent", "draft", "notified"],
                ["reply-acknowledgement", "notified", "acknowledged"],
                ["reply-extension-request", "acknowledged", "acknowledged"],
                ["extension-granted", "acknowledged", "acknowledged"],
                ["escalated", "acknowledged", "escalated"],
                ["reply-refusal", "escalated", "escalated"],
                ["resolved", "escalated", "resolved"],
            ])
        #expect(
            rows.allSatisfy { $0[1] == Fixture.actor && $0[0] == "2026-03-15T12:00:00Z" && $0[2] == Fixture.campaign })
        #expect(
            rows.map { $0[6] } == ["", "2026-01-10", "2026-01-12", "2026-01-13", "2026-03-01", "", "2026-03-02", ""])
    }

    @Test func historyNamesTheActorTheTrackerWasOpenedFor() throws {
        let tracker = try Tracker.inMemory(actor: "j.doe", clock: Fixture.clock)
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, Fixture.recipient)
        try Fixture.sendNotice(tracker)
        #expect(try Fixture.events(tracker).map(\.actor) == ["j.doe", "j.doe"])
    }

    @Test func refusedActionLeavesNoEvent() throws {
        let tracker = try Fixture.oneDraftCase()
        let events = try Fixture.events(tracker)
        _ = try? tracker.escalate(recipient: Fixture.recipient, campaign: nil)
        #expect(try Fixture.events(tracker) == events)
    }

    @Test func eventsCannotBeChanged() throws {
        let tracker = try Fixture.oneDraftCase()
        let error = #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in try db.execute(sql: "UPDATE event SET actor = 'someone else'") }
        }
        #expect(error?.message?.contains("append-only") == true)
        #expect(try Fixture.events(tracker).map(\.actor) == [Fixture.actor])
    }

    @Test func eventsCannotBeDeleted() throws {
        let tracker = try Fixture.oneDraftCase()
        let error = #expect(throws: DatabaseError.self) {
            try tracker.writer.write { db in try db.execute(sql: "DELETE FROM event") }
        }
        #expect(error?.message?.contains("append-only") == true)
        #expect(try Fixture.events(tracker).count == 1)
    }
}
