import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// `notice send|remind --deliver` in the library: what is logged (sealed) for a message that went
/// out, what is not for one that did not, and that verify, undo and `letter --verify` hold.
struct DeliveryTests {
    static let from = MailAddress(local: "rights", domain: "label.example")

    /// A campaign and three recipients: two with addresses (one non-ASCII name), one without.
    static func tracker() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        try tracker.addRecipient(
            Recipient(
                name: "Müller KI GmbH", category: .aiDeveloper, email: "legal@mueller-ki.example",
                contact: "Jürgen Müller"))
        try tracker.addRecipient(
            Recipient(name: "Vector Lyre Labs", category: .aiDeveloper, email: "optout@vector-lyre.example"))
        try tracker.addRecipient(Recipient(name: "No Mail Inc", category: .aiDeveloper))
        return tracker
    }

    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("optout-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func settings(_ method: DeliveryMethod, agent: MailAgent? = nil) -> DeliverySettings {
        let counter = Counter()
        return DeliverySettings(
            from: from, method: method, agent: agent, environment: ProcessInfo.processInfo.environment,
            messageId: { domain in "m\(counter.next())@\(domain)" })
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    static func deliveries(_ tracker: Tracker) throws -> [DeliveryRecord] {
        try tracker.writer.read { db in try DeliveryRecord.order(Column("id")).fetchAll(db) }
    }

    @Test func emlDirWritesTheMessagesAndLogsThemSealed() throws {
        let tracker = try Self.tracker()
        let folder = try Self.folder()
        let outcome = try tracker.deliverNotices(
            to: .allDrafts, campaign: nil, date: Fixture.noticeDay, settings: Self.settings(.emlDir(folder)))
        #expect(outcome.delivered.map(\.recipient) == ["Müller KI GmbH", "Vector Lyre Labs"])
        #expect(outcome.noAddress == ["No Mail Inc"])
        #expect(outcome.failed.isEmpty)
        #expect(try Fixture.theCase(tracker, "No Mail Inc").state == .draft)
        #expect(try Fixture.theCase(tracker, "Müller KI GmbH").state == .notified)
        let logged = try Self.deliveries(tracker)
        #expect(logged.count == 2)
        for (delivery, item) in zip(logged, outcome.delivered) {
            let path = try #require(delivery.agentOutput.split(separator: " ").last.map(String.init))
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(InternetMessage.sha256(of: bytes) == delivery.messageSha256)
            // The body is exactly the letter the notice logs.
            let letter = try tracker.letter(recipient: item.recipient, campaign: nil)
            let body = try #require(InternetMessage.parse(bytes)).body
            #expect(body == Array(letter.letter.text.utf8))
            #expect(letter.letter.sha256 == item.notice.letterSha256)
            let verified = try tracker.verifyMessage(recipient: item.recipient, campaign: nil, file: path)
            #expect(verified.delivery == delivery)
        }
        // The logged header block and the letter give the message again, byte for byte.
        for (delivery, item) in zip(logged, outcome.delivered) {
            let path = try #require(delivery.agentOutput.split(separator: " ").last.map(String.init))
            let again = try #require(try tracker.deliveredMessage(recipient: item.recipient, campaign: nil))
            #expect(again.bytes == (try Array(Data(contentsOf: URL(fileURLWithPath: path)))))
        }
        #expect(try tracker.deliveredMessage(recipient: "No Mail Inc", campaign: nil) == nil)
        // Each delivery has its own sealed event, and the whole history verifies.
        let events = try Fixture.events(tracker).filter { $0.action == "delivered" }
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.note?.contains("Message-ID <m") == true })
        _ = try tracker.verifyHistory()
    }

    @Test func anEditedDeliveryBreaksTheSeal() throws {
        let tracker = try Self.tracker()
        let folder = try Self.folder()
        _ = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(folder)))
        _ = try tracker.verifyHistory()
        try tracker.writer.write { db in
            try db.execute(
                sql: "UPDATE delivery SET message_sha256 = ?", arguments: [String(repeating: "0", count: 64)])
        }
        #expect(throws: HistoryBreak.self) { try tracker.verifyHistory() }
        let caseId = try #require(try Fixture.theCase(tracker, "Vector Lyre Labs").id)
        let problem = try tracker.writer.read { db in try tracker.caseSealProblem(Store(db), caseId: caseId) }
        guard case .recordsDiffer = problem else {
            Issue.record("expected the records to differ, got \(String(describing: problem))")
            return
        }
    }

    @Test func aDeletedDeliveryBreaksTheSeal() throws {
        let tracker = try Self.tracker()
        _ = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(try Self.folder())))
        try tracker.writer.write { db in try db.execute(sql: "DELETE FROM delivery") }
        #expect(throws: HistoryBreak.self) { try tracker.verifyHistory() }
    }

    @Test func undoTakesTheWholeCommandBack() throws {
        let tracker = try Self.tracker()
        let before = try Fixture.snapshot(tracker)
        let outcome = try tracker.deliverNotices(
            to: .allDrafts, campaign: nil, date: Fixture.noticeDay, settings: Self.settings(.emlDir(try Self.folder())))
        #expect(outcome.delivered.count == 2)
        let plan = try tracker.undoPlan()
        // Two notices, two deliveries: one command, four events.
        #expect(plan.count == 4)
        #expect(plan.delivered == 0, "files written are not e-mails out of reach")
        try tracker.undo(plan)
        #expect(try Self.deliveries(tracker).isEmpty)
        let after = try Fixture.snapshot(tracker)
        #expect(after.cases == before.cases)
        #expect(after.notices == before.notices)
        _ = try tracker.verifyHistory()
        // Nothing left of that command to undo.
        #expect(throws: UndoError.self) { try tracker.undoPlan() }
    }

    @Test func aRefusingAgentFailsThatNoticeAloneAndLogsNothingForIt() throws {
        let tracker = try Self.tracker()
        let folder = try Self.folder()
        // An agent that takes every message but Vector Lyre's (a shell script: the real transfer
        // agent is tested with msmtp by the command tests).
        let script = """
            file="\(folder)/sent-$$.eml"; cat > "$file"
            if grep -q vector-lyre "$file"; then rm "$file"; echo "550 no such user" >&2; exit 67; fi
            echo queued
            """
        let agent = MailAgent(words: ["/bin/sh", "-c", script], timeout: 20)
        let outcome = try tracker.deliverNotices(
            to: .allDrafts, campaign: nil, date: Fixture.noticeDay, settings: Self.settings(.email, agent: agent))
        #expect(outcome.delivered.map(\.recipient) == ["Müller KI GmbH"])
        #expect(outcome.delivered.first?.delivery.agentStatus == 0)
        #expect(outcome.delivered.first?.delivery.agentOutput == "queued")
        #expect(outcome.failed.map(\.recipient) == ["Vector Lyre Labs"])
        guard case .agentRefused(_, let status, let output)? = outcome.failed.first?.error else {
            Issue.record("expected a refusal, got \(String(describing: outcome.failed.first?.error))")
            return
        }
        #expect(status == 67)
        #expect(output.contains("550"))
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs").state == .draft)
        #expect(try Self.deliveries(tracker).count == 1)
        // What the agent was handed is the message logged.
        let sent = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("sent-") }
        #expect(sent.count == 1)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + (sent.first ?? ""))))
        #expect(InternetMessage.sha256(of: bytes) == (try Self.deliveries(tracker).first?.messageSha256))
        _ = try tracker.verifyHistory()
        // The one refused goes out on a second run.
        let again = try tracker.deliverNotices(
            to: .allDrafts, campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(try Self.folder())))
        #expect(again.delivered.map(\.recipient) == ["Vector Lyre Labs"])
    }

    @Test func aHungAgentTimesOutAndAMissingOneFails() throws {
        let tracker = try Self.tracker()
        let hung = MailAgent(words: ["/bin/sh", "-c", "exec sleep 30"], timeout: 0.5)
        let started = Date()
        let outcome = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.email, agent: hung))
        #expect(Date().timeIntervalSince(started) < 10)
        guard case .agentTimedOut? = outcome.failed.first?.error else {
            Issue.record("expected a timeout, got \(String(describing: outcome.failed.first?.error))")
            return
        }
        let missing = MailAgent(words: ["/nonexistent/sendmail", "-t"])
        let second = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.email, agent: missing))
        #expect(second.failed.first?.error == .agentMissing(command: "/nonexistent/sendmail -t"))
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs").state == .draft)
        #expect(try Self.deliveries(tracker).isEmpty)
        #expect(try Fixture.events(tracker).allSatisfy { $0.action == "registered" })
    }

    @Test func anAgentThatStopsReadingFailsItsMessageAndLeavesSIGPIPEAlone() throws {
        let tracker = try Self.tracker()
        // Exits at once without reading a byte: the write meets a closed pipe.
        let agent = MailAgent(words: ["/bin/sh", "-c", "exec 0<&-; exit 75"], timeout: 20)
        let outcome = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.email, agent: agent))
        guard case .agentRefused(_, 75, _)? = outcome.failed.first?.error else {
            Issue.record("expected a refusal, got \(String(describing: outcome.failed.first?.error))")
            return
        }
        // The test process's SIGPIPE disposition is what it was: programs it starts die of SIGPIPE as usual.
        var action = sigaction()
        sigaction(SIGPIPE, nil, &action)
        #expect(action.__sigaction_handler.sa_handler == nil)
    }

    @Test func anAddressTheFormatCannotCarryFailsThatNotice() throws {
        let tracker = try Self.tracker()
        try tracker.writer.write { db in
            try db.execute(
                sql: "UPDATE recipient SET email = ? WHERE name = 'Vector Lyre Labs'",
                arguments: ["optout@vector-lyre.example\r\nBcc: everyone@x.example"])
        }
        let outcome = try tracker.deliverNotices(
            to: .allDrafts, campaign: nil, date: Fixture.noticeDay, settings: Self.settings(.emlDir(try Self.folder())))
        #expect(outcome.delivered.map(\.recipient) == ["Müller KI GmbH"])
        guard case .addressNotCarried(_, _, .lineBreak)? = outcome.failed.first?.error else {
            Issue.record("expected a refused address, got \(String(describing: outcome.failed.first?.error))")
            return
        }
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let tracker = try Self.tracker()
        let folder = try Self.folder()
        let first = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(folder)))
        let path = try #require(first.delivered.first?.delivery.agentOutput.split(separator: " ").last.map(String.init))
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try tracker.undo(try tracker.undoPlan())
        let second = try tracker.deliverNotices(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(folder)))
        #expect(second.failed.first?.error == .messageFileExists(path: path))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs").state == .draft)
    }

    @Test func remindersAreDeliveredToo() throws {
        let tracker = try Self.tracker()
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        let folder = try Self.folder()
        let outcome = try tracker.deliverReminders(
            to: .named(["Vector Lyre Labs"]), campaign: nil, date: Fixture.actionDay,
            settings: Self.settings(.emlDir(folder)))
        let delivered = try #require(outcome.delivered.first)
        #expect(delivered.notice.kind == .reminder)
        let path = try #require(delivered.delivery.agentOutput.split(separator: " ").last.map(String.init))
        #expect(path.hasSuffix("-reminder-\(Fixture.actionDay).eml"))
        let verified = try tracker.verifyMessage(recipient: "Vector Lyre Labs", campaign: nil, file: path)
        #expect(verified.notice.kind == .reminder)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(text.contains("Subject: Reminder: "))
        _ = try tracker.verifyHistory()
    }

    @Test func aMessageFileIsVerifiedThroughTraceLinesAndLFLineEndsButNotWhenChanged() throws {
        let tracker = try Self.tracker()
        let folder = try Self.folder()
        let outcome = try tracker.deliverNotices(
            to: .named(["Müller KI GmbH"]), campaign: nil, date: Fixture.noticeDay,
            settings: Self.settings(.emlDir(folder)))
        let path = try #require(
            outcome.delivered.first?.delivery.agentOutput.split(separator: " ").last.map(String.init))
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        func file(_ content: [UInt8]) throws -> String {
            let other = folder + "/\(UUID().uuidString).eml"
            try Data(content).write(to: URL(fileURLWithPath: other))
            return other
        }
        let received =
            Array(
                "Received: from localhost by mx.example; Sun, 15 Mar 2026 12:00:00 +0000\r\nReturn-Path: <rights@label.example>\r\n"
                    .utf8) + bytes
        let traced = try tracker.verifyMessage(recipient: "Müller KI GmbH", campaign: nil, file: try file(received))
        #expect(traced.traceLines == 2)
        let lf = bytes.filter { $0 != 0x0D }
        #expect(
            try tracker.verifyMessage(recipient: "Müller KI GmbH", campaign: nil, file: try file(lf)).lineEndsConverted)
        var changed = bytes
        if let index = changed.lastIndex(of: UInt8(ascii: "a")) { changed[index] = UInt8(ascii: "b") }
        #expect(throws: DeliveryError.self) {
            try tracker.verifyMessage(recipient: "Müller KI GmbH", campaign: nil, file: try file(changed))
        }
        #expect(throws: DeliveryError.notAMessage(path: folder + "/x.eml")) {
            try Data("not a message".utf8).write(to: URL(fileURLWithPath: folder + "/x.eml"))
            try tracker.verifyMessage(recipient: "Müller KI GmbH", campaign: nil, file: folder + "/x.eml")
        }
    }

    @Test func aDatabaseBeforeVersion9DigestsAsItDid() throws {
        // A case with no deliveries adds nothing to its digest: the seal's bytes are those of
        // version 5 (the table's rows, then nothing).
        let tracker = try Self.tracker()
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        try tracker.writer.read { db in
            for caseId in try Int64.fetchAll(db, sql: "SELECT id FROM \"case\"") {
                var hasher = RecordsSeal.Hasher()
                for (table, sql) in zip(RecordsSeal.tables, RecordsSeal.oneCaseSQL) {
                    for row in try Row.fetchAll(db, sql: sql, arguments: [caseId]) { hasher.add(row, of: table) }
                }
                #expect(try RecordsSeal.digest(Store(db), caseId: caseId) == hasher.finalize())
            }
        }
    }
}
