import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The queries compose GRDB SQL literals, every value bound: names an attacker chose never reach
/// the SQL text, and the filters still combine as before.
@Suite struct QueryCompositionTests {
    static let hostile = "x' OR 1=1; DROP TABLE recipient; --"

    @Test func listingFiltersCombineAndBindHostileNames() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, Self.hostile)
        try Fixture.addRecipient(tracker, "Other Labs", category: .other)
        // Every ai-developer recipient has a draft case in both campaigns; "Other Labs" has none
        // in the hostile one (its category is not the campaign's).
        let inHostile = try tracker.recipientListing(state: .draft, campaign: Self.hostile)
        #expect(inHostile.rows.map { $0[1].plain } == [Fixture.recipient])
        let byCategory = try tracker.recipientListing(category: .other)
        #expect(byCategory.rows.map { $0[1].plain } == ["Other Labs"])
        #expect(try tracker.recipientListing(category: .other, campaign: Self.hostile).rows.isEmpty)
        #expect(try tracker.recipientListing().rows.count == 2)
    }

    @Test func aHostileStoredValueIsQuotedNotRun() throws {
        let tracker = try Fixture.oneDraftCase()
        try StoredValueTests.writeOutside(tracker, "UPDATE recipient SET category = 'robot'' OR 1=1 --'")
        let problems = try tracker.storedValueProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.column == "category")
        #expect(problems.first?.value == "'robot'' OR 1=1 --'")
        #expect(try tracker.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM recipient") } == 1)
    }

    @Test func aLongStoredValueIsShortenedToEightyCharacters() throws {
        let tracker = try Fixture.oneDraftCase()
        let long = String(repeating: "z", count: 200)
        try StoredValueTests.writeOutside(tracker, "UPDATE recipient SET category = '\(long)'")
        let problem = try #require(try tracker.storedValueProblems().first)
        #expect(problem.table == "recipient")
        #expect(problem.column == "category")
        #expect(problem.value == "'" + String(repeating: "z", count: 80) + "'…")
    }

    @Test func theSharedCampaignFilterNarrowsHistoryAndRefusesAnUnknownCampaign() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addCampaign(tracker, Self.hostile)
        // Each campaign opened a draft case: one "registered" event in each.
        #expect(try tracker.history(recipient: Fixture.recipient).rows.count == 2)
        let inHostile = try tracker.history(recipient: Fixture.recipient, campaign: Self.hostile)
        #expect(inHostile.rows.map { $0[2].plain } == [Self.hostile])
        #expect(try tracker.worksListing(campaign: Self.hostile).rows.isEmpty)
        #expect {
            try tracker.history(recipient: Fixture.recipient, campaign: "No Such Campaign")
        } throws: { error in
            guard case CaseError.unknownCampaign("No Such Campaign", _, _) = error else { return false }
            return true
        }
    }
}
