import Foundation
import Testing

/// A campaign of several hundred recipients run through the built binary, checked against
/// states, overdue sets and totals this test works out for itself.
@Suite struct CampaignScenarioTests {
    /// What the test expects of one case.
    struct Expected {
        var name: String
        var campaign: String
        var state: String
        var deadline: String?
    }

    static let ai = "AI Training Notice 2024"
    static let streaming = "Streaming Advisory 2024"

    /// Days from `from` to `to` (both YYYY-MM-DD), counted with Foundation's calendar.
    static func days(_ from: String, _ to: String) -> Int {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let a = formatter.date(from: from), let b = formatter.date(from: to) else { return Int.min }
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }

    static func expectedOverdue(_ cases: [Expected], asOf: String) -> [String: Int] {
        var overdue: [String: Int] = [:]
        for item in cases where ["notified", "acknowledged", "incomplete"].contains(item.state) {
            if let deadline = item.deadline, deadline < asOf {
                overdue["\(item.campaign)|\(item.name)"] = days(deadline, asOf)
            }
        }
        return overdue
    }

    @Test func aCampaignOfSeveralHundredRecipientsEndsInTheStatesTheRepliesLeadTo() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", Self.ai, "--issuer", "Harmonia Music Group", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok(
            "campaign", "add", Self.streaming, "--issuer", "Harmonia Music Group", "--category",
            "streaming-service", "--response-days", "30")

        // Given 250 AI developers and 50 streaming services, imported from one file.
        var csv = "name,category,country,email,contact,parent\r\n"
        var aiNames: [String] = []
        var streamingNames: [String] = []
        for i in 0..<250 {
            let name = i % 25 == 0 ? "Škoda Sound Ärtificial \(i)" : "Firm \(i) Labs"
            aiNames.append(name)
            csv += "\"\(name)\",ai-developer,DE,legal\(i)@firm.example,Counsel \(i),\r\n"
        }
        for j in 0..<50 {
            let name = "Stream, Service \(j)"
            streamingNames.append(name)
            csv += "\"\(name)\",streaming-service,US,,,\r\n"
        }
        let imported = try workspace.ok("recipient", "import", try workspace.write("recipients.csv", csv))
        #expect(imported.contains("300 added, 0 updated, 0 unchanged"))

        let complete = try workspace.write(
            "complete.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            First Song,Ada Artist,GB-HMG-24-00001,web-scrape,3,yes,2023-01-10,,model training
            Second Song,Ben Band,,licensed-dataset,2,no,2023-02-01,2023-08-01,evaluation set

            """)
        let partial = try workspace.write(
            "partial.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            Third Song,Cy Singer,GBHMG2400003,third-party-dataset,4,yes,2023-03-01,,

            """)
        let followUp = try workspace.write(
            "followup.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            Third Song,Cy Singer,gb-hmg-24-00003,third-party-dataset,5,no,2023-03-01,2024-01-31,deduplication research

            """)

        // When the notices go out and the replies come in.
        try workspace.ok("notice", "send", "--all", "--campaign", Self.ai, "--date", "2024-05-14")
        try workspace.ok(
            ["notice", "send", "--campaign", Self.streaming, "--date", "2024-05-20"] + Array(streamingNames[0..<25]))
        try workspace.ok(
            ["notice", "send", "--campaign", Self.streaming, "--date", "2024-06-10"] + Array(streamingNames[25...]))

        var expected: [Expected] = []
        var works = 0
        var copies = 0
        var held = 0
        for (i, name) in aiNames.enumerated() {
            let typed = i % 2 == 0 ? name.uppercased() : "  \(name)  "  // names are matched case-insensitively
            func reply(_ kind: String, _ date: String, _ extra: [String] = []) throws {
                try workspace.ok(["reply", typed, "--campaign", Self.ai, "--date", date, "--kind", kind] + extra)
            }
            var state = "notified"
            var deadline = "2024-06-14"
            switch i % 10 {
            case 1:
                try reply("acknowledgement", "2024-05-20")
                state = "acknowledged"
            case 2:
                try reply("no-use", "2024-06-01")
                state = "responded"
            case 3:
                try reply("refusal", "2024-06-02")
                state = "refused"
            case 4:
                try reply("disclosure", "2024-06-05", ["--disclosures", complete])
                state = "responded"
                works += 2
                copies += 5
                held += 3
            case 5:
                try reply("disclosure", "2024-06-05", ["--disclosures", partial])
                state = "incomplete"
                works += 1
                copies += 4
                held += 4
            case 6:
                try reply("disclosure", "2024-06-05", ["--disclosures", partial])
                try reply("disclosure", "2024-06-20", ["--disclosures", followUp])
                state = "responded"
                works += 1
                copies += 5
            case 7:
                try reply("acknowledgement", "2024-05-21")
                try reply("extension-request", "2024-06-10", ["--summary", "needs until mid-July"])
                try workspace.ok(
                    "extend", typed, "--campaign", Self.ai, "--until", "2024-07-15", "--note", "agreed by phone")
                state = "acknowledged"
                deadline = "2024-07-15"
            case 8:
                try reply("refusal", "2024-06-02")
                try workspace.ok("escalate", typed, "--campaign", Self.ai, "--note", "to outside counsel")
                state = "escalated"
            case 9:
                try reply("no-use", "2024-06-03")
                try workspace.ok("resolve", typed, "--campaign", Self.ai, "--reason", "no-use-confirmed")
                state = "resolved"
            default: break
            }
            expected.append(Expected(name: name, campaign: Self.ai, state: state, deadline: deadline))
        }
        for (j, name) in streamingNames.enumerated() {
            var state = "notified"
            switch j % 3 {
            case 1:
                try workspace.ok(
                    "reply", name, "--date", "2024-06-12", "--kind", "disclosure", "--summary", "measures confirmed")
                state = "responded"
            case 2:
                try workspace.ok("reply", name, "--date", "2024-06-12", "--kind", "acknowledgement")
                state = "acknowledged"
            default: break
            }
            expected.append(
                Expected(
                    name: name, campaign: Self.streaming, state: state,
                    deadline: j < 25 ? "2024-06-19" : "2024-07-10"))
        }

        // Then the database holds those states.
        var expectedCounts: [String: Int] = [:]
        for item in expected { expectedCounts[item.state, default: 0] += 1 }
        let stored = try workspace.sqlite("SELECT state || '=' || COUNT(*) FROM \"case\" GROUP BY state ORDER BY state")
        let storedCounts = Dictionary(
            uniqueKeysWithValues: stored.split(separator: "\n").compactMap { line -> (String, Int)? in
                let parts = line.split(separator: "=")
                guard parts.count == 2, let count = Int(parts[1]) else { return nil }
                return (String(parts[0]), count)
            })
        #expect(storedCounts == expectedCounts)

        // And the overdue list and the report agree with what the test works out, on two dates.
        for asOf in ["2024-07-01", "2024-07-20"] {
            let overdue = try #require(
                try workspace.json(try workspace.ok("overdue", "--as-of", asOf, "--format", "json")) as? [[String: Any]]
            )
            var listed: [String: Int] = [:]
            var previous = Int.max
            for item in overdue {
                let days = try #require(item["days_overdue"] as? Int)
                #expect(days <= previous, "overdue is listed most days overdue first")
                previous = days
                listed["\(item["campaign"] as? String ?? "")|\(item["recipient"] as? String ?? "")"] = days
            }
            #expect(listed == Self.expectedOverdue(expected, asOf: asOf))

            let report = try #require(
                try workspace.json(try workspace.ok("report", "--as-of", asOf, "--format", "json")) as? [String: Any])
            let totals = try #require(report["totals"] as? [String: Any])
            let byState = try #require(totals["by_state"] as? [String: Int])
            for state in [
                "draft", "notified", "acknowledged", "incomplete", "responded", "refused", "escalated", "resolved",
            ] {
                #expect(byState[state] == expectedCounts[state, default: 0], "by_state.\(state)")
            }
            #expect(totals["cases"] as? Int == 300)
            #expect(totals["recipients"] as? Int == 300)
            #expect(totals["overdue"] as? Int == listed.count)
            let disclosures = try #require(report["disclosures"] as? [String: Any])
            #expect(disclosures["works"] as? Int == works)
            #expect(disclosures["copies"] as? Int == copies)
            #expect(disclosures["copies_still_held"] as? Int == held)
            let cases = try #require(report["cases"] as? [[String: Any]])
            #expect(cases.count == 300)
            let incomplete = cases.filter { $0["state"] as? String == "incomplete" }
            #expect(
                incomplete.allSatisfy {
                    ($0["missing"] as? [String]) == ["Third Song — Cy Singer (GBHMG2400003): justification"]
                })
        }

        // And every action is in the history, in order, with its actor.
        let history = try #require(
            try workspace.json(try workspace.ok("history", aiNames[7], "--format", "json")) as? [[String: Any]])
        #expect(
            history.map { $0["action"] as? String } == [
                "registered", "notice-sent", "reply-acknowledgement",
                "reply-extension-request", "extension-granted",
            ])
        #expect(history.allSatisfy { $0["actor"] as? String == "paralegal" })
        #expect(history.last?["from_state"] as? String == "acknowledged")
        #expect(history.last?["to_state"] as? String == "acknowledged")

        // And the CSV and Markdown reports carry the same cases.
        let reportCSV = try workspace.ok("report", "--as-of", "2024-07-01", "--format", "csv")
        let csvLines = reportCSV.split(separator: "\r\n")
        #expect(csvLines.count == 301)
        #expect(csvLines.first?.split(separator: ",").contains("state") == true)
        let markdown = try workspace.ok("report", "--as-of", "2024-07-01")
        for (state, count) in expectedCounts { #expect(markdown.contains("| \(state) | \(count) |")) }
    }
}
