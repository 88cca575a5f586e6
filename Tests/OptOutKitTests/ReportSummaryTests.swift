import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// Issue 12: `report --summary` in every format (the figures, the charts, the overdue cases and
/// the catalogue without the table of every case), and "replied" beside "answered in full".
@Suite struct ReportSummaryTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theSummaryIsTheReportWithoutItsCasesInEveryFormat() throws {
        let (tracker, demo) = try DemoGeneratorTests.populated()
        let renderer = ReportRenderer()
        for campaign in [nil, DemoGenerator.aiCampaign] {
            let full = try tracker.report(asOf: demo.asOf, campaign: campaign)
            let summary = try tracker.reportSummary(asOf: demo.asOf, campaign: campaign)
            #expect(summary.isSummary && summary.cases.isEmpty && !full.isSummary)
            #expect(summary.overdue == full.overdue && summary.replied == full.replied)
            #expect(summary.answeredInFull == full.answeredInFull && summary.totals.byState == full.totals.byState)

            // Markdown: the full report up to its table of every case.
            let markdown = try renderer.render(summary, as: .markdown)
            let fullMarkdown = try renderer.render(full, as: .markdown)
            let cut = try #require(fullMarkdown.range(of: "## Cases ("))
            #expect(markdown == String(fullMarkdown[..<cut.lowerBound]))
            #expect(markdown.contains("## Overdue (\(full.totals.overdue))") && markdown.contains("## Catalogue"))

            // HTML: the charts and the overdue cases, no table of every case.
            let html = try renderer.render(summary, as: .html)
            #expect(html.contains("<svg class=\"chart states\""))
            #expect(html.contains("Overdue cases <span class=\"count\">"))
            #expect(!html.contains("<h2>Every case") && !html.contains("<table class=\"cases"))
            #expect(try renderer.render(full, as: .html).contains("<h2>Every case"))

            // JSON: every member of the full report but `cases`, and "summary": true.
            var summaryJSON = try Self.json(try renderer.render(summary, as: .json))
            var fullJSON = try Self.json(try renderer.render(full, as: .json))
            #expect(summaryJSON["cases"] == nil && summaryJSON["summary"] as? Bool == true)
            #expect(fullJSON["cases"] != nil && fullJSON["summary"] == nil)
            summaryJSON["summary"] = nil
            fullJSON["cases"] = nil
            #expect(NSDictionary(dictionary: summaryJSON).isEqual(to: fullJSON))

            // CSV: one row per figure, the figures the JSON report holds.
            let csv = try renderer.render(summary, as: .csv)
            let lines = csv.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "figure,value,definition")
            #expect(lines.contains("totals.cases,\(full.totals.cases),"))
            #expect(
                lines.contains(
                    "totals.overdue,\(full.totals.overdue),\(CSVExport.field(StatusReport.Definition.overdue))"))
            #expect(lines.contains { $0.hasPrefix("responses.replied,\(full.replied),") })
            #expect(lines.contains { $0.hasPrefix("responses.answered_in_full,\(full.answeredInFull),") })
            for state in CaseState.allCases {
                #expect(
                    lines.contains("totals.by_state.\(state.rawValue),\(full.totals.byState[state.rawValue] ?? 0),"))
            }
            #expect(lines.count == ReportRenderer.summaryFigures(full).count + 1)
            #expect(!csv.contains(full.cases.first?.recipient ?? "no case"))
        }
    }

    @Test func theSummaryWrittenAsItIsReadIsTheSummaryBuiltInMemory() throws {
        let (tracker, demo) = try DemoGeneratorTests.populated()
        let renderer = ReportRenderer()
        let summary = try tracker.reportSummary(asOf: demo.asOf)
        #expect(summary.overdue.count == summary.totals.overdue && summary.totals.overdue > 0)
        for format in [OutputFormat.markdown, .html, .csv, .json] {
            let streamed = try StreamingTests.streamed {
                try tracker.writeReportSummary(asOf: demo.asOf, as: format, renderer: renderer, to: $0)
            }
            #expect(streamed.text == (try renderer.render(summary, as: format)), "\(format)")
        }
    }

    @Test func theSummaryReadsNoCaseOfTheTableOfEveryCase() throws {
        // A case that is not overdue holds a stored date no reader accepts: the full report reads
        // every case and refuses it; the summary, which reads the cases only through figures and
        // the overdue list, never meets it.
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.sendNotice(tracker)
        try Fixture.sendNotice(tracker, to: "Acme AI")
        _ = try tracker.recordReply(recipient: "Acme AI", campaign: nil, date: Fixture.actionDay, kind: .noUse)
        try StoredValueTests.writeOutside(
            tracker,
            "UPDATE \"case\" SET sent_on = 'not a date' WHERE recipient_id = (SELECT id FROM recipient WHERE name = 'Acme AI')"
        )
        let renderer = ReportRenderer()
        for format in [OutputFormat.markdown, .html, .csv, .json] {
            #expect(throws: (any Error).self) {
                try tracker.writeReport(asOf: Fixture.today, as: format, renderer: renderer, to: { _ in })
            }
            let summary = try StreamingTests.streamed {
                try tracker.writeReportSummary(asOf: Fixture.today, as: format, renderer: renderer, to: $0)
            }
            #expect(!summary.text.isEmpty)
        }
    }

    // MARK: - Replied and answered in full

    @Test func anAcknowledgementIsAReplyButNotAnAnswerInFull() throws {
        // Alpha: acknowledged then no use (responded); Bravo: acknowledged; Charlie: refused;
        // Delta: notified, no reply; Echo: draft. Then Bravo is resolved (licensed).
        let tracker = try HTMLReportTests.campaign()
        var report = try tracker.report(asOf: Fixture.today)
        #expect(report.notified == 4 && report.replied == 3 && report.answeredInFull == 1)
        _ = try tracker.resolve(recipient: "Bravo AI", campaign: nil, reason: .licensed)
        report = try tracker.report(asOf: Fixture.today)
        #expect(report.replied == 3 && report.answeredInFull == 2)

        let renderer = ReportRenderer()
        let json = try Self.json(try renderer.render(report, as: .json))
        let responses = try #require(json["responses"] as? [String: Any])
        #expect(responses["notified"] as? Int == 4)
        #expect(responses["replied"] as? Int == 3)
        #expect(responses["answered_in_full"] as? Int == 2)
        let definitions = try #require(responses["definitions"] as? [String: String])
        #expect(definitions["replied"] == StatusReport.Definition.replied)
        #expect(definitions["answered_in_full"] == StatusReport.Definition.answeredInFull)
        // The full report keeps every member it had.
        #expect((json["totals"] as? [String: Any])?.keys.sorted() == ["by_state", "cases", "overdue", "recipients"])

        let markdown = try renderer.render(report, as: .markdown)
        #expect(markdown.contains("| replied | 3 | 75% | \(StatusReport.Definition.replied) |"))
        #expect(markdown.contains("| answered in full | 2 | 50% | \(StatusReport.Definition.answeredInFull) |"))

        let html = try renderer.render(report, as: .html)
        let figures = try HTMLReportTests.part(of: html, from: "<div class=\"figures\">", to: "<div class=\"panels\">")
        #expect(figures.contains("<span class=\"share\">75% of notified:</span> \(StatusReport.Definition.replied)"))
        #expect(
            figures.contains("<span class=\"share\">50% of notified:</span> \(StatusReport.Definition.answeredInFull)"))

        let summaryCSV = try renderer.render(try tracker.reportSummary(asOf: Fixture.today), as: .csv)
        #expect(summaryCSV.contains("responses.replied,3,"))
        #expect(summaryCSV.contains("responses.answered_in_full,2,"))
    }

    @Test func nothingNotifiedShowsNoShare() throws {
        let tracker = try Fixture.oneDraftCase()
        let report = try tracker.report(asOf: Fixture.today)
        #expect(report.notified == 0 && report.replied == 0 && report.answeredInFull == 0)
        let markdown = try ReportRenderer().render(report, as: .markdown)
        #expect(markdown.contains("| replied | 0 | – |"))
    }
}
