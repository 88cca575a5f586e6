import Foundation
import Testing

/// Everything that is evidence is sealed: edits made with the `sqlite3` program to notices,
/// replies, disclosures, cases, commands, the guard triggers or the whole history are caught by
/// `verify` and `check`, which name the case, and `letter --verify` trusts sealed digests only.
@Suite struct SealCommandTests {
    static let dropTriggers = "DROP TRIGGER event_is_append_only_update; DROP TRIGGER event_is_append_only_delete; "

    /// One campaign, three AI developers notified; Firm 2 disclosed two works; Firm 3 acknowledged.
    /// Returns the workspace and the text of Firm 1's notice as sent.
    func campaign() throws -> (Workspace, String) {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        for firm in ["Firm 1", "Firm 2", "Firm 3"] {
            try workspace.ok("recipient", "add", firm, "--category", "ai-developer")
        }
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14", "--reference", "HMG-7")
        let works = try workspace.write(
            "works.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            First Song,Ada Artist,GBHMG2400001,web-scrape,3,yes,2023-01-10,,model training
            Second Song,Ben Band,,licensed-dataset,2,no,2023-02-01,2023-08-01,evaluation set

            """)
        try workspace.ok("reply", "Firm 2", "--date", "2024-06-01", "--kind", "disclosure", "--disclosures", works)
        try workspace.ok(
            "reply", "Firm 3", "--date", "2024-06-02", "--kind", "acknowledgement", "--summary", "received")
        return (workspace, try workspace.ok("letter", "Firm 1"))
    }

    /// Runs `sql` on a fresh copy of `original` and expects `verify` and `check` to fail naming `named`.
    func expectCaught(
        _ workspace: Workspace, _ original: Data, _ sql: String, naming named: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try original.write(to: URL(fileURLWithPath: workspace.database))
        _ = try workspace.sqlite(sql)
        let verify = try workspace.run("verify")
        #expect(verify.status == 1 && verify.stdout.isEmpty, "\(sql): \(verify.stdout)", sourceLocation: sourceLocation)
        #expect(
            verify.stderr.hasPrefix("error: the history was altered outside optout: ")
                && verify.stderr.split(separator: "\n").count == 1, "\(sql): \(verify.stderr)",
            sourceLocation: sourceLocation)
        for name in named {
            #expect(verify.stderr.contains(name), "\(sql): \(verify.stderr)", sourceLocation: sourceLocation)
        }
        let check = try workspace.run("check")
        #expect(
            check.status != 0 && check.stdout.contains("history: broken: "), "\(sql): \(check.stdout)",
            sourceLocation: sourceLocation)
        for name in named {
            #expect(check.stdout.contains(name), "\(sql): \(check.stdout)", sourceLocation: sourceLocation)
        }
    }

    @Test func aForgedLetterDigestIsRefusedByLetterVerifyAndNamedByVerify() throws {
        let (workspace, letter) = try campaign()
        let forged = try workspace.write(
            "forged.txt", letter.replacingOccurrences(of: "2024-06-14", with: "2024-12-31"))
        let digest = try workspace.run("letter", "Firm 1", "--verify", forged)
        #expect(digest.status == 1, "a changed letter does not verify")
        // The attacker writes the forged letter's digest into the notice.
        let forgedDigest = try workspace.sqlite("SELECT '\(try sha256(of: forged))'")
        _ = try workspace.sqlite(
            "UPDATE notice SET letter_sha256 = '\(forgedDigest)' WHERE case_id = (SELECT k.id FROM \"case\" k JOIN recipient r ON r.id = k.recipient_id WHERE r.name = 'Firm 1')"
        )
        let before = try workspace.read("optout.sqlite")
        let refused = try workspace.run("letter", "Firm 1", "--verify", forged)
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused.stdout)")
        #expect(
            refused.stderr.hasPrefix("error: the records of Firm 1 in campaign Notice 2024 were altered outside optout")
                && refused.stderr.contains("run `optout verify`") && refused.stderr.split(separator: "\n").count == 1,
            "\(refused.stderr)")
        #expect(try workspace.read("optout.sqlite") == before)
        let verify = try workspace.run("verify")
        #expect(
            verify.status == 1
                && verify.stderr.contains(
                    "the records of the case of Firm 1 in Notice 2024 (case #1) were changed outside optout"),
            "\(verify.stderr)")
        // The other cases' letters still verify: their records are intact.
        let other = try workspace.write("firm3.txt", try workspace.ok("letter", "Firm 3"))
        #expect(try workspace.run("letter", "Firm 3", "--verify", other).status == 0)
    }

    @Test func everyEditOfEvidenceOutsideOptoutIsCaughtAndNamed() throws {
        let (workspace, _) = try campaign()
        #expect(try workspace.ok("verify").contains("The history is intact: 8 events"))
        let original = try workspace.read("optout.sqlite")
        let firm2 = "the case of Firm 2 in Notice 2024 (case #2)"
        let edits: [(String, [String])] = [
            (
                "UPDATE \"case\" SET state = 'resolved', resolution = 'settled' WHERE id = 1",
                [
                    "the case of Firm 1 in Notice 2024 (case #1) was changed outside optout",
                    "state is resolved but its last event left it notified",
                ]
            ),
            (
                "UPDATE \"case\" SET deadline = '2025-01-31' WHERE id = 3",
                [
                    "the case of Firm 3 in Notice 2024 (case #3) was changed outside optout",
                    "deadline is 2025-01-31 but its last event left it 2024-06-14",
                ]
            ),
            (
                "UPDATE disclosure SET copies_made = 0 WHERE title = 'First Song'",
                ["the records of \(firm2) were changed outside optout"]
            ),
            (
                "UPDATE reply SET received_on = '2024-06-20' WHERE case_id = 3",
                ["the records of the case of Firm 3 in Notice 2024 (case #3)"]
            ),
            ("DELETE FROM reply WHERE case_id = 3", ["the records of the case of Firm 3 in Notice 2024 (case #3)"]),
            (
                "DELETE FROM disclosure WHERE title = 'Second Song'",
                ["the records of \(firm2) were changed outside optout"]
            ),
            (
                "INSERT INTO notice (case_id, kind, sent_on, channel, deadline, template, letter_sha256, command_id) VALUES (1, 'reminder', '2024-06-01', 'email', '2024-06-14', 'ai-developer', '\(String(repeating: "a", count: 64))', 4)",
                ["the records of the case of Firm 1 in Notice 2024 (case #1) were changed outside optout"]
            ),
            (
                "INSERT INTO notice (case_id, kind, sent_on, channel, deadline, template, letter_sha256) VALUES (99, 'notice', '2024-06-01', 'email', '2024-06-14', 'ai-developer', 'x')",
                ["notice #4 belongs to no case"]
            ),
            ("DELETE FROM command WHERE id = 5", ["command #5", "was deleted outside optout"]),
            (
                "UPDATE command SET actor = 'mallory' WHERE id = 6",
                ["or its command #6, was changed after it was written"]
            ),
            (Self.dropTriggers + "DELETE FROM event", ["the case of Firm 1 in Notice 2024 (case #1) has no history"]),
            (Self.dropTriggers + "DELETE FROM event WHERE case_id = 3", ["events were removed"]),
            (
                "DROP TRIGGER event_is_append_only_update",
                ["the trigger event_is_append_only_update", "was dropped outside optout"]
            ),
            ("DROP TRIGGER notice_command", ["the trigger notice_command", "was dropped outside optout"]),
            ("DROP VIEW sealed_event", ["the view sealed_event was dropped outside optout"]),
            (
                "DELETE FROM reply WHERE case_id = 3; DELETE FROM notice WHERE case_id = 3; DELETE FROM \"case\" WHERE id = 3",
                ["case #3, which has a history (its last event is #8), was deleted outside optout"]
            ),
            (
                "DROP TRIGGER event_is_append_only_delete; CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event WHEN 0 BEGIN SELECT 1; END;",
                ["the trigger event_is_append_only_delete", "was altered outside optout"]
            ),
            (
                "INSERT INTO \"case\" (campaign_id, recipient_id, state) SELECT 1, id, 'responded' FROM recipient WHERE name = 'Firm 3' AND 0; INSERT INTO recipient (name, name_key, category) VALUES ('Firm 4', 'firm 4', 'ai-developer'); INSERT INTO \"case\" (campaign_id, recipient_id, state) VALUES (1, 4, 'responded')",
                ["the case of Firm 4 in Notice 2024 (case #4) has no history"]
            ),
        ]
        for (sql, named) in edits {
            try expectCaught(workspace, original, sql, naming: named)
        }
        // The catalogue match is derived, rewritten by `catalog import` without an event: not sealed.
        try original.write(to: URL(fileURLWithPath: workspace.database))
        _ = try workspace.sqlite("UPDATE disclosure SET matched_by = 'unknown-work'")
        #expect(try workspace.run("verify").status == 0)
    }

    @Test func undoLeavesTheSealedRecordsIntact() throws {
        let (workspace, _) = try campaign()
        let followUp = try workspace.write(
            "followup.csv",
            """
            title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification
            Second Song,Ben Band,,licensed-dataset,2,no,2023-02-01,2023-08-01,evaluation set and tuning

            """)
        try workspace.ok("reply", "Firm 2", "--date", "2024-06-10", "--kind", "disclosure", "--disclosures", followUp)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NOT NULL") == "1")
        try workspace.ok("undo", "--yes")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM disclosure WHERE superseded_by IS NOT NULL") == "0")
        try workspace.ok("undo", "--yes")  // Firm 3's acknowledgement
        try workspace.ok("undo", "--yes")  // Firm 2's disclosure
        try workspace.ok("undo", "--yes")  // the notices
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM notice") == "0")
        let check = try workspace.run("check")
        #expect(
            check.status == 0 && check.stdout.contains("history: intact, 15 events"), "\(check.stdout)\(check.stderr)")
        // Records reversed by undo are sealed as they now stand: a letter of a case undone back to
        // draft is refused as unlogged, not as altered.
        let letter = try workspace.run("letter", "Firm 3", "--verify", try workspace.write("x.txt", "x"))
        #expect(letter.status == 1 && letter.stderr.contains("no letter is logged"), "\(letter.stderr)")
        // An undo's command is sealed too: clearing what it undoes would make that command undoable twice.
        _ = try workspace.sqlite("UPDATE command SET undoes = NULL WHERE id = (SELECT MAX(id) FROM command)")
        #expect(try workspace.run("verify").stderr.contains("was changed after it was written"))
    }

    func sha256(of path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
