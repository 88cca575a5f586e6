import Foundation
import OptOutKit
import Testing

/// `campaign add --response-business-days|--response-months --calendar`, `extend --by`,
/// `calendar list|show|add` and `optout deadline`, run as a person runs them (SPEC section 7).
@Suite struct DeadlineCommandTests {
    /// A workspace with a campaign on 20 business days in England and one notice, sent
    /// Monday 20 May 2024, a week before the late-May bank holiday.
    func englishCampaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Label", "--category", "ai-developer",
            "--response-business-days", "20", "--calendar", "GB-ENG")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Acme AI", "--campaign", "Wave", "--date", "2024-05-20")
        return workspace
    }

    /// The refusal is exactly `error` (its case, as the library words it), and nothing changed.
    func expectRefused(
        _ workspace: Workspace, _ arguments: [String], _ error: any OptOutError,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try workspace.sqlite(".dump")
        let run = try workspace.run(arguments)
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(run.stderr == "error: \(error.errorLine)\n", sourceLocation: sourceLocation)
        let after = try workspace.sqlite(".dump")
        #expect(before == after, sourceLocation: sourceLocation)
    }

    @Test func deadlineExplainsTheDaysSkippedAndTheDaysLeft() throws {
        let workspace = try englishCampaign()
        let listed = try workspace.ok("campaign", "list", "--format", "json")
        #expect(listed.contains("20 business days after the notice (GB-ENG)"))
        let text = try workspace.ok("deadline", "Acme AI", "--as-of", "2024-06-10")
        #expect(text.contains("2024-05-27 Mon  Spring Bank Holiday"))
        #expect(text.contains("By the rule: 2024-06-18 (Tuesday)"))
        #expect(text.contains("On 2024-06-10: 8 calendar days left, 6 business days"))
        try workspace.ok("extend", "Acme AI", "--by", "5", "--business-days", "--note", "asked by phone")
        let json = try #require(
            try workspace.json(try workspace.ok("deadline", "Acme AI", "--as-of", "2024-06-27", "--format", "json"))
                as? [String: Any])
        #expect(json["by_rule"] as? String == "2024-06-18")
        #expect(json["deadline"] as? String == "2024-06-25")
        #expect(json["calendar_days_left"] as? Int == -2)
        #expect(json["business_days_left"] as? Int == -2)
        let extensions = try #require(json["extensions"] as? [[String: Any]])
        #expect(extensions.first?["from"] as? String == "2024-06-18")
        #expect(extensions.first?["to"] as? String == "2024-06-25")
        #expect(extensions.first?["note"] as? String == "asked by phone")
        #expect(extensions.first?["actor"] as? String == "paralegal")
        let skipped = try #require(json["skipped"] as? [[String: Any]])
        #expect(skipped.contains { $0["why"] as? String == "Spring Bank Holiday" })
        // Undo takes the extension back; the history verifies before and after.
        try workspace.ok("verify")
        try workspace.ok("undo", "--yes")
        try workspace.ok("verify")
        let undone = try #require(
            try workspace.json(try workspace.ok("deadline", "Acme AI", "--as-of", "2024-06-27", "--format", "json"))
                as? [String: Any])
        #expect(undone["deadline"] as? String == "2024-06-18")
        #expect((undone["extensions"] as? [Any])?.isEmpty == true)
    }

    @Test func aNoticeLevelDeadlineIsSaidToOverrideTheRule() throws {
        let workspace = try englishCampaign()
        try workspace.ok("recipient", "add", "Beta AI", "--category", "ai-developer")
        try workspace.ok(
            "notice", "send", "Beta AI", "--campaign", "Wave", "--date", "2024-05-20", "--deadline", "2024-07-01")
        let json = try #require(
            try workspace.json(try workspace.ok("deadline", "Beta AI", "--as-of", "2024-06-01", "--format", "json"))
                as? [String: Any])
        #expect(json["notice_override"] as? String == "2024-07-01")
        #expect(json["deadline"] as? String == "2024-07-01")
        #expect(try workspace.ok("deadline", "Beta AI", "--as-of", "2024-06-01").contains("set its own deadline"))
        try workspace.ok("campaign", "add", "Fixed", "--issuer", "L", "--category", "other", "--deadline", "2024-07-01")
        try workspace.ok("recipient", "add", "Gamma", "--category", "other")
        try workspace.ok("notice", "send", "Gamma", "--campaign", "Fixed", "--date", "2024-06-04")
        let fixed = try workspace.ok("deadline", "Gamma", "--as-of", "2024-06-28")
        #expect(fixed.contains("Rule: the same date for every notice, 2024-07-01"))
        #expect(fixed.contains("On 2024-06-28: 3 calendar days left, 1 business day"))
    }

    @Test func badInputIsOneErrorLineAndChangesNothing() throws {
        let workspace = try englishCampaign()
        try expectRefused(
            workspace,
            [
                "campaign", "add", "X", "--issuer", "L", "--category", "other", "--response-days", "5", "--calendar",
                "GB-EGN",
            ],
            CalendarError.unknownCalendar(name: "GB-EGN", suggestions: ["GB-ENG"]))
        try expectRefused(
            workspace,
            [
                "campaign", "add", "X", "--issuer", "L", "--category", "other", "--response-days", "5",
                "--response-months", "1",
            ],
            CalendarError.oneRuleNeeded)
        try expectRefused(
            workspace,
            ["campaign", "add", "X", "--issuer", "L", "--category", "other", "--response-months", "0"],
            CalendarError.windowOutOfRange(what: "--response-months", count: 0, most: 120))
        try expectRefused(workspace, ["extend", "Acme AI", "--by", "0"], CalendarError.extendByOutOfRange(count: 0))
        try expectRefused(workspace, ["extend", "Acme AI", "--by=-3"], CalendarError.extendByOutOfRange(count: -3))
        try expectRefused(
            workspace, ["extend", "Acme AI", "--by", "3", "--until", "2024-12-01"], CalendarError.extendNeedsOneOf)
        try expectRefused(workspace, ["extend", "Acme AI"], CalendarError.extendNeedsOneOf)
        let bad = try workspace.write("courts.csv", "date,name\n2024-07-01,Court day\n2024-02-30,Typo\n")
        let run = try workspace.run("calendar", "add", "COURTS", "--from", bad)
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("error: \(bad) was not imported") && run.stderr.contains("line 3"))
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM calendar_holiday") == "0")
        let good = try workspace.write("good.csv", "date,name\n2024-07-01,Court day\n")
        try expectRefused(
            workspace, ["calendar", "add", "gb-eng", "--from", good], CalendarError.builtInName(name: "GB-ENG"))
        try expectRefused(
            workspace, ["calendar", "add", "../x", "--from", good], CalendarError.badName(name: "../x"))
        try expectRefused(
            workspace, ["calendar", "show", "Mars"], CalendarError.unknownCalendar(name: "Mars", suggestions: []))
    }

    @Test func aFirmsOwnCalendarClosesItsDaysAndWeekends() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        // A court holiday on Monday 3 June 2024; an added name is matched in any case.
        let file = try workspace.write("courts.csv", "date,name\n2024-06-03,\"Court holiday, Trinity\"\n")
        #expect(try workspace.ok("calendar", "add", "Courts", "--from", file).contains("1 holiday"))
        let again = try workspace.run("calendar", "add", "COURTS", "--from", file)
        #expect(again.stderr == "error: \(CalendarError.calendarExists(name: "COURTS").errorLine)\n")
        #expect(
            try workspace.ok("calendar", "list", "--format", "csv").contains("Courts,added,1,2024-06-03,2024-06-03"))
        #expect(try workspace.ok("calendar", "show", "courts", "--year", "2024").contains("Court holiday, Trinity"))
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Label", "--category", "ai-developer", "--response-days", "3",
            "--calendar", "courts")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        // Friday 31 May + 3 days = Monday 3 June, the court holiday: Tuesday 4 June.
        let sent = try workspace.ok("notice", "send", "Acme AI", "--campaign", "Wave", "--date", "2024-05-31")
        #expect(sent.contains("deadline 2024-06-04"))
    }

    @Test func businessDaysWithoutACalendarAreMondayToFriday() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Label", "--category", "ai-developer", "--response-business-days",
            "1")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        // A notice on Saturday 25 May 2024 is due Monday 27 May: no calendar, so the bank holiday is a business day.
        let sent = try workspace.ok("notice", "send", "Acme AI", "--campaign", "Wave", "--date", "2024-05-25")
        #expect(sent.contains("deadline 2024-05-27"))
    }

    @Test func anExtensionByDaysCannotReachPastTheLastDateAccepted() throws {
        let workspace = try englishCampaign()
        try workspace.ok("recipient", "add", "Far AI", "--category", "ai-developer")
        try workspace.ok(
            "notice", "send", "Far AI", "--campaign", "Wave", "--date", "2024-05-20", "--deadline", "2200-12-20")
        try expectRefused(
            workspace, ["extend", "Far AI", "--by", "30"],
            CalendarError.extendBeyondLatest(deadline: Day(year: 2201, month: 1, day: 19)))
    }
}
