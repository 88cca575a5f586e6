import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Notices

@Suite struct NoticeTests {
    @Test func noticeDeadlineIsTheCampaignsFixedDeadline() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        #expect(sent.logged.first?.notice.deadline == Fixture.day("2026-02-10"))
        #expect(try Fixture.theCase(tracker).deadline == Fixture.day("2026-02-10"))
        #expect(try Fixture.theCase(tracker).sentOn == Fixture.day("2026-01-10"))
    }

    @Test func noticeDeadlineIsTheNoticeDatePlusTheResponseDays() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, responseDays: 30)
        try Fixture.addRecipient(tracker, Fixture.recipient)
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        #expect(try Fixture.theCase(tracker).deadline == Fixture.day("2026-02-09"))
    }

    @Test func noticeDeadlineGivenWithTheNoticeOverridesTheCampaignsRule() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"), deadline: Fixture.day("2026-04-01"))
        #expect(try Fixture.theCase(tracker).deadline == Fixture.day("2026-04-01"))
    }

    @Test func noticeDeadlineBeforeTheNoticeDateIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        let before = try Fixture.snapshot(tracker)
        #expect(
            throws: CaseError.deadlineBeforeNotice(
                recipient: Fixture.recipient, deadline: Fixture.day("2026-01-09"),
                notice: Fixture.day("2026-01-10"))
        ) {
            try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"), deadline: Fixture.day("2026-01-09"))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func noticeToAllNotifiesTheDraftCasesAndSkipsTheOthers() throws {
        // Given three AI developers, one already notified
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.addRecipient(tracker, "Beta AI")
        try Fixture.sendNotice(tracker, to: "Acme AI", on: Fixture.day("2026-01-05"))
        // When a notice goes to all
        let sent = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.day("2026-01-10"))
        // Then the two draft cases are notified and the other is left as it was
        #expect(Set(sent.logged.map(\.recipient)) == ["Beta AI", Fixture.recipient])
        #expect(sent.skipped == 1)
        #expect(try Fixture.theCase(tracker, "Acme AI").sentOn == Fixture.day("2026-01-05"))
        #expect(try Fixture.snapshot(tracker).notices == 3)
    }

    @Test func noticeToAllWithNoDraftCaseLeftIsAnError() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        #expect(throws: CaseError.noDraftCase(campaign: Fixture.campaign, category: .aiDeveloper, alreadyNotified: 1)) {
            try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.actionDay)
        }
    }

    @Test func noticeToSeveralIsAllOrNothing() throws {
        // Given one draft case and one already notified
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.sendNotice(tracker, to: "Acme AI")
        let before = try Fixture.snapshot(tracker)
        // When a notice names both, then it is refused for Acme AI and Müller KI GmbH stays draft
        #expect(
            throws: CaseError.refused(
                recipient: "Acme AI", campaign: Fixture.campaign, state: .notified, action: .sendNotice)
        ) {
            try tracker.sendNotices(to: .named([Fixture.recipient, "Acme AI"]), campaign: nil, date: Fixture.actionDay)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func noticeKeepsTheDigestOfTheLetterItLogs() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try Fixture.sendNotice(tracker)
        let notice = try #require(sent.logged.first?.notice)
        let (recipient, campaign, _) = try tracker.writer.read { db in
            try tracker.theCase(recipient: Fixture.recipient, campaign: nil, Store(db))
        }
        let letter = try tracker.letters.letter(
            for: recipient, in: campaign, date: notice.sentOn, deadline: notice.deadline,
            reference: notice.reference)
        #expect(notice.letterSha256 == letter.sha256)
        #expect(notice.letterSha256.count == 64)
        #expect(letter.text.contains("Müller KI GmbH") && letter.text.contains("2026-02-10"))
    }

    @Test func noticeDatedAfterTodayIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.dateInFuture(what: .notice, day: Fixture.day("2026-03-16"), today: Fixture.today)) {
            try Fixture.sendNotice(tracker, on: Fixture.day("2026-03-16"))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func importingNoticesWithOneBadRowWritesNothing() throws {
        // Given two draft cases and a notices file whose third line names nobody
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        let inputs = try NoticeFile.read(
            text: "recipient,date\nAcme AI,2026-01-10\nNobody AG,2026-01-10\nMüller KI GmbH,2026-01-11\n")
        let before = try Fixture.snapshot(tracker)
        // When it is imported, then line 3 is reported and no notice is logged, not even the good ones
        let problems = fileProblems(path: "notices.csv") {
            try tracker.importNotices(inputs, path: "notices.csv", campaign: nil)
        }
        #expect(problems.map(\.line) == [3])
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func importingTwoNoticesForOneRecipientReportsTheSecondLine() throws {
        let tracker = try Fixture.oneDraftCase()
        let inputs = try NoticeFile.read(
            text: "recipient,date\nMüller KI GmbH,2026-01-10\nMUELLER,2026-01-10\nmüller ki gmbh,2026-01-11\n")
        let before = try Fixture.snapshot(tracker)
        let problems = fileProblems { try tracker.importNotices(inputs, path: "notices.csv", campaign: nil) }
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems.last?.message.contains("line 2") == true)
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func importingNoticesLogsEachWithItsOwnDateAndDeadline() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        let inputs = try NoticeFile.read(
            text: "recipient,date,channel,deadline\nAcme AI,2026-01-10,post,2026-03-01\nMüller KI GmbH,2026-01-11,,\n")
        let sent = try tracker.importNotices(inputs, path: "notices.csv", campaign: nil)
        #expect(sent.logged.count == 2)
        #expect(try Fixture.theCase(tracker, "Acme AI").deadline == Fixture.day("2026-03-01"))
        #expect(try Fixture.theCase(tracker).sentOn == Fixture.day("2026-01-11"))
        #expect(try Fixture.theCase(tracker).deadline == Fixture.campaignDeadline)
    }
}
