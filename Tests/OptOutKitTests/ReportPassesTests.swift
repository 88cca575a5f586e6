import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// Issue 10: the report reads the current disclosures' totals by access method and their matches
/// in one pass (it read them once for each before), and the figures are the ones the queries by
/// group give.
@Suite struct ReportPassesTests {
    @Test(arguments: [nil, DemoGenerator.aiCampaign])
    func totalsAndMatchesComeFromOnePassAndEqualTheGroupedCounts(campaign: String?) throws {
        let (tracker, summary) = try DemoGeneratorTests.populated()
        let statements = try HistoryIndexTests.traced(tracker) {
            _ = try tracker.report(asOf: summary.asOf, campaign: campaign)
        }
        #expect(
            !statements.contains { $0.contains("GROUP BY d.access_method") || $0.contains("GROUP BY d.matched_by") })
        let report = try tracker.report(asOf: summary.asOf, campaign: campaign)
        let join =
            campaign == nil
            ? ""
            : """
            JOIN "case" k ON k.id = d.case_id JOIN campaign c ON c.id = k.campaign_id AND c.name = '\(DemoGenerator.aiCampaign)'
            """
        let (methods, matches, unknownWorks) = try tracker.writer.read { db in
            var methods: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT IFNULL(d.access_method, 'unknown'), COUNT(*) FROM disclosure d \(join) WHERE d.superseded_by IS NULL GROUP BY 1
                    """)
            { methods[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
            var matches: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT d.matched_by, COUNT(*) FROM disclosure d \(join) WHERE d.superseded_by IS NULL AND d.matched_by IS NOT NULL GROUP BY 1
                    """)
            { matches[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
            let unknownWorks =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT COALESCE(d.isrc, d.match_key, 'disclosure ' || d.id)) FROM disclosure d \(join)
                        WHERE d.superseded_by IS NULL AND d.matched_by = 'unknown-work'
                        """) ?? 0
            return (methods, matches, unknownWorks)
        }
        #expect(report.disclosures.works > 0)
        #expect(report.disclosures.works == methods.values.reduce(0, +))
        #expect(report.disclosures.byAccessMethod.filter { $0.value > 0 } == methods.filter { $0.value > 0 })
        #expect(Set(report.disclosures.byAccessMethod.keys).isSuperset(of: AccessMethod.allCases.map(\.rawValue)))
        #expect(report.catalogue.matchedByISRC == matches["isrc"] ?? 0)
        #expect(report.catalogue.matchedByTitleArtist == matches["title-artist"] ?? 0)
        #expect(report.catalogue.unknownWorkDisclosures == matches["unknown-work"] ?? 0)
        #expect(report.catalogue.unknownWorks == unknownWorks)
    }
}
