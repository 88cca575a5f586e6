import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Extensions, escalation, resolution

@Suite struct ExtensionTests {
    @Test func extensionSetsTheNewDeadlineAndKeepsTheState() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        let changed = try tracker.grantExtension(
            recipient: Fixture.recipient, campaign: nil, until: Fixture.day("2026-03-31"),
            note: "asked politely")
        #expect(changed.to == .acknowledged)
        #expect(try Fixture.theCase(tracker).deadline == Fixture.day("2026-03-31"))
        let event = try #require(try Fixture.events(tracker).last)
        #expect(event.action == "extension-granted")
        #expect(event.onDate == Fixture.day("2026-03-31"))
        #expect(event.note?.contains("2026-02-10") == true && event.note?.contains("asked politely") == true)
    }

    @Test(arguments: ["2026-02-10", "2026-02-01"])
    func extensionMustEndAfterTheCurrentDeadline(until: String) throws {
        // Given a case whose deadline is 2026-02-10
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let before = try Fixture.snapshot(tracker)
        // When an extension until that day or earlier is granted, then it is refused and nothing changes
        #expect(
            throws: CaseError.deadlineNotLater(
                recipient: Fixture.recipient, campaign: Fixture.campaign,
                current: Fixture.campaignDeadline, requested: Fixture.day(until))
        ) {
            try tracker.grantExtension(recipient: Fixture.recipient, campaign: nil, until: Fixture.day(until))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func extendedCaseIsNoLongerOverdue() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        #expect(try tracker.overdue(asOf: Fixture.today).count == 1)
        _ = try tracker.grantExtension(recipient: Fixture.recipient, campaign: nil, until: Fixture.day("2026-03-31"))
        #expect(try tracker.overdue(asOf: Fixture.today).isEmpty)
    }

    @Test func resolutionKeepsItsReason() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .refused)
        _ = try tracker.resolve(
            recipient: Fixture.recipient, campaign: nil, reason: .copiesDeleted, note: "certificate received")
        #expect(try Fixture.theCase(tracker).resolution == .copiesDeleted)
        #expect(try Fixture.events(tracker).last?.note == "reason: copies-deleted; certificate received")
    }
}
