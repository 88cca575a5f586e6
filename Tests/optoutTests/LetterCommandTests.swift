import Foundation
import Testing

/// `optout letter`, `notice remind`, `templates` and `--templates`, run as a user would.
@Suite struct LetterCommandTests {
    /// One AI-developer campaign, two recipients, one notified.
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok(
            "recipient", "add", "Vector Labs", "--category", "ai-developer", "--email", "legal@vector.example")
        try workspace.ok("recipient", "add", "Quiet Tide AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14", "--reference", "HMG-7")
        return workspace
    }

    @Test func theLetterAsPrintedVerifiesAndAChangedCopyDoesNot() throws {
        let workspace = try campaign()
        let letter = try workspace.ok("letter", "Vector Labs")
        let file = try workspace.write("sent.txt", letter)
        let stored = try workspace.sqlite("SELECT letter_sha256 FROM notice")
        let before = try workspace.read("optout.sqlite")
        let verified = try workspace.run("letter", "Vector Labs", "--verify", file)
        #expect(verified.status == 0 && verified.stdout.hasPrefix("Verified: ") && verified.stdout.contains(stored))

        _ = try workspace.write("sent.txt", letter.replacingOccurrences(of: "2024-06-14", with: "2024-07-14"))
        let changed = try workspace.run("letter", "Vector Labs", "--verify", file)
        #expect(changed.status == 1 && changed.stdout.isEmpty)
        #expect(changed.stderr.hasPrefix("error: ") && changed.stderr.split(separator: "\n").count == 1)
        #expect(changed.stderr.contains(stored) && changed.stderr.contains("is not the letter logged for Vector Labs"))
        #expect(try workspace.read("optout.sqlite") == before)
    }

    @Test func aReminderIsLoggedShownInTheHistoryAndVerifies() throws {
        let workspace = try campaign()
        try workspace.ok("notice", "send", "Quiet Tide AI", "--date", "2024-05-20")
        let preview = try workspace.ok("letter", "Vector Labs", "--reminder", "--date", "2024-06-20")
        #expect(preview.contains("passed 6 days ago") && preview.contains("Our reference: HMG-7"))
        let sent = try workspace.ok("notice", "remind", "--all", "--date", "2024-06-20", "--within", "0")
        #expect(sent.hasPrefix("Logged 2 reminders in campaign Notice 2024."))
        #expect(
            try workspace.sqlite("SELECT kind, COUNT(*) FROM notice GROUP BY kind ORDER BY kind")
                == "notice|2\nreminder|2")
        #expect(try workspace.sqlite("SELECT DISTINCT state FROM \"case\"") == "notified")
        let digest = try workspace.sqlite(
            """
            SELECT n.letter_sha256 FROM notice n JOIN "case" k ON k.id = n.case_id JOIN recipient r ON r.id = k.recipient_id
            WHERE r.name = 'Vector Labs' AND n.kind = 'reminder'
            """)
        let history = try workspace.ok("history", "Vector Labs")
        #expect(history.contains("reminder-sent") && history.contains(digest))
        let reminder = try workspace.ok("letter", "Vector Labs", "--reminder")
        #expect(reminder == preview)
        let verified = try workspace.run(
            "letter", "Vector Labs", "--verify", try workspace.write("reminder.txt", reminder))
        #expect(verified.status == 0 && verified.stdout.contains("is the reminder logged for Vector Labs"))
    }

    @Test func ownTemplatesFromTheFlagOrTheEnvironment() throws {
        let workspace = try campaign()
        let folder = workspace.folder.appendingPathComponent("our-templates").path
        let exported = try workspace.ok("templates", "--export", folder)
        #expect(exported.contains("Wrote 7 templates") || exported.contains("Wrote 8 templates"))
        // The exported copies are the built-in ones: the logged digest still matches.
        let stored = try workspace.sqlite("SELECT letter_sha256 FROM notice")
        let copy = try workspace.ok("letter", "Vector Labs", "--templates", folder)
        #expect(
            try workspace.run("letter", "Vector Labs", "--verify", try workspace.write("copy.txt", copy)).stdout
                .contains(stored))

        try Data("Dear {{recipient.name}}: reply by {{deadline}}.\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/letters/ai-developer.mustache"))
        #expect(
            try workspace.ok("letter", "Quiet Tide AI", "--templates", folder, "--date", "2024-05-20")
                == "Dear Quiet Tide AI: reply by 2024-06-14.\n")
        let fromEnvironment = try workspace.run(
            ["notice", "send", "Quiet Tide AI", "--date", "2024-05-20"],
            environment: ["OPTOUT_TEMPLATES": folder])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let logged = try workspace.run(["letter", "Quiet Tide AI"], environment: ["OPTOUT_TEMPLATES": folder])
        #expect(logged.stdout == "Dear Quiet Tide AI: reply by 2024-06-14.\n" && logged.stderr.isEmpty)
        // Without the folder the built-in letter prints, and says it is not the one logged.
        let builtIn = try workspace.run("letter", "Quiet Tide AI")
        #expect(
            builtIn.status == 0 && builtIn.stdout.contains("Harmonia")
                && builtIn.stderr.hasPrefix("note: this text differs"))
    }

    @Test func aMissingOrBrokenTemplateIsOneErrorLineAndWritesNothing() throws {
        let workspace = try campaign()
        let folder = workspace.folder.appendingPathComponent("broken").path
        try FileManager.default.createDirectory(atPath: folder + "/letters", withIntermediateDirectories: true)
        try Data("Dear {{recipient.name}},\n\n{{#recipient.email}}\nBy e-mail: {{recipient.email}}\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/letters/ai-developer.mustache"))
        let before = try workspace.read("optout.sqlite")
        let cases: [([String], String)] = [
            (
                ["notice", "send", "Quiet Tide AI", "--date", "2024-05-20", "--templates", folder],
                "error: \(folder)/letters/ai-developer.mustache, line 3: Mustache syntax error: the section {{#recipient.email}} opened there is never closed"
            ),
            (
                ["notice", "remind", "Vector Labs", "--date", "2024-06-20", "--templates", folder],
                "error: the template letters/reminder.mustache is not in \(folder); copy the built-in one there with `optout templates --export DIR`, or add --fallback-to-built-in"
            ),
        ]
        for (arguments, message) in cases {
            let result = try workspace.run(arguments)
            #expect(result.status != 0 && result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(try workspace.read("optout.sqlite") == before)
        }
        // Asked for, the built-in reminder stands in for the one the folder lacks.
        let fallback = try workspace.run(
            "notice", "remind", "Vector Labs", "--date", "2024-06-20", "--templates", folder,
            "--fallback-to-built-in")
        #expect(fallback.status == 0, "\(fallback.stderr)")
    }

    @Test func aCopiedBinaryAloneRendersLettersAndReports() throws {
        let workspace = try campaign()
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent(
            "optout-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let binary = elsewhere.appendingPathComponent("optout")
        try FileManager.default.copyItem(at: Workspace.binary, to: binary)
        for (arguments, expected) in [
            (["letter", "Vector Labs"], "reservation of rights"),
            (["letter", "Vector Labs", "--reminder", "--date", "2024-06-20"], "reminder"),
            (["report", "--as-of", "2024-07-01"], "# Opt-out status report"),
        ] {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments + ["--db", workspace.database]
            process.currentDirectoryURL = elsewhere
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && text.contains(expected), "\(arguments)")
        }
    }
}
