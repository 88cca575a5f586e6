import Foundation
import Testing

/// A deadline counted past the last year a calendar lists holidays for says so: those days were
/// counted as Monday to Friday, and counsel must know that before relying on the date.
@Suite struct CalendarDataEndTests {
    @Test func aDeadlinePastTheCalendarsDataIsFlagged() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        let courts = try workspace.write("courts.csv", "date,name\n2024-12-27,Court vacation day\n")
        try workspace.ok("calendar", "add", "COURTS", "--from", courts)
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Example Music", "--category", "ai-developer",
            "--response-business-days", "20", "--calendar", "COURTS")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Acme AI", "--date", "2024-12-02")

        // 20 business days from 2024-12-02 skip the court day and end on 2024-12-31: within the data.
        let within = try workspace.ok("deadline", "Acme AI", "--as-of", "2024-12-10")
        #expect(within.contains("Court vacation day") && within.contains("By the rule: 2024-12-31"))
        #expect(!within.contains("known up to"))

        // An extension into 2025 reaches past the last year COURTS lists.
        try workspace.ok("extend", "Acme AI", "--until", "2025-01-31")
        let past = try workspace.ok("deadline", "Acme AI", "--as-of", "2024-12-10")
        #expect(past.contains("Note: the holidays of COURTS are known up to 2024-12-31"))
        let json = try #require(
            try workspace.json(try workspace.ok("deadline", "Acme AI", "--as-of", "2024-12-10", "--format", "json"))
                as? [String: Any])
        #expect(json["holidays_known_through"] as? String == "2024-12-31")
    }

    @Test func theBuiltInCalendarsAreKnownThrough2040() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Example Music", "--category", "ai-developer",
            "--response-business-days", "20", "--calendar", "GB-ENG")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Acme AI", "--date", "2024-05-20")
        #expect(!(try workspace.ok("deadline", "Acme AI", "--as-of", "2024-06-10")).contains("known up to"))
        try workspace.ok("extend", "Acme AI", "--until", "2041-01-15")
        #expect(
            try workspace.ok("deadline", "Acme AI", "--as-of", "2024-06-10").contains(
                "Note: the holidays of GB-ENG are known up to 2040-12-31"))
    }

    /// A calendar name edited into the database by hand that names no calendar: the commands that
    /// need it say so in one line and write nothing.
    @Test func aCalendarEditedInThatNamesNothingIsOneErrorLine() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Wave", "--issuer", "Example Music", "--category", "ai-developer",
            "--response-business-days", "20", "--calendar", "GB-ENG")
        try workspace.ok("recipient", "add", "Acme AI", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Beta AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Acme AI", "--date", "2024-05-20")
        _ = try workspace.sqlite("UPDATE campaign SET calendar = 'ZZ-NOPE'")
        let before = try workspace.sqlite("SELECT COUNT(*) FROM event; SELECT COUNT(*) FROM notice")
        for arguments in [
            ["deadline", "Acme AI", "--as-of", "2024-06-10"], ["notice", "send", "Beta AI", "--date", "2024-05-21"],
            ["extend", "Acme AI", "--by", "3", "--business-days"],
        ] {
            let result = try workspace.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(
                result.stderr.hasPrefix("error: ") && result.stderr.contains("ZZ-NOPE")
                    && result.stderr.split(separator: "\n").count == 1, "\(arguments)")
        }
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM event; SELECT COUNT(*) FROM notice") == before)
    }
}
