import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// Issue 10: the CSV and JSON reports write a case's `missing` items as they are read (a case
/// answered by a disclosure file can lack something for 100,000s of works), and the bytes are
/// those of the report built in memory: quoting, doubled quotes, a neutralised formula start,
/// JSON escapes, long cells written in pieces.
@Suite struct ReportMissingStreamTests {
    /// The report as written, and the longest piece the writer gave at once (in bytes).
    static func streamed(_ tracker: Tracker, _ format: OutputFormat) throws -> (text: String, longest: Int) {
        final class Gathered {
            var text = ""
            var longest = 0
        }
        let gathered = Gathered()
        try tracker.writeReport(asOf: Fixture.today, as: format, renderer: ReportRenderer()) { piece in
            gathered.text += piece
            gathered.longest = max(gathered.longest, piece.utf8.count)
        }
        return (gathered.text, gathered.longest)
    }

    /// A case whose incomplete disclosures are `titles`, each lacking its access method.
    static func incomplete(_ titles: [String?]) throws -> Tracker {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let rows = titles.enumerated().map { index, title in
            DisclosureInput(
                title: title, artist: title == nil ? nil : "Artist \(index)", copiesMade: 1, copiesExist: false,
                heldFrom: Fixture.day("2025-01-01"), heldUntil: Fixture.day("2025-02-01"), justification: "training")
        }
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.drivingReplyDay, kind: .disclosure,
            disclosures: rows)
        return tracker
    }

    @Test(
        arguments: [
            ["Plain song", "Another"],
            ["=SUM(A1) \"formula\"", "Quoted \"work\""],
            ["+Leading plus"],
            ["-Minus, with comma"],
            ["Line\nbreak", "@at"],
            [nil, "\"Quote first"],
        ] as [[String?]])
    func theStreamedCellsAreTheInMemoryReports(titles: [String?]) throws {
        let tracker = try Self.incomplete(titles)
        let report = try tracker.report(asOf: Fixture.today)
        #expect(report.cases.first?.missing.count == titles.count)
        for format in [OutputFormat.csv, .json] {
            let streamed = try Self.streamed(tracker, format)
            #expect(streamed.text == (try ReportRenderer().render(report, as: format)), "\(format): \(titles)")
        }
    }

    @Test func aCaseLackingSomethingForManyWorksIsWrittenInPieces() throws {
        let titles = (0..<3_000).map { "Work \($0) \"of\" the catalogue, remastered" as String? }
        let tracker = try Self.incomplete(titles)
        let report = try tracker.report(asOf: Fixture.today)
        #expect(report.cases.first?.missing.count == titles.count)
        for format in [OutputFormat.csv, .json] {
            let streamed = try Self.streamed(tracker, format)
            #expect(streamed.text == (try ReportRenderer().render(report, as: format)), "\(format)")
            #expect(streamed.text.utf8.count > 200_000)
            #expect(streamed.longest < 70_000, "\(format): the long cell written in pieces, not whole")
        }
    }
}
