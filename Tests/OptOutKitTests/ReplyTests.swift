import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Replies and disclosures

@Suite struct ReplyTests {
    @Test func replyDatedBeforeItsNoticeIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        let before = try Fixture.snapshot(tracker)
        #expect(
            throws: CaseError.replyBeforeNotice(
                recipient: Fixture.recipient, campaign: Fixture.campaign,
                reply: Fixture.day("2026-01-09"), notice: Fixture.day("2026-01-10"))
        ) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-09"), kind: .acknowledgement)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyOnTheDayOfItsNoticeIsAccepted() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-10"), kind: .acknowledgement)
        #expect(changed.to == .acknowledged)
    }

    @Test func replyDatedAfterTodayIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.dateInFuture(what: .reply, day: Fixture.day("2026-03-16"), today: Fixture.today)) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-03-16"), kind: .acknowledgement)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyDatedTodayIsAccepted() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.today, kind: .acknowledgement)
        #expect(changed.to == .acknowledged)
        #expect(try Fixture.theCase(tracker).lastReplyOn == Fixture.today)
    }

    @Test func replyIsStoredWithItsDateKindAndSummary() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .refusal,
            summary: "denies any use")
        let replies = try tracker.writer.read { db in try Reply.fetchAll(db) }
        #expect(replies.map(\.kind) == [.refusal])
        #expect(replies.map(\.receivedOn) == [Fixture.actionDay])
        #expect(replies.map(\.summary) == ["denies any use"])
    }

    @Test func disclosuresGoOnlyWithADisclosureReply() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.disclosuresNeedDisclosureKind(kind: .acknowledgement)) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement,
                disclosures: [Fixture.completeDisclosure])
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func incompleteDisclosureLeavesTheCaseIncompleteNamingWhatIsMissing() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [Fixture.incompleteDisclosure])
        #expect(changed.to == .incomplete)
        #expect(changed.missing == ["Song — Artist (GBAYE2400001): held_until, justification"])
    }

    @Test func completeDisclosureOfStillHeldCopiesNeedsNoEndDate() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        var stillHeld = Fixture.completeDisclosure
        stillHeld.copiesExist = true
        stillHeld.heldUntil = nil
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [stillHeld])
        #expect(changed.to == .responded)
    }

    @Test func disclosureReplyWithoutAnyWorkLeavesTheCaseIncomplete() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure)
        #expect(changed.to == .incomplete)
    }

    @Test func followUpDisclosureOfTheSameISRCSupersedesAndCompletesTheCase() throws {
        // Given a case left incomplete by a disclosure of GBAYE2400001
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        // When a follow-up discloses the same ISRC with every fact (under another title)
        var followUp = Fixture.completeDisclosure
        followUp.title = "Song (Radio Edit)"
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [followUp])
        // Then the case is responded, and the earlier disclosure is kept but superseded
        #expect(changed.to == .responded)
        #expect(changed.missing.isEmpty)
        let disclosures = try tracker.writer.read { db in try Disclosure.order(Column("id")).fetchAll(db) }
        #expect(disclosures.count == 2)
        #expect(disclosures.first?.supersededBy == disclosures.last?.id)
        #expect(disclosures.last?.supersededBy == nil)
    }

    @Test func followUpDisclosureOfTheSameTitleAndArtistSpelledDifferentlySupersedes() throws {
        // Given a disclosure of "Über Straße" by "Zoë" without ISRC, incomplete
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let first = DisclosureInput(title: "Über Straße", artist: "Zoë", accessMethod: .purchased, copiesMade: 1)
        #expect(
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
                kind: .disclosure, disclosures: [first]
            ).to == .incomplete)
        // When the follow-up names it in capitals with decomposed accents and gives every fact
        var followUp = Fixture.completeDisclosure
        followUp.isrc = nil
        followUp.title = "U\u{308}BER  STRASSE"
        followUp.artist = "ZOE\u{308}"
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [followUp])
        // Then it is the same work and the case is responded
        #expect(changed.to == .responded)
    }

    @Test func disclosureOfAnotherWorkDoesNotSupersede() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        var other = Fixture.completeDisclosure
        other.isrc = "GBAYE2400002"
        other.title = "Other Song"
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [other])
        #expect(changed.to == .incomplete)
        #expect(changed.missing == ["Song — Artist (GBAYE2400001): held_until, justification"])
    }

    @Test func laterIncompleteDisclosureReopensARespondedCase() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [Fixture.completeDisclosure])
        var another = Fixture.incompleteDisclosure
        another.isrc = "GBAYE2400002"
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [another])
        #expect(changed.from == .responded)
        #expect(changed.to == .incomplete)
    }

    @Test func disclosureReplyToACampaignThatRequestsNothingIsResponded() throws {
        // Given the streaming-service advisory, which requests no disclosures
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService, requests: Requests.none)
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        try Fixture.sendNotice(tracker, to: "Tunes")
        // When Tunes replies with a disclosure reply that discloses nothing
        let changed = try tracker.recordReply(
            recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .disclosure)
        // Then the case is responded
        #expect(changed.to == .responded)
        #expect(changed.missing.isEmpty)
    }

    @Test func noUseReplyToACampaignThatRequestsNothingIsResponded() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService, requests: Requests.none)
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        try Fixture.sendNotice(tracker, to: "Tunes")
        #expect(
            try tracker.recordReply(recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .noUse).to
                == .responded)
    }

    @Test func replyToAnEscalatedCaseIsRecordedWithoutChangingIt() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .escalated)
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .noUse)
        #expect(changed.to == .escalated)
        #expect(try Fixture.snapshot(tracker).replies == 1)
        #expect(try Fixture.theCase(tracker).lastReplyOn == Fixture.actionDay)
    }
}
