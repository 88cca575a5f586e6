import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - The status report

@Suite struct ReportTests {
    @Test func reportCountsEveryStateWithZerosIncluded() throws {
        // Given one draft case, one notified and one responded
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.addRecipient(tracker, "Beta AI")
        try Fixture.sendNotice(tracker, to: "Acme AI")
        try Fixture.sendNotice(tracker, to: "Beta AI")
        _ = try tracker.recordReply(recipient: "Beta AI", campaign: nil, date: Fixture.actionDay, kind: .noUse)
        // When the report is made
        let report = try tracker.report(asOf: Fixture.today)
        // Then every state has its count, zeros included, in the totals and per campaign
        let expected: [String: Int] = [
            "draft": 1, "notified": 1, "acknowledged": 0, "incomplete": 0, "responded": 1,
            "refused": 0, "escalated": 0, "resolved": 0,
        ]
        #expect(report.totals.byState == expected)
        #expect(report.campaigns.first?.byState == expected)
        #expect(report.totals.cases == 3)
        #expect(report.totals.recipients == 3)
        #expect(report.totals.overdue == 1)
    }

    @Test func reportOfAnEmptyDatabaseCountsEveryStateAsZero() throws {
        let report = try Fixture.tracker().report(asOf: Fixture.today)
        #expect(report.totals.byState == Dictionary(uniqueKeysWithValues: CaseState.allCases.map { ($0.rawValue, 0) }))
        #expect(report.cases.isEmpty && report.overdue.isEmpty)
    }

    @Test func reportCountsDisclosedWorksAfterSuperseding() throws {
        // Given Müller KI GmbH disclosing work A (web-scrape, 10 copies still held) and work B (purchased, 3 deleted),
        // then correcting A (licensed-dataset, 4 copies still held); and Acme AI disclosing work C (web-scrape, 5 deleted)
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.sendNotice(tracker)
        try Fixture.sendNotice(tracker, to: "Acme AI")
        var workA = Fixture.completeDisclosure
        workA.copiesMade = 10
        workA.copiesExist = true
        var workB = Fixture.completeDisclosure
        workB.isrc = nil
        workB.title = "B-side"
        workB.accessMethod = .purchased
        var correctedA = workA
        correctedA.copiesMade = 4
        correctedA.accessMethod = .licensedDataset
        var workC = Fixture.completeDisclosure
        workC.isrc = "GBAYE2400003"
        workC.copiesMade = 5
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-20"),
            kind: .disclosure, disclosures: [workA, workB])
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-25"),
            kind: .disclosure, disclosures: [correctedA])
        _ = try tracker.recordReply(
            recipient: "Acme AI", campaign: nil, date: Fixture.day("2026-01-25"),
            kind: .disclosure, disclosures: [workC])
        // When the report is made
        let totals = try tracker.report(asOf: Fixture.today).disclosures
        // Then A counts once, as corrected
        #expect(totals.works == 3)
        #expect(totals.copies == 4 + 3 + 5)
        #expect(totals.copiesStillHeld == 4)
        #expect(
            totals.byAccessMethod == [
                "web-scrape": 1, "streaming-service": 0, "licensed-dataset": 1,
                "third-party-dataset": 0, "purchased": 1, "user-upload": 0, "other": 0,
            ])
    }

    @Test func reportOfOneCampaignCountsOnlyItsDisclosures() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        _ = try tracker.sendNotices(
            to: .named([Fixture.recipient]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: Fixture.campaign, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [Fixture.completeDisclosure])
        #expect(try tracker.report(asOf: Fixture.today, campaign: Fixture.campaign).disclosures.works == 1)
        #expect(try tracker.report(asOf: Fixture.today, campaign: "Follow-up 2025").disclosures.works == 0)
        #expect(try tracker.report(asOf: Fixture.today, campaign: "Follow-up 2025").cases.count == 1)
    }

    @Test func reportListsWhatIsStillMissingPerCase() throws {
        // Given cases in a campaign requesting all disclosures: one never notified, one notified without reply,
        // one with an incomplete disclosure, one complete, one attesting no use; and one streaming service
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        for name in ["Draft AI", "Silent AI", "Partial AI", "Complete AI", "NoUse AI"] {
            try Fixture.addRecipient(tracker, name)
        }
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        for name in ["Silent AI", "Partial AI", "Complete AI", "NoUse AI"] {
            _ = try tracker.sendNotices(to: .named([name]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        }
        _ = try tracker.sendNotices(to: .named(["Tunes"]), campaign: "Advisory", date: Fixture.noticeDay)
        _ = try tracker.recordReply(
            recipient: "Partial AI", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Fixture.incompleteDisclosure])
        _ = try tracker.recordReply(
            recipient: "Complete AI", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Fixture.completeDisclosure])
        _ = try tracker.recordReply(recipient: "NoUse AI", campaign: nil, date: Fixture.actionDay, kind: .noUse)

        // When the report is made
        let report = try tracker.report(asOf: Fixture.today)
        let missing = Dictionary(uniqueKeysWithValues: report.cases.map { ($0.recipient, $0.missing) })

        // Then each case lists the requested items it still lacks
        let everything = [
            "work", "access_method", "copies_made", "copies_exist", "held_from", "held_until", "justification",
        ]
        #expect(missing["Draft AI"] == everything)
        #expect(missing["Silent AI"] == everything)
        #expect(missing["Partial AI"] == ["Song — Artist (GBAYE2400001): held_until, justification"])
        #expect(missing["Complete AI"] == [])
        #expect(missing["NoUse AI"] == [])
        #expect(missing["Tunes"] == [])
    }

    @Test func reportGivesDaysOverdueOnlyToOverdueCases() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.sendNotice(tracker)
        try Fixture.sendNotice(tracker, to: "Acme AI")
        _ = try tracker.recordReply(recipient: "Acme AI", campaign: nil, date: Fixture.actionDay, kind: .refusal)
        let report = try tracker.report(asOf: Fixture.today)
        let days = Dictionary(uniqueKeysWithValues: report.cases.map { ($0.recipient, $0.daysOverdue) })
        #expect(days[Fixture.recipient] == .some(33))  // 2026-02-10 to 2026-03-15
        #expect(days["Acme AI"] == .some(nil))
        #expect(report.overdue.map(\.recipient) == [Fixture.recipient])
        #expect(report.cases.first(where: { $0.recipient == "Acme AI" })?.lastReplyOn == Fixture.actionDay)
    }

    @Test func reportIsReadOnly() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        let before = try Fixture.snapshot(tracker)
        _ = try tracker.report(asOf: Fixture.today)
        #expect(try Fixture.snapshot(tracker) == before)
    }
}
