import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// The sample database of `optout demo`: big enough, every state represented, and the same on
/// every run for a given seed.
@Suite struct DemoGeneratorTests {
    /// A clock in 2026, long after the demo's last day (2024-09-30).
    static let now = Date(timeIntervalSince1970: 1_773_576_000)

    static func populated(seed: UInt64 = 2024) throws -> (Tracker, DemoSummary) {
        let tracker = try Tracker.inMemory(actor: "demo", clock: .frozen(at: now, in: Clock.utc))
        let summary = try DemoGenerator.populate(tracker, seed: seed)
        return (tracker, summary)
    }

    @Test func buildsTheNoticeWave() throws {
        let started = ContinuousClock.now
        let (tracker, summary) = try Self.populated()
        let elapsed = ContinuousClock.now - started
        let report = try tracker.report(asOf: summary.asOf)
        print(
            "demo: populate took \(elapsed); states \(CaseState.allCases.map { "\($0.rawValue)=\(report.totals.byState[$0.rawValue] ?? 0)" }.joined(separator: " ")); overdue \(report.totals.overdue); works \(report.disclosures.works); replies \(summary.replies); extensions \(summary.extensionsGranted); escalations \(summary.escalations); resolutions \(summary.resolutions)"
        )

        #expect(summary.recipients >= 700)
        #expect(report.totals.recipients == summary.recipients)
        #expect(summary.campaigns == [DemoGenerator.aiCampaign, DemoGenerator.streamingCampaign])
        #expect(report.campaigns.count == 2)
        #expect(summary.asOf == Day(year: 2024, month: 9, day: 30))
        for state in CaseState.allCases where state != .draft {
            #expect((report.totals.byState[state.rawValue] ?? 0) > 0, "no case is \(state.rawValue)")
        }
        #expect(report.totals.byState[CaseState.draft.rawValue] == summary.drafts)
        #expect(report.totals.overdue > 0)
        #expect(report.overdue.allSatisfy { $0.daysOverdue > 0 })
        #expect(report.disclosures.works > 0)
        #expect(report.disclosures.copiesStillHeld > 0)
        #expect(report.totals.cases == summary.cases)
    }

    @Test func recipientsAreFictionalAndVaried() throws {
        let (tracker, _) = try Self.populated()
        let recipients = try tracker.writer.read { try Recipient.order(Column("id")).fetchAll($0) }
        let byCategory = Dictionary(grouping: recipients, by: \.category).mapValues(\.count)
        #expect((byCategory[.aiDeveloper] ?? 0) >= 700)
        #expect((byCategory[.streamingService] ?? 0) >= 30)
        #expect((byCategory[.other] ?? 0) > 0)
        #expect(recipients.contains { !$0.name.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(recipients.filter { $0.parent != nil }.count >= 10)
        #expect(recipients.contains { $0.name == "Müller KI GmbH" })
        for recipient in recipients {
            if let email = recipient.email { #expect(Validation.isEmail(email), "\(email)") }
            if let country = recipient.country { #expect(Validation.countryCode(country) == country) }
        }
        // Every parent named is a recipient too.
        let names = Set(recipients.map(\.name))
        for parent in recipients.compactMap(\.parent) { #expect(names.contains(parent), "\(parent)") }
    }

    @Test func noActionIsDatedAfterAsOf() throws {
        let (tracker, summary) = try Self.populated()
        let latest = try tracker.writer.read { db in
            try String.fetchOne(db, sql: "SELECT MAX(received_on) FROM reply")
        }
        let latestNotice = try tracker.writer.read { db in
            try String.fetchOne(db, sql: "SELECT MAX(sent_on) FROM notice")
        }
        #expect(latest.flatMap(Day.init).map { $0 <= summary.asOf } == true)
        #expect(latestNotice.flatMap(Day.init).map { $0 <= summary.asOf } == true)
        let repliesBeforeNotice = try tracker.writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM reply r JOIN "case" k ON k.id = r.case_id WHERE r.received_on < k.sent_on
                    """) ?? -1
        }
        #expect(repliesBeforeNotice == 0)
        // A follow-up superseded at least one earlier disclosure.
        let superseded = try tracker.writer.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NOT NULL")
        }
        #expect((superseded ?? 0) > 0)
    }

    @Test func theSameSeedGivesTheSameDatabase() throws {
        let (first, firstSummary) = try Self.populated()
        let (second, secondSummary) = try Self.populated()
        let renderer = ReportRenderer()
        let firstJSON = try renderer.json(try first.report(asOf: firstSummary.asOf))
        let secondJSON = try renderer.json(try second.report(asOf: secondSummary.asOf))
        #expect(firstJSON == secondJSON)
        #expect(firstSummary.examples == secondSummary.examples)

        let (other, otherSummary) = try Self.populated(seed: 7)
        #expect(try renderer.json(try other.report(asOf: otherSummary.asOf)) != firstJSON)
    }

    @Test func itsCatalogueAnswersWhichWorksWereUsed() throws {
        let (tracker, summary) = try Self.populated()
        // A few thousand works, most disclosures matched (some only by a misspelt title and
        // artist), some unknown to the catalogue.
        #expect(summary.catalogueWorks >= 2_000)
        let counts = try tracker.writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db,
                    sql: """
                        SELECT matched_by, COUNT(*) FROM disclosure WHERE superseded_by IS NULL GROUP BY matched_by
                        """
                ).map { ((($0[0] as String?) ?? "none"), $0[1] as Int) })
        }
        let total = counts.values.reduce(0, +)
        #expect(counts["none"] == nil)
        #expect((counts["isrc"] ?? 0) > total / 2)
        #expect((counts["title-artist"] ?? 0) > 10)
        #expect((counts["unknown-work"] ?? 0) > 10)
        let misspelt = try tracker.writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM disclosure d JOIN work w ON w.id = d.work_id
                    WHERE d.matched_by = 'title-artist' AND (d.title <> w.title OR d.artist <> w.artist)
                    """) ?? 0
        }
        #expect(misspelt > 10)
        // And the works listing names who used them and who still holds copies.
        let works = try tracker.worksListing()
        #expect(works.rows.count > 100)
        let held = works.columns.firstIndex(of: "still_held_by") ?? 0
        #expect(works.rows.contains { $0[held] != .text(nil) })
    }

    @Test func refusesADatabaseThatIsNotEmpty() throws {
        let (tracker, _) = try Self.populated()
        #expect(throws: DemoError.self) { try DemoGenerator.populate(tracker) }
    }

    @Test func refusesAClockBeforeTheStoryEnds() throws {
        let tracker = try Tracker.inMemory(
            clock: .frozen(at: Date(timeIntervalSince1970: 1_717_200_000), in: Clock.utc))  // 2024-06-01
        #expect(throws: DemoError.self) { try DemoGenerator.populate(tracker) }
        let empty = try tracker.writer.read { try Recipient.fetchCount($0) }
        #expect(empty == 0)
    }
}
