import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Importing recipients

@Suite struct RecipientImportTests {
    @Test func reimportUpdatesKnownRecipientsInsteadOfDuplicatingThem() throws {
        // Given Acme AI (DE) and Beta AI
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        _ = try tracker.importRecipients(
            try RecipientFile.read(text: "name,category,country\nAcme AI,ai-developer,DE\nBeta AI,ai-developer,US\n"))
        // When a file moves Acme AI to FR, repeats Beta AI as it is, and adds Gamma AI
        let summary = try tracker.importRecipients(
            try RecipientFile.read(
                text:
                    "name,category,country\nAcme AI,ai-developer,FR\nBeta AI,ai-developer,US\nGamma AI,ai-developer,\n")
        )
        // Then the summary counts one of each, and there are three recipients and three cases
        #expect(summary == RecipientImport(added: 1, updated: 1, unchanged: 1, casesOpened: 1))
        let snapshot = try Fixture.snapshot(tracker)
        #expect(snapshot.recipients == 3)
        #expect(snapshot.cases.count == 3)
        let acme = try tracker.writer.read { db in try tracker.recipient("Acme AI", Store(db)) }
        #expect(acme.country == "FR")
    }

    @Test func reimportMatchesNamesAsNamingDoes() throws {
        let tracker = try Fixture.oneDraftCase()
        let summary = try tracker.importRecipients(
            try RecipientFile.read(
                text: "name,category,email\n\"  MÜLLER  ki gmbh\",ai-developer,legal@mueller.example\n"))
        #expect(summary.added == 0 && summary.updated == 1)
        #expect(try Fixture.snapshot(tracker).recipients == 1)
    }

    @Test func reimportKeepsTheCasesAndHistoryOfUpdatedRecipients() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .acknowledged)
        let events = try Fixture.events(tracker)
        _ = try tracker.importRecipients(
            try RecipientFile.read(text: "name,category,country\nMüller KI GmbH,ai-developer,DE\n"))
        #expect(try Fixture.theCase(tracker).state == .acknowledged)
        #expect(try Fixture.events(tracker) == events)
    }

    @Test func recipientMovedToAnotherCategoryGetsADraftCaseInItsCampaigns() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, "Advisory", category: .streamingService)
        let summary = try tracker.importRecipients(
            try RecipientFile.read(text: "name,category\nMüller KI GmbH,streaming-service\n"))
        #expect(summary.updated == 1 && summary.casesOpened == 1)
        #expect(try Fixture.theCase(tracker, campaign: "Advisory").state == .draft)
    }
}
