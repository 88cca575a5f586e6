import Foundation
import GRDB
import OptOutDemo
import Testing

@testable import OptOutKit

/// Issue 10: listings and reports written as their rows are read give the same text as the same
/// listing or report built in memory, in every format, empty or not.
@Suite struct StreamingTests {
    static func streamed(_ body: (@escaping TextSink) throws -> Void) throws -> (text: String, chunks: Int) {
        final class Gathered {
            var text = ""
            var chunks = 0
        }
        let gathered = Gathered()
        try body {
            gathered.text += $0
            gathered.chunks += 1
        }
        return (gathered.text, gathered.chunks)
    }

    @Test func everyListingStreamedIsTheListingBuiltInMemory() throws {
        let (tracker, summary) = try DemoGeneratorTests.populated()
        let busiest = try #require(
            try tracker.writer.read { db in
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT k.recipient_id FROM disclosure d JOIN "case" k ON k.id = d.case_id GROUP BY k.recipient_id ORDER BY COUNT(*) DESC LIMIT 1
                        """)
            })
        let affiliate = try #require(
            try tracker.writer.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM recipient WHERE parent IS NOT NULL LIMIT 1")
            })
        for format in [OutputFormat.table, .csv, .json] {
            let works = try Self.streamed { try tracker.writeWorksListing(as: format, to: $0) }
            #expect(works.text == (try tracker.worksListing().render(format)))
            #expect(works.chunks > 10, "written row by row")
            #expect(
                try Self.streamed { try tracker.writeDisclosureListing(recipient: String(busiest), as: format, to: $0) }
                    .text
                    == (try tracker.disclosureListing(recipient: String(busiest)).render(format)))
            #expect(
                try Self.streamed { try tracker.writeHistory(recipient: String(affiliate), as: format, to: $0) }.text
                    == (try tracker.history(recipient: String(affiliate)).render(format)))
            #expect(
                try Self.streamed { try tracker.writeRecipientListing(state: .incomplete, as: format, to: $0) }.text
                    == (try tracker.recipientListing(state: .incomplete).render(format)))
            #expect(
                try Self.streamed { try tracker.writeOverdueListing(asOf: summary.asOf, as: format, to: $0) }.text
                    == (try tracker.overdueListing(asOf: summary.asOf).render(format)))
        }
    }

    @Test func theReportStreamedIsTheReportBuiltInMemoryInEveryFormat() throws {
        let (tracker, summary) = try DemoGeneratorTests.populated()
        let renderer = ReportRenderer()
        for campaign in [nil, DemoGenerator.aiCampaign] {
            let report = try tracker.report(asOf: summary.asOf, campaign: campaign)
            #expect(report.cases.count == report.totals.cases)
            #expect(report.overdue.count == report.totals.overdue)
            #expect(report.replied == report.cases.count { $0.lastReplyOn != nil && $0.state != .draft })
            for format in [OutputFormat.markdown, .html, .csv, .json] {
                let streamed = try Self.streamed {
                    try tracker.writeReport(
                        asOf: summary.asOf, campaign: campaign, as: format, renderer: renderer, to: $0)
                }
                #expect(streamed.text == (try renderer.render(report, as: format)), "\(format)")
                if format == .csv || format == .json { #expect(streamed.chunks > report.cases.count) }
            }
        }
    }

    /// The overdue JSON is written from SQLite's bytes; every value its quick checks do not vouch
    /// for goes the careful way, so the text (and the error for a bad value) is the listing's.
    @Test func theOverdueJSONWrittenFromStoredBytesIsTheListingsJSON() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let names = [
            "Plain Ltd", "Åkesson & Söner AB", "Say \"hi\"", "Back\\slash", "Tab\there", "C1 \u{85} next",
            "Line\u{2028}sep", "Del\u{7F}", "日本語 株式会社", "Emoji 🎵",
        ]
        for name in names {
            _ = try Fixture.addRecipient(tracker, name)
            _ = try Fixture.sendNotice(tracker, to: name)
        }
        let expected = try tracker.overdueListing(asOf: Fixture.today).render(.json)
        #expect(
            try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .json, to: $0) }.text
                == expected)
        #expect(expected.contains("Åkesson"))
        // Bytes that are not UTF-8, a NUL inside a name, a case without a sent date.
        try StoredValueTests.writeOutside(
            tracker,
            """
            UPDATE recipient SET name = CAST(X'4261649F6279746573' AS TEXT) WHERE name = 'Plain Ltd';
            UPDATE recipient SET name = CAST(X'4E55004C' AS TEXT) WHERE name = 'Del' || char(127);
            UPDATE recipient SET name = 'Tab' || char(9) || char(8232) || char(133) || '"\\' WHERE name LIKE 'Tab%';
            UPDATE "case" SET sent_on = NULL WHERE id = (SELECT MIN(id) FROM "case" WHERE state = 'notified')
            """)
        let rewritten = try tracker.overdueListing(asOf: Fixture.today).render(.json)
        #expect(rewritten.contains("\"sent_on\": null") && rewritten.contains("Tab\\t\\u2028\\u0085\\\"\\\\"))
        #expect(
            try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .json, to: $0) }.text
                == rewritten)
        // A stored category that is not one of ours is the same error as before.
        try StoredValueTests.writeOutside(tracker, "UPDATE recipient SET category = 'robot' WHERE name = 'Emoji 🎵'")
        let careful = #expect(throws: (any Error).self) { _ = try tracker.overdueListing(asOf: Fixture.today) }
        let quick = #expect(throws: (any Error).self) {
            _ = try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .json, to: $0) }
        }
        #expect(careful.map { "\($0)" } == quick.map { "\($0)" })
    }

    @Test func anEmptyListingOrReportIsWrittenAsBefore() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect(
            try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .json, to: $0) }.text == "[]\n"
        )
        #expect(
            try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .csv, to: $0) }.text
                == "recipient,recipient_id,category,campaign,state,sent_on,deadline,days_overdue\r\n")
        #expect(
            try Self.streamed {
                try tracker.writeOverdueListing(asOf: Fixture.today, as: .table, to: $0, emptyTable: "none\n")
            }.text == "none\n")
        #expect(
            try Self.streamed { try tracker.writeOverdueListing(asOf: Fixture.today, as: .table, to: $0) }.text
                == (try tracker.overdueListing(asOf: Fixture.today).render(.table)))
        #expect(try Self.streamed { try tracker.writeWorksListing(as: .json, to: $0) }.text == "[]\n")
        let renderer = ReportRenderer()
        let report = try tracker.report(asOf: Fixture.today)
        for format in [OutputFormat.csv, .json] {
            #expect(
                try Self.streamed {
                    try tracker.writeReport(asOf: Fixture.today, as: format, renderer: renderer, to: $0)
                }.text
                    == (try renderer.render(report, as: format)))
        }
    }

    @Test func nothingIsWrittenBeforeAnErrorRaisedAheadOfTheRows() throws {
        let tracker = try Fixture.oneDraftCase()
        for format in [OutputFormat.table, .csv, .json] {
            var written = ""
            #expect(throws: (any Error).self) {
                try tracker.writeWorksListing(campaign: "no such campaign", as: format, to: { written += $0 })
            }
            #expect(throws: (any Error).self) {
                try tracker.writeHistory(recipient: "nobody at all", as: format, to: { written += $0 })
            }
            #expect(throws: (any Error).self) {
                try tracker.writeReport(
                    asOf: Fixture.today, campaign: "no such campaign", as: format == .table ? .markdown : format,
                    renderer: ReportRenderer(), to: { written += $0 })
            }
            #expect(written.isEmpty)
        }
    }

    @Test func theWriterEscapesAndSeparatesAsTheListingDoes() throws {
        let listing = Listing(
            columns: ["name", "n"],
            rows: [
                [.text("=SUM(A1),\"quoted\"\r\nnext"), .number(1)], [.text(nil), .number(nil)],
                [.text(""), .number(-3)],
            ])
        #expect(try listing.render(.csv) == "name,n\r\n\"'=SUM(A1),\"\"quoted\"\"\r\nnext\",1\r\n,\r\n,'-3\r\n")
        #expect(
            try listing.render(.json) == """
                [
                  {
                    "name": "=SUM(A1),\\"quoted\\"\\r\\nnext",
                    "n": 1
                  },
                  {
                    "name": null,
                    "n": null
                  },
                  {
                    "name": "",
                    "n": -3
                  }
                ]

                """)
        let blank = String(repeating: " ", count: 29)
        #expect(
            listing.table == "name\(blank.dropFirst(4))n\n=SUM(A1),\"quoted\"\\u{D} next  1\n\(blank)\n\(blank)-3\n")
        #expect(try Listing(columns: ["only"], rows: [[.text("")]]).render(.csv) == "only\r\n\"\"\r\n")
    }

    @Test func jsonStringsNeedingNoEscapeAreWrittenAsTheyAre() {
        #expect(JSON.string("Złoty Dźwięk — ♪ 東京") == "\"Złoty Dźwięk — ♪ 東京\"")
        #expect(JSON.string("") == "\"\"")
        #expect(JSON.string("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(JSON.string("tab\tnl\nbell\u{7}del\u{7F}") == "\"tab\\tnl\\nbell\\u0007del\\u007f\"")
        #expect(
            JSON.string("c1\u{85}\u{9F} sep\u{2028}\u{2029} ok\u{A0}\u{2027}\u{202A}")
                == "\"c1\\u0085\\u009f sep\\u2028\\u2029 ok\u{A0}\u{2027}\u{202A}\"")
    }

    @Test func aTemplateGoingThroughTheCasesTwiceReadsThemTwice() throws {
        let tracker = try Fixture.oneDraftCase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try
            "{{#cases}}{{recipient}};{{/cases}}|{{#cases}}{{recipient}}{{/cases}}|{{^cases}}none{{/cases}}|{{^overdue}}no overdue{{/overdue}}\n"
            .write(to: folder.appendingPathComponent("report.md.mustache"), atomically: true, encoding: .utf8)
        let renderer = ReportRenderer(templates: try LetterRenderer(directory: folder.path, fallBackToBuiltIn: true))
        let streamed = try Self.streamed {
            try tracker.writeReport(asOf: Fixture.today, as: .markdown, renderer: renderer, to: $0)
        }.text
        #expect(streamed == "\(Fixture.recipient);|\(Fixture.recipient)||no overdue\n")
        #expect(streamed == (try renderer.render(try tracker.report(asOf: Fixture.today), as: .markdown)))
    }

    @Test func markdownAndHTMLWrittenInChunksOfRowsAreTheWholePage() throws {
        let (tracker, summary) = try DemoGeneratorTests.populated()
        let renderer = ReportRenderer()
        for campaign in [nil, DemoGenerator.streamingCampaign] {
            let report = try tracker.report(asOf: summary.asOf, campaign: campaign)
            for format in [OutputFormat.markdown, .html] {
                for chunk in [1, 7, 1_000] {
                    let parts = try Self.streamed {
                        try renderer.writeDocument(
                            report, as: format, overdue: ReportRenderer.pull(report.overdue),
                            cases: ReportRenderer.pull(report.cases), to: $0, chunk: chunk)
                    }
                    #expect(parts.text == (try renderer.render(report, as: format)), "\(format), chunks of \(chunk)")
                    if chunk == 7 { #expect(parts.chunks >= report.cases.count / 7) }
                }
            }
        }
    }
}
