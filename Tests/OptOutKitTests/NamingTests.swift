import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Naming recipients and campaigns

@Suite struct NamingTests {
    @Test func recipientNameMatchesIgnoringCaseAndWhiteSpace() throws {
        // Given "Müller KI GmbH"
        let tracker = try Fixture.oneDraftCase()
        // When a notice names "  MÜLLER   KI GMBH "
        let sent = try tracker.sendNotices(to: .named(["  MÜLLER   KI GMBH "]), campaign: nil, date: Fixture.noticeDay)
        // Then it went to Müller KI GmbH
        #expect(sent.logged.map(\.recipient) == ["Müller KI GmbH"])
        #expect(try Fixture.theCase(tracker).state == .notified)
    }

    @Test func recipientNameMatchesWhateverTheUnicodeFormOfItsAccents() throws {
        let tracker = try Fixture.oneDraftCase()
        // "u" followed by a combining diaeresis is "ü"
        let sent = try tracker.sendNotices(
            to: .named(["mu\u{308}ller ki gmbh"]), campaign: nil, date: Fixture.noticeDay)
        #expect(sent.logged.map(\.recipient) == ["Müller KI GmbH"])
    }

    @Test func recipientNameMatchesSharpSAsDoubleS() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, "Straße AI")
        let sent = try tracker.sendNotices(to: .named(["STRASSE AI"]), campaign: nil, date: Fixture.noticeDay)
        #expect(sent.logged.map(\.recipient) == ["Straße AI"])
    }

    @Test func recipientIsNamedByItsId() throws {
        let tracker = try Fixture.oneDraftCase()
        let id = try Fixture.theCase(tracker).recipientId
        let sent = try tracker.sendNotices(to: .named([" \(id) "]), campaign: nil, date: Fixture.noticeDay)
        #expect(sent.logged.map(\.recipient) == ["Müller KI GmbH"])
    }

    @Test func unknownRecipientIsAnErrorThatSaysHowToFindOne() throws {
        let tracker = try Fixture.oneDraftCase()
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.unknownRecipient(name: "Nobody AG")) {
            try tracker.recordReply(
                recipient: "Nobody AG", campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func nameThatMatchesTwoRecipientsIsAmbiguous() throws {
        // Given a recipient named "2" (id 1) and another whose id is 2
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, "2")
        try Fixture.addRecipient(tracker, "Second AI")
        // Then "2" names both, and the error lists them with their ids
        #expect(throws: CaseError.ambiguousRecipient(name: "2", candidates: ["2 (id 1)", "Second AI (id 2)"])) {
            try tracker.sendNotices(to: .named(["2"]), campaign: nil, date: Fixture.noticeDay)
        }
    }

    @Test func campaignIsNamedCaseInsensitively() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try tracker.sendNotices(
            to: .named([Fixture.recipient]), campaign: "  reservation   2024", date: Fixture.noticeDay)
        #expect(sent.campaign == Fixture.campaign)
    }

    @Test func campaignMayBeLeftOutWhileOnlyOneExists() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay)
        #expect(sent.campaign == Fixture.campaign)
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        #expect(changed.campaign == Fixture.campaign)
    }

    @Test func campaignMustBeNamedOnceTwoExist() throws {
        // Given two campaigns for AI developers
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        let before = try Fixture.snapshot(tracker)
        // When a notice leaves the campaign out, then it is refused and names both
        #expect(throws: CaseError.campaignNeeded(known: [Fixture.campaign, "Follow-up 2025"])) {
            try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyWithoutCampaignToARecipientWithTwoCasesIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        _ = try tracker.sendNotices(
            to: .named([Fixture.recipient]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        _ = try tracker.sendNotices(
            to: .named([Fixture.recipient]), campaign: "Follow-up 2025", date: Fixture.noticeDay)
        #expect(throws: CaseError.campaignNeeded(known: [Fixture.campaign, "Follow-up 2025"])) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .refusal)
        }
    }

    @Test func campaignMayBeLeftOutWhenTheRecipientHasOnlyOneCase() throws {
        // Given a campaign for AI developers and one for streaming services, each with its recipient
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        _ = try tracker.sendNotices(to: .named(["Tunes"]), campaign: "Advisory", date: Fixture.noticeDay)
        // When a reply from Tunes leaves the campaign out, then it goes to Tunes's only case
        let changed = try tracker.recordReply(
            recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        #expect(changed.campaign == "Advisory")
        #expect(changed.to == .acknowledged)
    }

    @Test func unknownCampaignIsAnErrorListingTheKnownOnes() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: CaseError.unknownCampaign(name: "Nope", known: [Fixture.campaign])) {
            try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: "Nope", date: Fixture.noticeDay)
        }
    }

    @Test func recipientOutsideTheCampaignsCategoryIsNotInIt() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        #expect(throws: CaseError.notInCampaign(recipient: "Tunes", campaign: Fixture.campaign, category: .aiDeveloper))
        {
            try tracker.sendNotices(to: .named(["Tunes"]), campaign: nil, date: Fixture.noticeDay)
        }
    }
}
