import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Overdue

@Suite struct OverdueTests {
    /// A campaign with a 30-day response window and five AI developers, on 2026-03-15:
    /// Early AI (deadline 2026-01-31, 43 days overdue), Acked AI (acknowledged, 2026-02-09, 34 days),
    /// Late AI (2026-02-19, 24 days), Today AI (deadline today) and Answered AI (responded).
    static func fiveCases() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, responseDays: 30)
        for name in ["Late AI", "Acked AI", "Early AI", "Today AI", "Answered AI"] {
            try Fixture.addRecipient(tracker, name)
        }
        try Fixture.sendNotice(tracker, to: "Early AI", on: Fixture.day("2026-01-01"))
        try Fixture.sendNotice(tracker, to: "Late AI", on: Fixture.day("2026-01-20"))
        try Fixture.sendNotice(tracker, to: "Acked AI", on: Fixture.day("2026-01-10"))
        _ = try tracker.recordReply(
            recipient: "Acked AI", campaign: nil, date: Fixture.day("2026-01-15"), kind: .acknowledgement)
        try Fixture.sendNotice(tracker, to: "Today AI", on: Fixture.day("2026-02-13"))
        try Fixture.sendNotice(tracker, to: "Answered AI", on: Fixture.day("2026-01-01"))
        _ = try tracker.recordReply(
            recipient: "Answered AI", campaign: nil, date: Fixture.day("2026-01-15"), kind: .noUse)
        return tracker
    }

    @Test func overdueListsMostDaysOverdueFirst() throws {
        let overdue = try Self.fiveCases().overdue(asOf: Fixture.today)
        #expect(overdue.map(\.recipient) == ["Early AI", "Acked AI", "Late AI"])
        #expect(overdue.map(\.daysOverdue) == [43, 34, 24])
    }

    @Test func daysOverdueIsTheDateLessTheDeadline() throws {
        let overdue = try Self.fiveCases().overdue(asOf: Fixture.today)
        #expect(overdue.allSatisfy { $0.daysOverdue == Fixture.today.days(since: $0.deadline) })
        #expect(
            overdue.map(\.deadline) == [
                Fixture.day("2026-01-31"), Fixture.day("2026-02-09"), Fixture.day("2026-02-19"),
            ])
        #expect(overdue.map(\.state) == [.notified, .acknowledged, .notified])
    }

    @Test func caseIsOverdueFromTheDayAfterItsDeadline() throws {
        let tracker = try Self.fiveCases()
        #expect(!(try tracker.overdue(asOf: Fixture.today).map(\.recipient).contains("Today AI")))
        let tomorrow = try tracker.overdue(asOf: Fixture.day("2026-03-16"))
        #expect(tomorrow.last?.recipient == "Today AI")
        #expect(tomorrow.last?.daysOverdue == 1)
    }

    @Test func answeredCaseIsNeverOverdue() throws {
        let overdue = try Self.fiveCases().overdue(asOf: Fixture.day("2027-01-01"))
        #expect(!overdue.map(\.recipient).contains("Answered AI"))
        #expect(overdue.count == 4)
    }

    @Test func overdueCanBeNarrowedToACategory() throws {
        let tracker = try Self.fiveCases()
        #expect(try tracker.overdue(asOf: Fixture.today, category: .streamingService).isEmpty)
        #expect(try tracker.overdue(asOf: Fixture.today, category: .aiDeveloper).count == 3)
    }

    @Test func overdueListingHasTheColumnsTheSpecNames() throws {
        let listing = try Self.fiveCases().overdueListing(asOf: Fixture.today)
        #expect(
            listing.columns == [
                "recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue",
            ])
        #expect(
            listing.rows.first?.map(\.plain) == [
                "Early AI", "3", "ai-developer", Fixture.campaign, "notified",
                "2026-01-01", "2026-01-31", "43",
            ])
    }
}
