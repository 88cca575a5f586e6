import Foundation
import Testing

@testable import OptOutKit

// MARK: - CSV output

@Suite struct CSVExportTests {
    @Test(arguments: [
        "=HYPERLINK(\"http://x.example\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tstarts with a tab", "\rstarts with a CR",
        "\r\nstarts with CR LF", "=\u{301}combining mark after the equals sign",
    ])
    func cellThatASpreadsheetWouldRunIsNeutralised(cell: String) {
        #expect(CSVExport.neutralised(cell) == "'" + cell)
    }

    @Test(arguments: [
        "Müller KI GmbH", "", "a=b", "1-2", "2026-03-15", "'already quoted", " =leading space", "\nnewline first",
    ])
    func ordinaryCellIsLeftAsItIs(cell: String) {
        #expect(CSVExport.neutralised(cell) == cell)
    }

    @Test func cellsWithCommasQuotesAndLineBreaksAreQuotedAsRFC4180Says() throws {
        let text = try CSVExport.text(
            header: ["name", "note"],
            rows: [
                ["Acme, Inc.", #"said "no""#],
                ["two\nlines", "plain"],
            ])
        #expect(text == "name,note\r\n\"Acme, Inc.\",\"said \"\"no\"\"\"\r\n\"two\nlines\",plain\r\n")
    }

    @Test func everyRowEndsWithCRLF() throws {
        let text = try CSVExport.text(header: ["a"], rows: [["1"], ["2"]])
        #expect(text == "a\r\n1\r\n2\r\n")
    }

    @Test func rowOfOneEmptyCellIsNotABlankLine() throws {
        let text = try CSVExport.text(header: ["note"], rows: [[""], ["x"]])
        #expect(try CSVFileTests.records(text).map(\.fields) == [["note"], [""], ["x"]])
    }

    @Test func formulaCellsAreNeutralisedInTheOutput() throws {
        let text = try CSVExport.text(header: ["name"], rows: [["=cmd|' /C calc'!A0"], ["-1"]])
        #expect(text == "name\r\n'=cmd|' /C calc'!A0\r\n'-1\r\n")
    }

    @Test(arguments: [
        "Acme, Inc.", #"say "hi""#, "line\nbreak", "crlf\r\ninside", "lone\rcr", "Müller KI GmbH",
        ",\u{301} a comma carrying a combining mark", "\"\u{301} a quote carrying a combining mark", "",
    ])
    func everyCellReadsBackWhole(cell: String) throws {
        // Given a row written by CSVExport, when our strict reader reads it, then it has the same two cells
        let text = try CSVExport.text(header: ["cell", "after"], rows: [[cell, "next"]])
        let records = try CSVFileTests.records(text)
        #expect(records.map(\.fields) == [["cell", "after"], [cell, "next"]])
    }

    @Test func reportCSVNeutralisesARecipientNamedLikeAFormula() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, "=IMPORTXML(\"http://x.example\",\"//a\")")
        let csv = try ReportRenderer().render(try tracker.report(asOf: Fixture.today), as: .csv)
        let rows = try CSVFileTests.records(csv).map(\.fields)
        #expect(rows.first == ReportRenderer.caseColumns)
        #expect(rows.first?.contains("state") == true)
        #expect(rows.last?.first == "'=IMPORTXML(\"http://x.example\",\"//a\")")
    }
}

// MARK: - Listings

@Suite struct ListingTests {
    /// The JSON text parsed: an array of objects.
    static func objects(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(parsed as? [[String: Any]], sourceLocation: sourceLocation)
    }

    @Test func jsonIsValidAndKeepsEveryCharacter() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t control \u{1} separator \u{2028} Müller 東京 😀"
        let listing = Listing(columns: ["id", "name"], rows: [[.number(1), .text(tricky)]])
        let objects = try Self.objects(try listing.render(.json))
        #expect(objects.count == 1)
        #expect(objects.first?["name"] as? String == tricky)
        #expect(objects.first?["id"] as? Int == 1)
    }

    @Test func jsonKeepsMissingValuesAsNull() throws {
        let listing = Listing(columns: ["email", "count"], rows: [[.text(nil), .number(nil)]])
        let object = try #require(try Self.objects(listing.json).first)
        #expect(object.keys.sorted() == ["count", "email"])
        #expect(object["email"] is NSNull)
        #expect(object["count"] is NSNull)
    }

    @Test func jsonOfNoRowsIsAnEmptyArray() throws {
        #expect(try Self.objects(Listing(columns: ["id"], rows: []).json).isEmpty)
    }

    @Test func recipientListingJSONHasTheKeysTheSpecNames() throws {
        let tracker = try Fixture.oneDraftCase()
        let objects = try Self.objects(try tracker.recipientListing().render(.json))
        let object = try #require(objects.first)
        for key in ["id", "name", "category", "country", "email", "contact", "parent"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["name"] as? String == Fixture.recipient)
        #expect(object["country"] is NSNull)
    }

    @Test func historyJSONHasTheKeysTheSpecNames() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let objects = try Self.objects(try tracker.history(recipient: Fixture.recipient).render(.json))
        #expect(objects.count == 2)
        for key in ["at", "actor", "campaign", "action", "from_state", "to_state", "note"] {
            #expect(objects.allSatisfy { $0[key] != nil }, "missing \(key)")
        }
        #expect(objects.first?["from_state"] is NSNull)
        #expect(objects.last?["action"] as? String == "notice-sent")
    }

    @Test func overdueJSONHasTheKeysTheSpecNames() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        let object = try #require(try Self.objects(try tracker.overdueListing(asOf: Fixture.today).render(.json)).first)
        for key in [
            "recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["days_overdue"] as? Int == 33)
    }

    @Test func csvListingIsRFC4180WithAHeader() throws {
        let listing = Listing(columns: ["name", "email"], rows: [[.text("Acme, Inc."), .text(nil)]])
        #expect(try listing.render(.csv) == "name,email\r\n\"Acme, Inc.\",\r\n")
    }
}

// MARK: - The status report

@Suite struct ReportRenderingTests {
    /// Two cases on 2026-03-15: Müller KI GmbH notified and 33 days overdue, Acme AI responded with one disclosed work.
    static func tracker() throws -> Tracker {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.addRecipient(tracker, "Acme AI")
        try Fixture.sendNotice(tracker)
        try Fixture.sendNotice(tracker, to: "Acme AI")
        _ = try tracker.recordReply(
            recipient: "Acme AI", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Fixture.completeDisclosure])
        return tracker
    }

    static func json() throws -> [String: Any] {
        let tracker = try tracker()
        let text = try ReportRenderer().render(try tracker.report(asOf: Fixture.today), as: .json)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func reportJSONHasTheTopLevelKeysOfSection4() throws {
        let json = try Self.json()
        for key in ["as_of", "campaigns", "totals", "overdue", "disclosures", "cases"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["as_of"] as? String == "2026-03-15")
        #expect((json["campaigns"] as? [Any])?.count == 1)
    }

    @Test func reportJSONTotalsCountEveryState() throws {
        let totals = try #require(try Self.json()["totals"] as? [String: Any])
        #expect(totals["recipients"] as? Int == 2)
        #expect(totals["cases"] as? Int == 2)
        #expect(totals["overdue"] as? Int == 1)
        let byState = try #require(totals["by_state"] as? [String: Int])
        #expect(
            byState == [
                "draft": 0, "notified": 1, "acknowledged": 0, "incomplete": 0, "responded": 1,
                "refused": 0, "escalated": 0, "resolved": 0,
            ])
    }

    @Test func reportJSONListsOverdueCasesWithTheirDays() throws {
        let overdue = try #require(try Self.json()["overdue"] as? [[String: Any]])
        #expect(overdue.count == 1)
        let first = try #require(overdue.first)
        for key in [
            "recipient", "recipient_id", "category", "campaign", "state", "sent_on", "deadline", "days_overdue",
        ] {
            #expect(first[key] != nil, "missing \(key)")
        }
        #expect(first["recipient"] as? String == Fixture.recipient)
        #expect(first["days_overdue"] as? Int == 33)
        #expect(first["deadline"] as? String == "2026-02-10")
    }

    @Test func reportJSONHasTheDisclosureTotals() throws {
        let disclosures = try #require(try Self.json()["disclosures"] as? [String: Any])
        #expect(disclosures["works"] as? Int == 1)
        #expect(disclosures["copies"] as? Int == 3)
        #expect(disclosures["copies_still_held"] as? Int == 0)
        let methods = try #require(disclosures["by_access_method"] as? [String: Int])
        #expect(methods["web-scrape"] == 1)
        #expect(Set(methods.keys).isSuperset(of: AccessMethod.allCases.map(\.rawValue)))
    }

    @Test func reportJSONCasesHaveEveryKeyWithNullDaysOverdueWhenNotOverdue() throws {
        let cases = try #require(try Self.json()["cases"] as? [[String: Any]])
        #expect(cases.count == 2)
        for item in cases {
            for key in [
                "recipient", "category", "campaign", "state", "sent_on", "deadline", "days_overdue", "last_reply_on",
                "missing",
            ] {
                #expect(item[key] != nil, "missing \(key)")
            }
        }
        let acme = try #require(cases.first { $0["recipient"] as? String == "Acme AI" })
        let mueller = try #require(cases.first { $0["recipient"] as? String == Fixture.recipient })
        #expect(acme["days_overdue"] is NSNull)
        #expect(acme["state"] as? String == "responded")
        #expect(acme["last_reply_on"] as? String == "2026-02-01")
        #expect((acme["missing"] as? [String])?.isEmpty == true)
        #expect(mueller["days_overdue"] as? Int == 33)
        #expect(mueller["last_reply_on"] is NSNull)
        #expect(mueller["category"] as? String == "ai-developer")
        #expect(mueller["sent_on"] as? String == "2026-01-10")
    }

    @Test func markdownReportShowsEveryStateWithItsCount() throws {
        let tracker = try Self.tracker()
        let markdown = try ReportRenderer().render(try tracker.report(asOf: Fixture.today), as: .markdown)
        let expected = [
            "draft": 0, "notified": 1, "acknowledged": 0, "incomplete": 0, "responded": 1,
            "refused": 0, "escalated": 0, "resolved": 0,
        ]
        for state in CaseState.allCases {
            #expect(
                markdown.contains("| \(state.rawValue) | \(expected[state.rawValue] ?? -1) |"), "no row for \(state)")
        }
        #expect(
            markdown.contains(
                "| \(Fixture.recipient) | ai-developer | \(Fixture.campaign) | notified | 2026-01-10 | 2026-02-10 | 33 |"
            ))
    }

    @Test func markdownReportEscapesPipesInNames() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker, "Wave | One")
        try Fixture.addRecipient(tracker, "Pipe | Co")
        let markdown = try ReportRenderer().render(try tracker.report(asOf: Fixture.today), as: .markdown)
        #expect(markdown.contains("Pipe \\| Co"))
        #expect(markdown.contains("Wave \\| One"))
        #expect(!markdown.contains("| Pipe | Co |"))
        // Every row of the cases table still has its nine cells.
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("Pipe \\| Co") })
        #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 10)
    }

    @Test func markdownReportSaysWhenNothingIsOverdue() throws {
        let markdown = try ReportRenderer().render(
            try Fixture.oneDraftCase().report(asOf: Fixture.today), as: .markdown)
        #expect(markdown.contains("No case is overdue."))
    }
}
