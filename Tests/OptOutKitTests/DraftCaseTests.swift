import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Draft cases and recipients

@Suite struct DraftCaseTests {
    @Test func addingACampaignOpensADraftCaseForEachRecipientOfItsCategory() throws {
        // Given two AI developers and a streaming service
        let tracker = try Fixture.tracker()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.addRecipient(tracker, "Beta AI")
        try Fixture.addRecipient(tracker, "Tunes", category: .streamingService)
        // When a campaign for AI developers is added
        let added = try tracker.addCampaign(
            name: "Reservation", issuer: "Label", category: .aiDeveloper,
            deadline: Fixture.campaignDeadline, responseDays: nil, requests: nil, template: nil)
        // Then each AI developer has a draft case in it, registered in its history, and the streaming service has none
        #expect(added.casesOpened == 2)
        let snapshot = try Fixture.snapshot(tracker)
        #expect(snapshot.cases.count == 2)
        #expect(snapshot.cases.allSatisfy { $0.state == .draft && $0.deadline == nil && $0.sentOn == nil })
        let events = try Fixture.events(tracker)
        #expect(events.map(\.action) == ["registered", "registered"])
        #expect(events.allSatisfy { $0.fromState == nil && $0.toState == .draft && $0.actor == Fixture.actor })
        #expect(throws: CaseError.notInCampaign(recipient: "Tunes", campaign: "Reservation", category: .aiDeveloper)) {
            try Fixture.theCase(tracker, "Tunes")
        }
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
        #expect(throws: CaseError.recipientExists(name: "MÜLLER KI GMBH")) {
            try tracker.addRecipient(Recipient(name: "MÜLLER KI GMBH", category: .aiDeveloper))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func addingACampaignWhoseNameExistsIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(throws: CaseError.campaignExists(name: "RESERVATION 2024")) {
            try Fixture.addCampaign(tracker, "RESERVATION 2024")
        }
    }

    @Test func campaignNeedsExactlyOneDeadlineRule() throws {
        let tracker = try Fixture.tracker()
        #expect(throws: CaseError.deadlineRuleNeeded) {
            try tracker.addCampaign(
                name: "Both", issuer: "Label", category: .other, deadline: Fixture.campaignDeadline,
                responseDays: 30, requests: nil, template: nil)
        }
        #expect(throws: CaseError.deadlineRuleNeeded) {
            try tracker.addCampaign(
                name: "Neither", issuer: "Label", category: .other, deadline: nil,
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
