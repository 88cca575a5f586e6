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
        let sent = try tracker.sendNotices(to: .named(["mu\u{308}ller ki gmbh"]), campaign: nil, date: Fixture.noticeDay)
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
        let error = #expect(throws: TrackerError.unknownRecipient("Nobody AG")) {
            try tracker.recordReply(recipient: "Nobody AG", campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        }
        #expect(error?.description.contains("optout recipient list") == true)
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func nameThatMatchesTwoRecipientsIsAmbiguous() throws {
        // Given a recipient named "2" (id 1) and another whose id is 2
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, "2")
        try Fixture.addRecipient(tracker, "Second AI")
        // Then "2" names both, and the error lists them with their ids
        #expect(throws: TrackerError.ambiguousRecipient("2", candidates: ["2 (id 1)", "Second AI (id 2)"])) {
            try tracker.sendNotices(to: .named(["2"]), campaign: nil, date: Fixture.noticeDay)
        }
    }

    @Test func campaignIsNamedCaseInsensitively() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: "  reservation   2024", date: Fixture.noticeDay)
        #expect(sent.campaign == Fixture.campaign)
    }

    @Test func campaignMayBeLeftOutWhileOnlyOneExists() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay)
        #expect(sent.campaign == Fixture.campaign)
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        #expect(changed.campaign == Fixture.campaign)
    }

    @Test func campaignMustBeNamedOnceTwoExist() throws {
        // Given two campaigns for AI developers
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        let before = try Fixture.snapshot(tracker)
        // When a notice leaves the campaign out, then it is refused and names both
        let error = #expect(throws: TrackerError.campaignNeeded(known: [Fixture.campaign, "Follow-up 2025"])) {
            try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.noticeDay)
        }
        #expect(error?.description.contains("--campaign") == true)
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyWithoutCampaignToARecipientWithTwoCasesIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        _ = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        _ = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: "Follow-up 2025", date: Fixture.noticeDay)
        #expect(throws: TrackerError.campaignNeeded(known: [Fixture.campaign, "Follow-up 2025"])) {
            try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .refusal)
        }
    }

    @Test func campaignMayBeLeftOutWhenTheRecipientHasOnlyOneCase() throws {
        // Given a campaign for AI developers and one for streaming services, each with its recipient
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        _ = try tracker.sendNotices(to: .named(["Tunes"]), campaign: "Advisory", date: Fixture.noticeDay)
        // When a reply from Tunes leaves the campaign out, then it goes to Tunes's only case
        let changed = try tracker.recordReply(recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        #expect(changed.campaign == "Advisory")
        #expect(changed.to == .acknowledged)
    }

    @Test func unknownCampaignIsAnErrorListingTheKnownOnes() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: TrackerError.unknownCampaign("Nope", known: [Fixture.campaign])) {
            try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: "Nope", date: Fixture.noticeDay)
        }
    }

    @Test func recipientOutsideTheCampaignsCategoryIsNotInIt() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        #expect(throws: TrackerError.notInCampaign(recipient: "Tunes", campaign: Fixture.campaign, category: .aiDeveloper)) {
            try tracker.sendNotices(to: .named(["Tunes"]), campaign: nil, date: Fixture.noticeDay)
        }
    }
}

// MARK: - Draft cases and recipients

@Suite struct DraftCaseTests {
    @Test func addingACampaignOpensADraftCaseForEachRecipientOfItsCategory() throws {
        // Given two AI developers and a streaming service
        let tracker = try Fixture.tracker()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.addRecipient(tracker, "Beta AI")
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        // When a campaign for AI developers is added
        let added = try tracker.addCampaign(name: "Reservation", issuer: "Label", category: .aiDeveloper,
                                            deadline: Fixture.campaignDeadline, responseDays: nil, requests: nil, template: nil)
        // Then each AI developer has a draft case in it, registered in its history, and the streaming service has none
        #expect(added.casesOpened == 2)
        let snapshot = try Fixture.snapshot(tracker)
        #expect(snapshot.cases.count == 2)
        #expect(snapshot.cases.allSatisfy { $0.state == .draft && $0.deadline == nil && $0.sentOn == nil })
        let events = try Fixture.events(tracker)
        #expect(events.map(\.action) == ["registered", "registered"])
        #expect(events.allSatisfy { $0.fromState == nil && $0.toState == .draft && $0.actor == Fixture.actor })
        #expect(throws: TrackerError.self) { try Fixture.theCase(tracker, "Tunes") }
    }

    @Test func addingARecipientOpensADraftCaseInEachCampaignOfItsCategory() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, "First")
        try Fixture.addCampaign(tracker, "Second")
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        let added = try tracker.addRecipient(Recipient(name: "Acme AI", category: .aiDeveloper))
        #expect(added.casesOpened == 2)
        #expect(try Fixture.theCase(tracker, "Acme AI", campaign: "First").state == .draft)
        #expect(try Fixture.theCase(tracker, "Acme AI", campaign: "Second").state == .draft)
    }

    @Test func addingARecipientWhoseNameExistsIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        let before = try Fixture.snapshot(tracker)
        #expect(throws: TrackerError.recipientExists("MÜLLER KI GMBH")) {
            try tracker.addRecipient(Recipient(name: "MÜLLER KI GMBH", category: .aiDeveloper))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func addingACampaignWhoseNameExistsIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: TrackerError.campaignExists("RESERVATION 2024")) {
            try Fixture.addCampaign(tracker, "RESERVATION 2024")
        }
    }

    @Test func campaignNeedsExactlyOneDeadlineRule() throws {
        let tracker = try Fixture.tracker()
        #expect(throws: TrackerError.self) {
            try tracker.addCampaign(name: "Both", issuer: "Label", category: .other, deadline: Fixture.campaignDeadline,
                                    responseDays: 30, requests: nil, template: nil)
        }
        #expect(throws: TrackerError.self) {
            try tracker.addCampaign(name: "Neither", issuer: "Label", category: .other, deadline: nil,
                                    responseDays: nil, requests: nil, template: nil)
        }
        #expect(try Fixture.snapshot(tracker).campaigns == 0)
    }

    @Test func campaignRequestsDefaultToNoneForStreamingServicesAndAllOtherwise() throws {
        let tracker = try Fixture.tracker()
        #expect(try Fixture.addCampaign(tracker, "Advisory", category: .streamingService).requests == Requests.none)
        #expect(try Fixture.addCampaign(tracker, "Reservation", category: .aiDeveloper).requests == .all)
        #expect(try Fixture.addCampaign(tracker, "Others", category: .other).requests == .all)
    }

    @Test func importedRecipientsGetDraftCasesInTheCampaignsOfTheirCategory() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        let recipients = try RecipientFile.read(text: "name,category\nAcme AI,ai-developer\nTunes,streaming-service\n")
        let summary = try tracker.importRecipients(recipients)
        #expect(summary.added == 2)
        #expect(summary.casesOpened == 1)
        #expect(try Fixture.theCase(tracker, "Acme AI").state == .draft)
    }
}

// MARK: - Importing recipients

@Suite struct RecipientImportTests {
    @Test func reimportUpdatesKnownRecipientsInsteadOfDuplicatingThem() throws {
        // Given Acme AI (DE) and Beta AI
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        _ = try tracker.importRecipients(try RecipientFile.read(text: "name,category,country\nAcme AI,ai-developer,DE\nBeta AI,ai-developer,US\n"))
        // When a file moves Acme AI to FR, repeats Beta AI as it is, and adds Gamma AI
        let summary = try tracker.importRecipients(try RecipientFile.read(
            text: "name,category,country\nAcme AI,ai-developer,FR\nBeta AI,ai-developer,US\nGamma AI,ai-developer,\n"))
        // Then the summary counts one of each, and there are three recipients and three cases
        #expect(summary == RecipientImport(added: 1, updated: 1, unchanged: 1, casesOpened: 1))
        let snapshot = try Fixture.snapshot(tracker)
        #expect(snapshot.recipients == 3)
        #expect(snapshot.cases.count == 3)
        let acme = try tracker.writer.read { db in try tracker.recipient("Acme AI", db) }
        #expect(acme.country == "FR")
    }

    @Test func reimportMatchesNamesAsNamingDoes() throws {
        let tracker = try Fixture.oneDraftCase()
        let summary = try tracker.importRecipients(try RecipientFile.read(
            text: "name,category,email\n\"  MÜLLER  ki gmbh\",ai-developer,legal@mueller.example\n"))
        #expect(summary.added == 0 && summary.updated == 1)
        #expect(try Fixture.snapshot(tracker).recipients == 1)
    }

    @Test func reimportKeepsTheCasesAndHistoryOfUpdatedRecipients() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        let events = try Fixture.events(tracker)
        _ = try tracker.importRecipients(try RecipientFile.read(text: "name,category,country\nMüller KI GmbH,ai-developer,DE\n"))
        #expect(try Fixture.theCase(tracker).state == .acknowledged)
        #expect(try Fixture.events(tracker) == events)
    }

    @Test func recipientMovedToAnotherCategoryGetsADraftCaseInItsCampaigns() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        let summary = try tracker.importRecipients(try RecipientFile.read(text: "name,category\nMüller KI GmbH,streaming-service\n"))
        #expect(summary.updated == 1 && summary.casesOpened == 1)
        #expect(try Fixture.theCase(tracker, campaign: "Advisory").state == .draft)
    }
}

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
        #expect(throws: TrackerError.deadlineBeforeNotice(recipient: Fixture.recipient, deadline: Fixture.day("2026-01-09"),
                                                          notice: Fixture.day("2026-01-10"))) {
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
        #expect(throws: TrackerError.self) {
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
        #expect(throws: TrackerError.refused(recipient: "Acme AI", campaign: Fixture.campaign, state: .notified, action: .sendNotice)) {
            try tracker.sendNotices(to: .named([Fixture.recipient, "Acme AI"]), campaign: nil, date: Fixture.actionDay)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func noticeKeepsTheDigestOfTheLetterItLogs() throws {
        let tracker = try Fixture.oneDraftCase()
        let sent = try Fixture.sendNotice(tracker)
        let notice = try #require(sent.logged.first?.notice)
        let (recipient, campaign, _) = try tracker.writer.read { db in
            try tracker.theCase(recipient: Fixture.recipient, campaign: nil, db)
        }
        let letter = try tracker.letters.letter(for: recipient, in: campaign, date: notice.sentOn, deadline: notice.deadline,
                                                 reference: notice.reference)
        #expect(notice.letterSha256 == letter.sha256)
        #expect(notice.letterSha256.count == 64)
        #expect(letter.text.contains("Müller KI GmbH") && letter.text.contains("2026-02-10"))
    }

    @Test func noticeDatedAfterTodayIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        let before = try Fixture.snapshot(tracker)
        #expect(throws: TrackerError.self) {
            try Fixture.sendNotice(tracker, on: Fixture.day("2026-03-16"))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func importingNoticesWithOneBadRowWritesNothing() throws {
        // Given two draft cases and a notices file whose third line names nobody
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        let inputs = try NoticeFile.read(text: "recipient,date\nAcme AI,2026-01-10\nNobody AG,2026-01-10\nMüller KI GmbH,2026-01-11\n")
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
        let inputs = try NoticeFile.read(text: "recipient,date\nMüller KI GmbH,2026-01-10\nMUELLER,2026-01-10\nmüller ki gmbh,2026-01-11\n")
        let before = try Fixture.snapshot(tracker)
        let problems = fileProblems { try tracker.importNotices(inputs, path: "notices.csv", campaign: nil) }
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems.last?.message.contains("line 2") == true)
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func importingNoticesLogsEachWithItsOwnDateAndDeadline() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        let inputs = try NoticeFile.read(text: "recipient,date,channel,deadline\nAcme AI,2026-01-10,post,2026-03-01\nMüller KI GmbH,2026-01-11,,\n")
        let sent = try tracker.importNotices(inputs, path: "notices.csv", campaign: nil)
        #expect(sent.logged.count == 2)
        #expect(try Fixture.theCase(tracker, "Acme AI").deadline == Fixture.day("2026-03-01"))
        #expect(try Fixture.theCase(tracker).sentOn == Fixture.day("2026-01-11"))
        #expect(try Fixture.theCase(tracker).deadline == Fixture.campaignDeadline)
    }
}

// MARK: - Replies and disclosures

@Suite struct ReplyTests {
    @Test func replyDatedBeforeItsNoticeIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        let before = try Fixture.snapshot(tracker)
        #expect(throws: TrackerError.replyBeforeNotice(recipient: Fixture.recipient, campaign: Fixture.campaign,
                                                       reply: Fixture.day("2026-01-09"), notice: Fixture.day("2026-01-10"))) {
            try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-09"), kind: .acknowledgement)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyOnTheDayOfItsNoticeIsAccepted() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker, on: Fixture.day("2026-01-10"))
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-10"), kind: .acknowledgement)
        #expect(changed.to == .acknowledged)
    }

    @Test func replyDatedAfterTodayIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let before = try Fixture.snapshot(tracker)
        let error = #expect(throws: TrackerError.self) {
            try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-03-16"), kind: .acknowledgement)
        }
        #expect(error?.description.contains("after today") == true)
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func replyDatedTodayIsAccepted() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.today, kind: .acknowledgement)
        #expect(changed.to == .acknowledged)
        #expect(try Fixture.theCase(tracker).lastReplyOn == Fixture.today)
    }

    @Test func replyIsStoredWithItsDateKindAndSummary() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .refusal,
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
        #expect(throws: TrackerError.self) {
            try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement,
                                    disclosures: [Fixture.completeDisclosure])
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func incompleteDisclosureLeavesTheCaseIncompleteNamingWhatIsMissing() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
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
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
                                              kind: .disclosure, disclosures: [stillHeld])
        #expect(changed.to == .responded)
    }

    @Test func disclosureReplyWithoutAnyWorkLeavesTheCaseIncomplete() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure)
        #expect(changed.to == .incomplete)
    }

    @Test func followUpDisclosureOfTheSameISRCSupersedesAndCompletesTheCase() throws {
        // Given a case left incomplete by a disclosure of GBAYE2400001
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .incomplete)
        // When a follow-up discloses the same ISRC with every fact (under another title)
        var followUp = Fixture.completeDisclosure
        followUp.title = "Song (Radio Edit)"
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
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
        #expect(try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
                                        kind: .disclosure, disclosures: [first]).to == .incomplete)
        // When the follow-up names it in capitals with decomposed accents and gives every fact
        var followUp = Fixture.completeDisclosure
        followUp.isrc = nil
        followUp.title = "U\u{308}BER  STRASSE"
        followUp.artist = "ZOE\u{308}"
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
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
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
                                              kind: .disclosure, disclosures: [other])
        #expect(changed.to == .incomplete)
        #expect(changed.missing == ["Song — Artist (GBAYE2400001): held_until, justification"])
    }

    @Test func laterIncompleteDisclosureReopensARespondedCase() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
                                    kind: .disclosure, disclosures: [Fixture.completeDisclosure])
        var another = Fixture.incompleteDisclosure
        another.isrc = "GBAYE2400002"
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
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
        let changed = try tracker.recordReply(recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .disclosure)
        // Then the case is responded
        #expect(changed.to == .responded)
        #expect(changed.missing.isEmpty)
    }

    @Test func noUseReplyToACampaignThatRequestsNothingIsResponded() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService, requests: Requests.none)
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        try Fixture.sendNotice(tracker, to: "Tunes")
        #expect(try tracker.recordReply(recipient: "Tunes", campaign: nil, date: Fixture.actionDay, kind: .noUse).to == .responded)
    }

    @Test func replyToAnEscalatedCaseIsRecordedWithoutChangingIt() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .escalated)
        let changed = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .noUse)
        #expect(changed.to == .escalated)
        #expect(try Fixture.snapshot(tracker).replies == 1)
        #expect(try Fixture.theCase(tracker).lastReplyOn == Fixture.actionDay)
    }
}

// MARK: - Extensions, escalation, resolution

@Suite struct ExtensionTests {
    @Test func extensionSetsTheNewDeadlineAndKeepsTheState() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        let changed = try tracker.grantExtension(recipient: Fixture.recipient, campaign: nil, until: Fixture.day("2026-03-31"),
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
        #expect(throws: TrackerError.deadlineNotLater(recipient: Fixture.recipient, campaign: Fixture.campaign,
                                                      current: Fixture.campaignDeadline, requested: Fixture.day(until))) {
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
        _ = try tracker.resolve(recipient: Fixture.recipient, campaign: nil, reason: .copiesDeleted, note: "certificate received")
        #expect(try Fixture.theCase(tracker).resolution == .copiesDeleted)
        #expect(try Fixture.events(tracker).last?.note == "reason: copies-deleted; certificate received")
    }
}

// MARK: - History

@Suite struct HistoryTests {
    @Test func everyActionAppendsOneEventNamingTheActorAndTheStates() throws {
        // Given a case taken through notice, acknowledgement, extension, extension request, escalation, a refusal and resolution
        let tracker = try Fixture.oneDraftCase()
        let name = Fixture.recipient
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(recipient: name, campaign: nil, date: Fixture.day("2026-01-12"), kind: .acknowledgement)
        _ = try tracker.recordReply(recipient: name, campaign: nil, date: Fixture.day("2026-01-13"), kind: .extensionRequest)
        _ = try tracker.grantExtension(recipient: name, campaign: nil, until: Fixture.day("2026-03-01"))
        _ = try tracker.escalate(recipient: name, campaign: nil, note: "to outside counsel")
        _ = try tracker.recordReply(recipient: name, campaign: nil, date: Fixture.day("2026-03-02"), kind: .refusal)
        _ = try tracker.resolve(recipient: name, campaign: nil, reason: .settled)

        // When its history is listed
        let history = try tracker.history(recipient: name)

        // Then there is one event per action, oldest first, each with the actor and the states before and after
        #expect(history.columns == ["at", "actor", "campaign", "action", "from_state", "to_state", "date", "note", "event",
                                    "undone_by", "undone_at"])
        let rows = history.rows.map { row in row.map(\.plain) }
        #expect(rows.map { Array($0[3...5]) } == [
            ["registered", "", "draft"],
            ["notice-sent", "draft", "notified"],
            ["reply-acknowledgement", "notified", "acknowledged"],
            ["reply-extension-request", "acknowledged", "acknowledged"],
            ["extension-granted", "acknowledged", "acknowledged"],
            ["escalated", "acknowledged", "escalated"],
            ["reply-refusal", "escalated", "escalated"],
            ["resolved", "escalated", "resolved"],
        ])
        #expect(rows.allSatisfy { $0[1] == Fixture.actor && $0[0] == "2026-03-15T12:00:00Z" && $0[2] == Fixture.campaign })
        #expect(rows.map { $0[6] } == ["", "2026-01-10", "2026-01-12", "2026-01-13", "2026-03-01", "", "2026-03-02", ""])
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

// MARK: - Overdue

@Suite struct OverdueTests {
    /// A campaign with a 30-day response window and five AI developers, on 2026-03-15:
    /// Early AI (deadline 2026-01-31, 43 days overdue), Acked AI (acknowledged, 2026-02-09, 34 days),
    /// Late AI (2026-02-19, 24 days), Today AI (deadline today) and Answered AI (responded).
    static func fiveCases() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, responseDays: 30)
        for name in ["Late AI", "Acked AI", "Early AI", "Today AI", "Answered AI"] { try Fixture.addRecipient(tracker, name) }
        try Fixture.sendNotice(tracker, to: "Early AI", on: Fixture.day("2026-01-01"))
        try Fixture.sendNotice(tracker, to: "Late AI", on: Fixture.day("2026-01-20"))
        try Fixture.sendNotice(tracker, to: "Acked AI", on: Fixture.day("2026-01-10"))
        _ = try tracker.recordReply(recipient: "Acked AI", campaign: nil, date: Fixture.day("2026-01-15"), kind: .acknowledgement)
        try Fixture.sendNotice(tracker, to: "Today AI", on: Fixture.day("2026-02-13"))
        try Fixture.sendNotice(tracker, to: "Answered AI", on: Fixture.day("2026-01-01"))
        _ = try tracker.recordReply(recipient: "Answered AI", campaign: nil, date: Fixture.day("2026-01-15"), kind: .noUse)
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
        #expect(overdue.map(\.deadline) == [Fixture.day("2026-01-31"), Fixture.day("2026-02-09"), Fixture.day("2026-02-19")])
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
        #expect(listing.columns == ["recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue"])
        #expect(listing.rows.first?.map(\.plain) == ["Early AI", "3", "ai-developer", Fixture.campaign, "notified",
                                                     "2026-01-01", "2026-01-31", "43"])
    }
}

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
        let expected: [String: Int] = ["draft": 1, "notified": 1, "acknowledged": 0, "incomplete": 0, "responded": 1,
                                       "refused": 0, "escalated": 0, "resolved": 0]
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
        _ = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-20"),
                                    kind: .disclosure, disclosures: [workA, workB])
        _ = try tracker.recordReply(recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-25"),
                                    kind: .disclosure, disclosures: [correctedA])
        _ = try tracker.recordReply(recipient: "Acme AI", campaign: nil, date: Fixture.day("2026-01-25"),
                                    kind: .disclosure, disclosures: [workC])
        // When the report is made
        let totals = try tracker.report(asOf: Fixture.today).disclosures
        // Then A counts once, as corrected
        #expect(totals.works == 3)
        #expect(totals.copies == 4 + 3 + 5)
        #expect(totals.copiesStillHeld == 4)
        #expect(totals.byAccessMethod == ["web-scrape": 1, "streaming-service": 0, "licensed-dataset": 1,
                                          "third-party-dataset": 0, "purchased": 1, "user-upload": 0, "other": 0])
    }

    @Test func reportOfOneCampaignCountsOnlyItsDisclosures() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Follow-up 2025")
        _ = try tracker.sendNotices(to: .named([Fixture.recipient]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        _ = try tracker.recordReply(recipient: Fixture.recipient, campaign: Fixture.campaign, date: Fixture.actionDay,
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
        for name in ["Draft AI", "Silent AI", "Partial AI", "Complete AI", "NoUse AI"] { try Fixture.addRecipient(tracker, name) }
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        for name in ["Silent AI", "Partial AI", "Complete AI", "NoUse AI"] {
            _ = try tracker.sendNotices(to: .named([name]), campaign: Fixture.campaign, date: Fixture.noticeDay)
        }
        _ = try tracker.sendNotices(to: .named(["Tunes"]), campaign: "Advisory", date: Fixture.noticeDay)
        _ = try tracker.recordReply(recipient: "Partial AI", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
                                    disclosures: [Fixture.incompleteDisclosure])
        _ = try tracker.recordReply(recipient: "Complete AI", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
                                    disclosures: [Fixture.completeDisclosure])
        _ = try tracker.recordReply(recipient: "NoUse AI", campaign: nil, date: Fixture.actionDay, kind: .noUse)

        // When the report is made
        let report = try tracker.report(asOf: Fixture.today)
        let missing = Dictionary(uniqueKeysWithValues: report.cases.map { ($0.recipient, $0.missing) })

        // Then each case lists the requested items it still lacks
        let everything = ["work", "access_method", "copies_made", "copies_exist", "held_from", "held_until", "justification"]
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
