import Foundation
import Testing

/// `notice send|remind --deliver`, `optout delivery` and `letter --verify FILE.eml`, run as a
/// person runs them. (The real transfer agent, msmtp to a local SMTP server, is in `SMTPDeliveryTests`.)
struct DeliveryCommandTests {
    static let from = ["OPTOUT_FROM": "rights@label.example"]

    /// A campaign and three recipients: two with addresses, one without.
    static func workspace() throws -> Workspace {
        let space = try Workspace()
        try space.ok("init")
        try space.ok(
            "campaign", "add", "Reservation 2024", "--issuer", "Plattenfirma Müller", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try space.ok(
            "recipient", "add", "Müller KI GmbH", "--category", "ai-developer", "--email", "legal@mueller-ki.example",
            "--contact", "Jürgen Müller")
        try space.ok(
            "recipient", "add", "Vector Lyre Labs", "--category", "ai-developer", "--email",
            "optout@vector-lyre.example")
        try space.ok("recipient", "add", "No Mail Inc", "--category", "ai-developer")
        return space
    }

    static func errorLines(_ run: Workspace.Run) -> [Substring] {
        run.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
    }

    @Test func emlDirDeliversLogsListsAndVerifies() throws {
        let space = try Self.workspace()
        let sent = try space.run(
            ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "eml-dir:out"], environment: Self.from)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("Delivered and logged 2 notices in campaign Reservation 2024"))
        #expect(sent.stdout.contains("1 case with no e-mail address, skipped"))
        #expect(sent.stdout.contains("No Mail Inc"))
        let files = try FileManager.default.contentsOfDirectory(atPath: space.folder.appendingPathComponent("out").path)
            .sorted()
        #expect(files.count == 2)
        #expect(try space.sqlite("SELECT state FROM \"case\" ORDER BY id") == "notified\nnotified\ndraft")
        let listed = try space.run("delivery", "Müller KI GmbH", "--format", "json")
        #expect(listed.status == 0)
        let rows = try #require(try space.json(listed.stdout) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["address"] as? String == "legal@mueller-ki.example")
        #expect(rows.first?["method"] as? String == "eml-dir")
        let sha = try #require(rows.first?["message_sha256"] as? String)
        let file = try #require(files.first { $0.hasPrefix("M") })
        let bytes = try space.read("out/" + file)
        #expect(try Self.sha256(bytes) == sha)
        let verified = try space.run("letter", "Müller KI GmbH", "--verify", "out/" + file)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("Verified: out/\(file) is the message delivered for the notice"))
        // Another case's message is not this case's.
        let other = try #require(files.first { $0.hasPrefix("V") })
        let wrong = try space.run("letter", "Müller KI GmbH", "--verify", "out/" + other)
        #expect(wrong.status != 0)
        #expect(Self.errorLines(wrong).count == 1)
        #expect(try space.run("verify").status == 0)
        #expect(try space.ok("history", "Müller KI GmbH").contains("delivered"))
        // Sent again to the same folder: nothing is a draft any more but No Mail Inc, which has no address.
        let again = try space.run(
            ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "eml-dir:out"], environment: Self.from)
        #expect(again.status == 0)
        #expect(again.stdout.contains("Delivered and logged 0 notices"))
    }

    @Test func badDeliverySettingsAreOneErrorLineAndChangeNothing() throws {
        let space = try Self.workspace()
        let before = try space.sqlite("SELECT COUNT(*) FROM event") + (try space.sqlite("SELECT COUNT(*) FROM command"))
        let cases: [([String], [String: String])] = [
            (["--deliver", "eml-dir:out"], [:]),  // no OPTOUT_FROM
            (["--deliver", "email"], ["OPTOUT_FROM": "rights@label.example\nBcc: x@y.example"]),
            (["--deliver", "pigeon"], Self.from),
            (["--deliver", "eml-dir:"], Self.from),
            (["--deliver", "email", "--channel", "post"], Self.from),
            (["--deliver", "email"], Self.from.merging(["OPTOUT_SENDMAIL": "sendmail 'unbalanced"]) { $1 }),
            (["--deliver", "email"], Self.from.merging(["OPTOUT_SENDMAIL_TIMEOUT": "soon"]) { $1 }),
        ]
        for (options, environment) in cases {
            let run = try space.run(
                ["notice", "send", "--all", "--date", "2024-05-14"] + options, environment: environment)
            #expect(run.status != 0, "\(options) \(environment)")
            #expect(Self.errorLines(run).count == 1, "\(options): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(options): \(run.stderr)")
        }
        let after = try space.sqlite("SELECT COUNT(*) FROM event") + (try space.sqlite("SELECT COUNT(*) FROM command"))
        #expect(before == after)
        #expect(!FileManager.default.fileExists(atPath: space.folder.appendingPathComponent("out").path))
    }

    @Test func aMissingOrRefusingAgentFailsEachNoticeWithItsOwnLine() throws {
        let space = try Self.workspace()
        let missing = try space.run(
            ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.from.merging(["OPTOUT_SENDMAIL": "/nonexistent/sendmail -t -oi"]) { $1 })
        #expect(missing.status != 0)
        // One line per failed notice, then the summary.
        #expect(Self.errorLines(missing).count == 3, "\(missing.stderr)")
        #expect(missing.stderr.contains("error: Müller KI GmbH: the mail transfer agent"))
        #expect(missing.stderr.contains("2 notices could not be delivered"))
        #expect(try space.sqlite("SELECT COUNT(*) FROM notice") == "0")
        #expect(try space.sqlite("SELECT state FROM \"case\" ORDER BY id") == "draft\ndraft\ndraft")
        let refusing = try space.run(
            ["notice", "send", "Vector Lyre Labs", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.from.merging(["OPTOUT_SENDMAIL": "/bin/sh -c 'cat >/dev/null; echo 554 rejected; exit 1'"]
            ) {
                $1
            })
        #expect(refusing.status != 0)
        #expect(refusing.stderr.contains("refused the message (exit status 1): 554 rejected"))
        #expect(try space.sqlite("SELECT COUNT(*) FROM notice") == "0")
        let hung = try space.run(
            ["notice", "send", "Vector Lyre Labs", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.from.merging(["OPTOUT_SENDMAIL": "sleep 30", "OPTOUT_SENDMAIL_TIMEOUT": "1"]) { $1 })
        #expect(hung.status != 0)
        #expect(hung.stderr.contains("did not finish within 1 s"))
        #expect(try space.sqlite("SELECT COUNT(*) FROM notice") == "0")
    }

    @Test func undoOfAnEmailDeliverySaysItCannotBeRecalled() throws {
        let space = try Self.workspace()
        let sent = try space.run(
            ["notice", "send", "Vector Lyre Labs", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.from.merging(["OPTOUT_SENDMAIL": "/bin/sh -c 'cat > sent.eml'"]) { $1 })
        #expect(sent.status == 0, "\(sent.stderr)")
        let sha = try space.sqlite("SELECT message_sha256 FROM delivery")
        #expect(try Self.sha256(try space.read("sent.eml")) == sha)
        #expect(try space.run("letter", "Vector Lyre Labs", "--verify", "sent.eml").status == 0)
        let undo = try space.run("undo", "--yes")
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("cannot be recalled"))
        #expect(try space.sqlite("SELECT COUNT(*) FROM delivery") == "0")
        #expect(try space.sqlite("SELECT state FROM \"case\" WHERE id = 2") == "draft")
        #expect(try space.run("verify").status == 0)
        // The message no longer matches a logged delivery.
        #expect(try space.run("letter", "Vector Lyre Labs", "--verify", "sent.eml").status != 0)
    }

    @Test func remindersAreDeliveredAndVerified() throws {
        let space = try Self.workspace()
        try space.ok("notice", "send", "--all", "--date", "2024-05-14")
        let reminded = try space.run(
            ["notice", "remind", "--all", "--date", "2024-06-20", "--within", "0", "--deliver", "eml-dir:reminders"],
            environment: Self.from)
        #expect(reminded.status == 0, "\(reminded.stderr)")
        #expect(reminded.stdout.contains("Delivered and logged 2 reminders"))
        let files = try FileManager.default.contentsOfDirectory(
            atPath: space.folder.appendingPathComponent("reminders").path)
        #expect(files.count == 2)
        let file = try #require(files.first { $0.hasPrefix("V") })
        #expect(file.hasSuffix("-reminder-2024-06-20.eml"))
        let verified = try space.run("letter", "Vector Lyre Labs", "--verify", "reminders/" + file)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("the reminder logged"))
        #expect(try space.run("verify").status == 0)
    }

    @Test func letterAllFormatEmlWritesTheDeliveredMessagesByteForByte() throws {
        let space = try Self.workspace()
        #expect(
            try space.run(
                ["notice", "send", "Müller KI GmbH", "--date", "2024-05-14", "--deliver", "eml-dir:out"],
                environment: Self.from
            ).status == 0)
        // Vector Lyre's notice is logged without --deliver: it has no message to write.
        try space.ok("notice", "send", "Vector Lyre Labs", "--date", "2024-05-14")
        let written = try space.run("letter", "--all", "--output-dir", "again", "--format", "eml")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("Wrote 1 letter"))
        #expect(written.stdout.contains("1 letter left out"))
        let sent = try FileManager.default.contentsOfDirectory(atPath: space.folder.appendingPathComponent("out").path)
        let again = try FileManager.default.contentsOfDirectory(
            atPath: space.folder.appendingPathComponent("again").path)
        #expect(sent.count == 1 && again.count == 1)
        let original = try space.read("out/" + (sent.first ?? ""))
        let rewritten = try space.read("again/" + (again.first ?? ""))
        #expect(original == rewritten)
        // Verified without naming the recipient.
        let verified = try space.run("letter", "--verify", "again/" + (again.first ?? ""))
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("for Müller KI GmbH"))
        let other = try space.write(
            "other.eml", "From: x@y.example\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nhi\r\n")
        let unknown = try space.run("letter", "--verify", other)
        #expect(unknown.status != 0)
        #expect(Self.errorLines(unknown).count == 1)
    }

    @Test func aDatabaseEditedAfterDeliveryFailsVerify() throws {
        let space = try Self.workspace()
        #expect(
            try space.run(
                ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "eml-dir:out"], environment: Self.from
            ).status == 0)
        _ = try space.sqlite("UPDATE delivery SET address = 'someone-else@x.example' WHERE id = 1")
        let verify = try space.run("verify")
        #expect(verify.status != 0)
        #expect(Self.errorLines(verify).count == 1)
    }

    static func sha256(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: data)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
