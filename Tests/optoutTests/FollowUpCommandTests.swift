import Foundation
import Testing

/// `campaign follow-up`, `agenda`, `agenda run`, `recipient set` and `due` through the binary.
@Suite struct FollowUpCommandTests {
    /// A campaign with a 30-day window, three firms notified on 2026-01-05 (deadline 2026-02-04),
    /// a ladder, and one firm marked do-not-contact.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Reservation", "--issuer", "Example Music", "--category", "ai-developer",
            "--response-days", "30")
        for name in ["Alpha Labs", "Beta AI", "Counsel Only Corp"] {
            try workspace.ok("recipient", "add", name, "--category", "ai-developer")
        }
        try workspace.ok("notice", "send", "--all", "--date", "2026-01-05")
        try workspace.ok("recipient", "set", "Counsel Only Corp", "--do-not-contact", "--reason", "via counsel")
        try workspace.ok(
            "campaign", "follow-up", "Reservation", "--remind-before", "7", "--remind-after", "3,10",
            "--escalate-after", "21")
        return workspace
    }

    /// What tells whether anything was written: every write is a command row.
    static func written(_ workspace: Workspace) throws -> String {
        try workspace.sqlite(
            "SELECT (SELECT COUNT(*) FROM command), (SELECT COUNT(*) FROM follow_up_step), (SELECT COUNT(*) FROM notice)"
        )
    }

    @Test func aBadLadderIsOneErrorLineAndChangesNothing() throws {
        let workspace = try Self.workspace()
        let before = try Self.written(workspace)
        for arguments in [
            ["--remind-after=-3"], ["--remind-before", "7,3,7"], ["--remind-before", "0", "--remind-after", "0"],
            ["--remind-after", ","], ["--escalate-after", "soon"], ["--off", "--remind-after", "3"], [],
        ] {
            let result = try workspace.run(["campaign", "follow-up", "Reservation"] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(
                result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1, "\(arguments)")
        }
        #expect(try Self.written(workspace) == before)
        #expect(
            try workspace.ok("campaign", "list", "--format", "csv").contains(
                "remind 7 before, 3,10 after; escalate 21 after"))
    }

    @Test func agendaRunWithoutYesOffATerminalListsThenRefuses() throws {
        let workspace = try Self.workspace()
        let before = try Self.written(workspace)
        let result = try workspace.run("agenda", "run", "--as-of", "2026-01-29")
        #expect(result.status != 0)
        #expect(result.stdout.contains("Alpha Labs"))
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("--yes"))
        #expect(try Self.written(workspace) == before)
    }

    @Test func agendaRunDoesItOnceADayAndUndoTakesItBack() throws {
        let workspace = try Self.workspace()
        let listed = try workspace.ok("agenda", "--as-of", "2026-01-29", "--format", "json")
        let rows = try #require(try workspace.json(listed) as? [[String: Any]])
        let reminders = rows.filter { $0["kind"] as? String == "remind" }
        #expect(reminders.compactMap { $0["recipient"] as? String }.sorted() == ["Alpha Labs", "Beta AI"])
        #expect(reminders.first?["due_since"] as? String == "2026-01-28")
        #expect(try workspace.ok("agenda", "--as-of", "2026-01-29").contains("do-not-contact"))
        let first = try workspace.ok("agenda", "run", "--as-of", "2026-01-29", "--yes")
        #expect(
            first.contains("2 reminders logged") && first.contains("1 reminder of do-not-contact recipients skipped"))
        let second = try workspace.ok("agenda", "run", "--as-of", "2026-01-29", "--yes")
        #expect(second.contains("0 reminders logged") && second.contains("nothing was due"))
        // The reminders are those `notice remind` logs: `letter --verify`-able digests in the history.
        #expect(
            try workspace.sqlite("SELECT COUNT(*) FROM notice WHERE kind = 'reminder' AND sent_on = '2026-01-29'")
                == "2")
        let escalated = try workspace.ok("agenda", "run", "--as-of", "2026-02-25", "--yes")
        #expect(escalated.contains("3 cases escalated"))
        #expect(
            try workspace.sqlite("SELECT DISTINCT note FROM event WHERE action = 'escalated'")
                == "follow-up: escalate 21 days after deadline 2026-02-04")
        try workspace.ok("undo", "--yes")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM \"case\" WHERE state = 'escalated'") == "0")
        try workspace.ok("verify")
    }

    @Test func doNotContactIsRefusedByNameAndShownInTheList() throws {
        let workspace = try Self.workspace()
        try workspace.ok("recipient", "add", "Delta Co", "--category", "ai-developer")
        try workspace.ok("recipient", "set", "Delta Co", "--do-not-contact")
        let refused = try workspace.run("notice", "send", "Delta Co", "--date", "2026-01-06")
        #expect(refused.status != 0 && refused.stderr.contains("do-not-contact"))
        let list = try #require(
            try workspace.json(try workspace.ok("recipient", "list", "--format", "json")) as? [[String: Any]])
        #expect(list.filter { $0["do_not_contact"] as? String == "yes" }.count == 2)
        try workspace.ok("recipient", "set", "Delta Co", "--contact-ok")
        try workspace.ok("notice", "send", "Delta Co", "--date", "2026-01-06")
    }

    static var icalendarAvailable: Bool { Workspace.runs(["python3", "-c", "import icalendar"]) }

    /// The `.ics` read by Python's `icalendar`: one all-day event per case, UIDs stable across
    /// runs and when the deadline moves.
    @Test(.enabled(if: icalendarAvailable, "needs Python's icalendar (pip install icalendar); CI installs it"))
    func dueIcsIsReadByARealParserAndKeepsItsUIDs() throws {
        let workspace = try Self.workspace()
        // Characters iCalendar escapes, and a name long enough to be folded inside a UTF-8 sequence.
        let hostile = "Semi; Colon, Back\\slash Ltd " + String(repeating: "Ü", count: 50)
        try workspace.ok("recipient", "add", hostile, "--category", "ai-developer")
        try workspace.ok("notice", "send", hostile, "--date", "2026-01-10")
        let script = """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            assert str(cal['VERSION']) == '2.0' and cal.get('PRODID')
            for event in cal.walk('VEVENT'):
                start = event['DTSTART'].dt
                assert type(start).__name__ == 'date', start
                assert (event['DTEND'].dt - start).days == 1
                assert event.get('DTSTAMP')
                print(event['UID'], start.isoformat(), event['SUMMARY'], sep='|')
            """
        func parsed() throws -> [String] {
            let ics = try workspace.ok("due", "--format", "ics", "--as-of", "2026-01-20")
            #expect(ics.contains("\r\n") && !ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            let path = try workspace.write("due.ics", ics)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return printed.split(separator: "\n").map(String.init)
        }
        let first = try parsed()
        #expect(first.count == 4)
        #expect(first.contains { $0.hasSuffix("|Deadline: \(hostile) (Reservation)") })
        #expect(try parsed() == first)
        try workspace.ok("extend", "Alpha Labs", "--until", "2026-03-01")
        let moved = try parsed()
        let uid = { (lines: [String], name: String) in lines.first { $0.contains(name) }?.split(separator: "|").first }
        #expect(uid(moved, "Alpha Labs") == uid(first, "Alpha Labs"))
        #expect(moved.contains { $0.contains("Alpha Labs") && $0.contains("|2026-03-01|") })
        let within = try workspace.ok("due", "--within", "20", "--as-of", "2026-01-20", "--format", "csv")
        #expect(within.split(separator: "\r\n").count == 4)
    }

    /// A database of the first schema version migrates, and its cases follow the ladder; verify
    /// stays intact before and after a run, and after its undo.
    @Test func anOldDatabaseMigratesAndItsCasesFollowTheLadder() throws {
        let workspace = try Workspace()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/schema-001.sqlite")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: workspace.database))
        try workspace.ok("init")
        try workspace.ok("verify")
        try workspace.ok(
            "campaign", "follow-up", "AI training notice 2024", "--remind-after", "7", "--escalate-after", "30")
        try workspace.ok("recipient", "set", "Quiet Tide AI", "--do-not-contact")
        let ran = try workspace.ok("agenda", "run", "--as-of", "2024-06-25", "--yes")
        // Vector Lyre Labs (incomplete, deadline 2024-06-14) is reminded; Quiet Tide AI is skipped;
        // Müller KI GmbH (deadline 2024-07-15) has no step due yet; Cadenza AI is escalated already.
        #expect(ran.contains("1 reminder logged") && ran.contains("1 reminder of do-not-contact recipients skipped"))
        #expect(ran.contains("Vector Lyre Labs"))
        try workspace.ok("verify")
        let escalated = try workspace.ok("agenda", "run", "--as-of", "2024-07-15", "--yes")
        #expect(escalated.contains("2 cases escalated"))
        try workspace.ok("verify")
        try workspace.ok("undo", "--yes")
        try workspace.ok("verify")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM \"case\" WHERE state = 'escalated'") == "1")
    }
}
