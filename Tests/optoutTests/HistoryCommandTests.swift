import Foundation
import Testing

/// The promises about records, proved by running `optout` as users (and an adversary) would:
/// concurrent writers, a killed import, tampering with the `sqlite3` program, backup, check,
/// undo, and a database from the first schema version.
@Suite struct HistoryCommandTests {
    /// A campaign with `count` notified AI developers named `Firm 1` … `Firm N`.
    func notified(_ count: Int) throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        let rows = (1...count).map { "Firm \($0),ai-developer" }.joined(separator: "\n")
        try workspace.ok("recipient", "import", try workspace.write("firms.csv", "name,category\n\(rows)\n"))
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        return workspace
    }

    @Test(.timeLimit(.minutes(5)))
    func eightProcessesAtOnceEachRecordingTwentyFiveRepliesLoseNothing() throws {
        let workspace = try notified(200)
        let failures = ConcurrentFailures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<25 {
                let firm = "Firm \(worker * 25 + index + 1)"
                do {
                    let result = try workspace.run(
                        "reply", firm, "--date", "2024-06-01", "--kind", "acknowledgement",
                        environment: ["OPTOUT_ACTOR": "clerk-\(worker)"])
                    if result.status != 0 { failures.add("\(firm): \(result.stderr)") }
                } catch {
                    failures.add("\(firm): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM reply") == "200")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM \"case\" WHERE state = 'acknowledged'") == "200")
        #expect(
            try workspace.sqlite("SELECT COUNT(DISTINCT actor) FROM event WHERE action = 'reply-acknowledgement'")
                == "8")
        let verify = try workspace.run("verify")
        #expect(
            verify.status == 0 && verify.stdout.contains("The history is intact: 600 events"),
            "\(verify.stdout)\(verify.stderr)")
    }

    @Test(.timeLimit(.minutes(5)))
    func anImportKilledAtAnyMomentLeavesNoneOrAllOfItsRows() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        var text = "name,category,country\n"
        text.reserveCapacity(200_000 * 32)
        for index in 1...200_000 { text += "Firm \(index),ai-developer,DE\n" }
        let file = try workspace.write("firms.csv", text)
        for delay in [0.05, 0.3, 1.0, 2.5] {
            let (process, _, _) = try workspace.start(["recipient", "import", file])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try workspace.run("check")
            #expect(check.status == 0, "after a kill at \(delay) s: \(check.stdout)\(check.stderr)")
            let recipients = try workspace.sqlite("SELECT COUNT(*) FROM recipient")
            let cases = try workspace.sqlite("SELECT COUNT(*) FROM \"case\"")
            let events = try workspace.sqlite("SELECT COUNT(*) FROM event")
            #expect(
                [["0", "0", "0"], ["200000", "200000", "200000"]].contains([recipients, cases, events]),
                "after a kill at \(delay) s: \(recipients) recipients, \(cases) cases, \(events) events")
            if recipients != "0" { break }
        }
    }

    @Test func tamperingWithTheSqlite3ProgramIsDetectedAndNamed() throws {
        let workspace = try notified(3)
        try workspace.ok("reply", "Firm 2", "--date", "2024-06-01", "--kind", "refusal")
        let intact = try workspace.ok("verify")
        #expect(intact.contains("The history is intact: 7 events"))
        let original = try workspace.read("optout.sqlite")
        let dropTriggers = "DROP TRIGGER event_is_append_only_update; DROP TRIGGER event_is_append_only_delete;"
        let edits: [(String, String)] = [
            (
                "UPDATE event SET to_state = 'responded' WHERE action = 'reply-refusal'",
                "event #7 (Firm 2 in Notice 2024, reply-refusal, recorded "
            ),
            ("DELETE FROM event WHERE id = 5", "events were removed between event #4 and event #6"),
            (
                "INSERT INTO event (case_id, at, actor, action, from_state, to_state) VALUES (1, '2024-06-02T09:00:00Z', 'mallory', 'reply-no-use', 'notified', 'responded')",
                "event #8 (Firm 1 in Notice 2024, reply-no-use, recorded 2024-06-02T09:00:00Z by mallory) carries no seal"
            ),
        ]
        for (sql, named) in edits {
            try Data(original).write(to: URL(fileURLWithPath: workspace.database))
            _ = try workspace.sqlite(dropTriggers + sql)
            let verify = try workspace.run("verify")
            #expect(verify.status != 0 && verify.stderr.hasPrefix("error: the history was altered outside optout: "))
            #expect(verify.stderr.contains(named), "\(sql): \(verify.stderr)")
            let check = try workspace.run("check")
            #expect(check.status != 0 && check.stdout.contains("history: broken: ") && check.stdout.contains(named))
        }
    }

    @Test func backupIsAConsistentPrivateCopyAndNeverOverwrites() throws {
        let workspace = try notified(40)
        // Writers go on while the backup is taken.
        let writers = DispatchGroup()
        for worker in 1...4 {
            DispatchQueue.global().async(group: writers) {
                for index in 0..<10 {
                    _ = try? workspace.run(
                        "reply", "Firm \(worker * 10 - index)", "--date", "2024-06-01", "--kind", "refusal")
                }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let backup = workspace.folder.appendingPathComponent("copy.sqlite").path
        let result = try workspace.run("backup", backup)
        writers.wait()
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM reply") == "40")
        #expect(result.status == 0 && result.stdout.contains("Backed up"), "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: backup)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let check = try workspace.run("check", "--db", backup)
        #expect(check.status == 0 && check.stdout.contains("history: intact"), "\(check.stdout)")
        let copy = try workspace.read("copy.sqlite")
        let again = try workspace.run("backup", backup)
        #expect(again.status != 0 && again.stderr.hasPrefix("error: cannot back up to \(backup): it already exists"))
        #expect(try workspace.read("copy.sqlite") == copy)
    }

    @Test func undoSaysWhatItWillReverseAndNeedsYes() throws {
        let workspace = try notified(2)
        try workspace.ok("reply", "Firm 1", "--date", "2024-06-01", "--kind", "refusal", "--summary", "was for Firm 2")
        let before = try workspace.read("optout.sqlite")
        let asked = try workspace.run("undo")
        #expect(asked.status != 0 && asked.stderr.hasPrefix("error: nothing was reversed; run `optout undo --yes`"))
        #expect(
            asked.stdout.contains("Firm 1 in Notice 2024: reply-refusal of 2024-06-01")
                && asked.stdout.contains("refused → back to notified"))
        #expect(try workspace.read("optout.sqlite") == before)
        let done = try workspace.run("undo", "--yes")
        #expect(
            done.status == 0
                && done.stdout.contains(
                    "Reversed `optout reply \"Firm 1\" --date 2024-06-01 --kind refusal --summary \"was for Firm 2\"`")
        )
        #expect(try workspace.sqlite("SELECT state FROM \"case\" WHERE recipient_id = 1") == "notified")
        let history = try workspace.ok("history", "Firm 1", "--format", "json")
        let events = try #require(try workspace.json(history) as? [[String: Any]])
        #expect(events.first { $0["action"] as? String == "reply-refusal" }?["undone_by"] as? String == "paralegal")
        #expect(events.last?["action"] as? String == "undone")
        #expect(try workspace.run("verify").status == 0)
    }

    @Test func aDatabaseFromTheFirstSchemaVersionIsMigratedWithEveryRecord() throws {
        let workspace = try Workspace()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/schema-001.sqlite")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: workspace.database))
        let tables = ["campaign", "recipient", "\"case\"", "notice", "reply", "disclosure", "event"]
        let columns = [
            "campaign": "id, name, issuer, category, deadline, response_days, requests, template",
            "recipient": "id, name, category, country, email, contact, parent",
            "\"case\"": "id, campaign_id, recipient_id, state, sent_on, deadline, last_reply_on, resolution",
            "notice": "id, case_id, sent_on, channel, reference, deadline, template, letter_sha256",
            "reply": "id, case_id, received_on, kind, summary",
            "disclosure":
                "id, reply_id, case_id, title, artist, isrc, access_method, copies_made, copies_exist, held_from, held_until, justification, missing, superseded_by",
            "event": "id, case_id, at, actor, action, from_state, to_state, on_date, note",
        ]
        var before: [String: String] = [:]
        for table in tables {
            before[table] = try workspace.sqlite("SELECT \(columns[table] ?? "*") FROM \(table) ORDER BY id")
        }
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM event") == "18")

        let migrated = try workspace.run("init")
        #expect(migrated.status == 0, "\(migrated.stderr)")
        for table in tables {
            // The events already written stay as they were; version 5 appends one per case.
            let rows = table == "event" ? " WHERE id <= 18" : ""
            #expect(
                try workspace.sqlite("SELECT \(columns[table] ?? "*") FROM \(table)\(rows) ORDER BY id")
                    == before[table], "\(table)")
        }
        // Version 5 seals each case's records as they stand, in one event per case that says so.
        #expect(
            try workspace.sqlite(
                "SELECT COUNT(*), COUNT(DISTINCT case_id), MIN(id) FROM event WHERE action = 'records-sealed'")
                == "5|5|19")
        #expect(
            try workspace.sqlite(
                "SELECT COUNT(*) FROM event e JOIN \"case\" k ON k.id = e.case_id WHERE e.action = 'records-sealed' AND (e.from_state <> k.state OR e.to_state <> k.state)"
            ) == "0")
        let check = try workspace.run("check")
        #expect(
            check.status == 0 && check.stdout.contains("history: intact, 23 events"), "\(check.stdout)\(check.stderr)")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM event WHERE hash IS NULL") == "0")
        #expect(try workspace.sqlite("SELECT DISTINCT kind FROM notice") == "notice")
        // The migrated database works on: a new reply, then undo of it.
        try workspace.ok(
            "reply", "Quiet Tide AI", "--campaign", "AI training notice 2024", "--date", "2024-06-20",
            "--kind", "no-use")
        try workspace.ok("undo", "--yes")
        #expect(try workspace.ok("verify").contains("25 events"))
        // Sealed from the migration on: a letter's digest changed with sqlite3 no longer verifies.
        _ = try workspace.sqlite(
            "UPDATE notice SET letter_sha256 = '\(String(repeating: "0", count: 64))' WHERE id = 1")
        let verify = try workspace.run("verify")
        #expect(verify.status != 0 && verify.stderr.contains("were changed outside optout"), "\(verify.stderr)")
    }
}

/// Failures collected from concurrent workers.
final class ConcurrentFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
