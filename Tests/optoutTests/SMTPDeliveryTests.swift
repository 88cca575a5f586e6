import Foundation
import Testing

/// `notice send --deliver email` through a real transfer agent: Debian's msmtp as
/// `$OPTOUT_SENDMAIL`, relaying to a local SMTP server the test starts (Python's aiosmtpd on
/// 127.0.0.1, `Tests/Fixtures/smtp_sink.py`), which keeps every message as it arrived.
///
/// msmtp hands the message over as optout wrote it (it adds no header when Date and Message-ID
/// are there, and the server here adds none): the bytes received are compared whole with the
/// logged digest. A server that adds trace lines (`Received:`) before them is handled by
/// `letter --verify`, which leaves such lines out of the digest.
///
/// Skipped when msmtp or aiosmtpd is missing; CI (`.ci/run`) installs both.
@Suite(.enabled(if: SMTPSink.available, "needs msmtp and Python's aiosmtpd (.ci/run installs them)"))
struct SMTPDeliveryTests {
    static let from = "rights@label.example"

    static func environment(_ sink: SMTPSink) -> [String: String] {
        [
            "OPTOUT_FROM": from,
            "OPTOUT_SENDMAIL":
                "msmtp --host=127.0.0.1 --port=\(sink.port) --from=\(from) --auth=off --tls=off -t -oi",
            "OPTOUT_SENDMAIL_TIMEOUT": "30",
        ]
    }

    static func workspace(_ recipients: [(name: String, email: String, contact: String?)]) throws -> Workspace {
        let space = try Workspace()
        try space.ok("init")
        try space.ok(
            "campaign", "add", "Vorbehalt 2024", "--issuer", "Plattenfirma Müller & Söhne", "--category",
            "ai-developer", "--deadline", "2024-06-14")
        for recipient in recipients {
            var arguments = [
                "recipient", "add", recipient.name, "--category", "ai-developer", "--email", recipient.email,
            ]
            if let contact = recipient.contact { arguments += ["--contact", contact] }
            try space.ok(arguments)
        }
        return space
    }

    /// The logged deliveries, by address: message SHA-256 and Message-ID.
    static func logged(_ space: Workspace) throws -> [String: (sha: String, id: String)] {
        var out: [String: (sha: String, id: String)] = [:]
        for line in try space.sqlite("SELECT address, message_sha256, message_id FROM delivery").split(separator: "\n")
        {
            let parts = line.split(separator: "|").map(String.init)
            if parts.count == 3 { out[parts[0]] = (parts[1], parts[2]) }
        }
        return out
    }

    @Test func messagesArriveAsLoggedAndARefusedRecipientFailsAlone() throws {
        let longName =
            "Ünïcödé Generative Audio Research Laboratories of Greater Zürich — " + String(repeating: "ÆØÅ ", count: 30)
        let space = try Self.workspace([
            ("Müller KI GmbH", "legal@mueller-ki.example", "Jürgen Müller"),
            ("Vector Lyre Labs", "refuse@vector-lyre.example", nil),
            (longName, "optout@long.example", "José Ñúñez"),
        ])
        let received = space.folder.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let sink = try SMTPSink(folder: received.path, refuse: ["refuse@vector-lyre.example"])
        defer { sink.stop() }
        let sent = try space.run(
            [
                "notice", "send", "--all", "--date", "2024-05-14", "--reference", "Zeichen Ü-2024/17", "--deliver",
                "email",
            ],
            environment: Self.environment(sink))
        // The refused one fails, alone, with its own line and the summary; exit non-zero.
        #expect(sent.status != 0)
        let errors = sent.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 2, "\(sent.stderr)")
        #expect(errors.first?.contains("Vector Lyre Labs") == true)
        #expect(sent.stderr.contains("550"))
        #expect(sent.stdout.contains("Delivered and logged 2 notices"))
        #expect(try space.sqlite("SELECT state FROM \"case\" ORDER BY id") == "notified\ndraft\nnotified")
        let logged = try Self.logged(space)
        #expect(logged.count == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: received.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        #expect(files.count == 2)
        for file in files {
            let bytes = try Data(contentsOf: received.appendingPathComponent(file))
            let text = String(decoding: bytes, as: UTF8.self)
            let rcpt = try String(
                contentsOf: received.appendingPathComponent(file.replacingOccurrences(of: ".eml", with: ".rcpt")),
                encoding: .utf8
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            let entry = try #require(logged[rcpt], "a message to \(rcpt) was received but not logged")
            // The bytes received are the bytes logged.
            #expect(try DeliveryCommandTests.sha256(bytes) == entry.sha)
            #expect(text.contains("Message-ID: <\(entry.id)>\r\n"))
            #expect(text.contains("Subject: =?utf-8?B?"), "a non-ASCII subject is an encoded word")
            #expect(!bytes.contains { $0 >= 0x80 })
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
            // letter --verify proves the received message is the one logged.
            let name = rcpt.hasPrefix("legal@") ? "Müller KI GmbH" : longName
            let verified = try space.run("letter", name, "--verify", "received/" + file)
            #expect(verified.status == 0, "\(verified.stderr)")
        }
        #expect(try space.run("verify").status == 0)
    }

    @Test func theServerGoingAwayHalfwayFailsOnlyTheRest() throws {
        let space = try Self.workspace([
            ("Alpha Audio", "a@alpha.example", nil),
            ("Beta Beats", "b@beta.example", nil),
            ("Gamma Grooves", "g@gamma.example", nil),
        ])
        let received = space.folder.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let sink = try SMTPSink(folder: received.path, stopAfter: 1)
        defer { sink.stop() }
        let first = try space.run(
            ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.environment(sink))
        #expect(first.status != 0)
        #expect(first.stdout.contains("Delivered and logged 1 notice "))
        #expect(first.stderr.contains("2 notices could not be delivered"))
        #expect(try space.sqlite("SELECT state FROM \"case\" ORDER BY id") == "notified\ndraft\ndraft")
        #expect(try Self.logged(space).count == 1)
        #expect(try space.run("verify").status == 0)
        // The server back: the rest go out, nothing twice.
        let again = try SMTPSink(folder: received.path, startingAt: 1)
        defer { again.stop() }
        let second = try space.run(
            ["notice", "send", "--all", "--date", "2024-05-14", "--deliver", "email"],
            environment: Self.environment(again))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Delivered and logged 2 notices"))
        let files = try FileManager.default.contentsOfDirectory(atPath: received.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 3)
        let logged = try Self.logged(space)
        #expect(Set(logged.keys) == ["a@alpha.example", "b@beta.example", "g@gamma.example"])
        for file in files {
            let bytes = try Data(contentsOf: received.appendingPathComponent(file))
            #expect(logged.values.contains { $0.sha == (try? DeliveryCommandTests.sha256(bytes)) })
        }
        #expect(try space.run("verify").status == 0)
    }
}

/// The local SMTP server of `Tests/Fixtures/smtp_sink.py`.
final class SMTPSink: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let port: Int

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/smtp_sink.py").path

    static var available: Bool {
        return Workspace.runs(["msmtp", "--version"]) && Workspace.runs(["python3", "-c", "import aiosmtpd"])
    }

    init(folder: String, refuse: [String] = [], stopAfter: Int? = nil, startingAt: Int = 0) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.script, folder]
        for address in refuse { arguments += ["--refuse", address] }
        if let stopAfter { arguments += ["--stop-after", String(stopAfter)] }
        if startingAt > 0 { arguments += ["--first", String(startingAt + 1)] }
        process.arguments = arguments
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The port, on the first line (Python and aiosmtpd can take seconds to start on a busy machine).
        let line = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var text = ""
        DispatchQueue.global().async {
            while !text.contains("\n") {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            line.signal()
        }
        guard line.wait(timeout: .now() + 60) == .success,
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw SinkError.didNotStart(text)
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    enum SinkError: Error { case didNotStart(String) }
}
