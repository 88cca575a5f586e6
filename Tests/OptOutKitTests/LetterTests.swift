import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// A small fixed database on the fixture's clock (2026-03-15): an AI-developer campaign with a
/// fixed deadline and a streaming advisory with a 30-day window, recipients with and without
/// contact details, and cases in several states. The golden files were read and checked by hand.
enum Golden {
    static let ai = "AI training notice 2026"
    static let streaming = "Streaming advisory 2026"

    static func tracker(letters: LetterRenderer = LetterRenderer()) throws -> Tracker {
        let tracker = try Tracker.inMemory(actor: Fixture.actor, clock: Fixture.clock, letters: letters)
        _ = try tracker.addCampaign(
            name: ai, issuer: "Harmonia Music Group", category: .aiDeveloper,
            deadline: Fixture.day("2026-02-10"), responseDays: nil, requests: nil, template: nil)
        _ = try tracker.addCampaign(
            name: streaming, issuer: "Harmonia Music Group", category: .streamingService,
            deadline: nil, responseDays: 30, requests: nil, template: nil)
        _ = try tracker.addRecipient(
            Recipient(
                name: "Vector Lyre Labs", category: .aiDeveloper, country: "US",
                email: "legal@vectorlyre.example", contact: "Dana Reyes"))
        _ = try tracker.addRecipient(Recipient(name: "Müller KI GmbH", category: .aiDeveloper, country: "DE"))
        _ = try tracker.addRecipient(Recipient(name: "Quiet Tide AI", category: .aiDeveloper))
        _ = try tracker.addRecipient(
            Recipient(
                name: "Tidewave Music", category: .streamingService, country: "SE",
                contact: "Licensing team"))
        _ = try tracker.sendNotices(
            to: .allDrafts, campaign: ai, date: Fixture.day("2026-01-10"), reference: "HMG-2026-001")
        _ = try tracker.sendNotices(
            to: .named(["Tidewave Music"]), campaign: streaming, date: Fixture.day("2026-01-20"),
            channel: .courier)
        _ = try tracker.recordReply(
            recipient: "Müller KI GmbH", campaign: ai, date: Fixture.day("2026-01-20"),
            kind: .acknowledgement)
        _ = try tracker.recordReply(
            recipient: "Vector Lyre Labs", campaign: ai, date: Fixture.day("2026-01-25"),
            kind: .disclosure,
            disclosures: [
                DisclosureInput(
                    title: "Midnight Harbour", artist: "The Lanterns", isrc: "GBAYE2400001",
                    accessMethod: .webScrape, copiesMade: 3, copiesExist: true,
                    heldFrom: Fixture.day("2023-01-10"), justification: "model training"),
                DisclosureInput(
                    title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService,
                    copiesExist: false, heldFrom: Fixture.day("2023-02-01"),
                    heldUntil: Fixture.day("2023-08-01")),
            ])
        return tracker
    }

    /// `Tests/OptOutKitTests/Golden/NAME`. With OPTOUT_UPDATE_GOLDEN=1 the file is rewritten
    /// from `text` (then read the diff before committing it).
    static func expect(_ text: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["OPTOUT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        if text != golden {
            let ours = text.components(separatedBy: "\n")
            let theirs = golden.components(separatedBy: "\n")
            let line =
                (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
            Issue.record(
                """
                \(name) differs from the golden file at line \(line + 1):
                  rendered: \(line < ours.count ? ours[line] : "<end>")
                  golden:   \(line < theirs.count ? theirs[line] : "<end>")
                """, sourceLocation: sourceLocation)
        }
    }
}

@Suite struct LetterGoldenTests {
    @Test func aiDeveloperNoticeWithEveryContactDetail() throws {
        let letter = try Golden.tracker().letter(recipient: "Vector Lyre Labs", campaign: Golden.ai)
        try Golden.expect(letter.letter.text, matches: "ai-developer.txt")
        #expect(letter.logged?.letterSha256 == letter.letter.sha256)
    }

    @Test func aiDeveloperNoticeLeavesOutDetailsTheRecipientLacks() throws {
        let letter = try Golden.tracker().letter(recipient: "Quiet Tide AI", campaign: Golden.ai).letter
        try Golden.expect(letter.text, matches: "ai-developer-bare.txt")
        #expect(!letter.text.contains("nil") && !letter.text.contains("Attn:") && !letter.text.contains("By e-mail:"))
    }

    @Test func streamingServiceAdvisory() throws {
        let letter = try Golden.tracker().letter(recipient: "Tidewave Music", campaign: Golden.streaming)
        try Golden.expect(letter.letter.text, matches: "streaming-service.txt")
        #expect(letter.logged?.letterSha256 == letter.letter.sha256)
    }

    @Test func reminderAfterTheDeadlineListsWhatIsStillMissing() throws {
        let tracker = try Golden.tracker()
        let letter = try tracker.letter(
            recipient: "Vector Lyre Labs", campaign: Golden.ai, date: Fixture.day("2026-02-20"),
            reminder: true
        ).letter
        try Golden.expect(letter.text, matches: "reminder-overdue-incomplete.txt")
        #expect(
            letter.text.contains("passed 10 days ago")
                && letter.text.contains("Copper Skies — Nora Vale: how many copies were made; why it was necessary"))
    }

    @Test func reminderBeforeTheDeadlineOfAnAdvisory() throws {
        let tracker = try Golden.tracker()
        let letter = try tracker.letter(
            recipient: "Tidewave Music", campaign: Golden.streaming, date: Fixture.day("2026-02-15"),
            reminder: true
        ).letter
        try Golden.expect(letter.text, matches: "reminder-due-advisory.txt")
        #expect(letter.text.contains("falls in 4 days") && !letter.text.contains("disclos"))
    }

    @Test func markdownReport() throws {
        let report = try Golden.tracker().report(asOf: Fixture.day("2026-03-01"))
        try Golden.expect(try ReportRenderer().markdown(report), matches: "report.md")
    }
}

@Suite struct LetterTests {
    @Test func valuesThatLookLikeMustacheArePrintedAsTheyAre() throws {
        let tracker = try Golden.tracker()
        let name = "{{#x}}{{/x}} Labs {{issuer}} {{{raw}}} {{>partial}}"
        _ = try tracker.addRecipient(Recipient(name: name, category: .aiDeveloper, contact: "{{recipient.name}}"))
        _ = try tracker.sendNotices(
            to: .named([name]), campaign: Golden.ai, date: Fixture.day("2026-01-12"),
            reference: "{{date}}")
        let text = try tracker.letter(recipient: name, campaign: Golden.ai).letter.text
        #expect(text.contains("To: \(name)\nAttn: {{recipient.name}}\n"))
        #expect(text.contains("Our reference: {{date}}\n"))
    }

    @Test func absentDetailsAreLeftOutNotPrintedAsNil() throws {
        let tracker = try Golden.tracker()
        for name in ["Müller KI GmbH", "Quiet Tide AI"] {
            for reminder in [false, true] {
                let text = try tracker.letter(recipient: name, campaign: Golden.ai, reminder: reminder).letter.text
                #expect(!text.contains("nil"), "\(name) \(reminder ? "reminder" : "notice")")
            }
        }
    }

    @Test func printedLetterIsTheLoggedOneUntilAnotherDateIsAsked() throws {
        let tracker = try Golden.tracker()
        let logged = try tracker.letter(recipient: "Müller KI GmbH", campaign: Golden.ai)
        #expect(logged.letter.text.contains("2026-01-10\nOur reference: HMG-2026-001\n"))
        let other = try tracker.letter(
            recipient: "Müller KI GmbH", campaign: Golden.ai, date: Fixture.day("2026-03-01"))
        #expect(other.logged == nil && other.letter.sha256 != logged.letter.sha256)
    }

    // MARK: - Reminders

    @Test func reminderIsLoggedWithItsDigestAndLeavesTheCaseAsItWas() throws {
        let tracker = try Golden.tracker()
        let before = try Fixture.theCase(tracker, "Vector Lyre Labs", campaign: Golden.ai)
        let sent = try tracker.sendReminders(
            to: .named(["Vector Lyre Labs"]), campaign: Golden.ai, date: Fixture.day("2026-02-20"))
        let notice = try #require(sent.logged.first?.notice)
        #expect(notice.kind == .reminder && notice.template == "reminder" && notice.reference == "HMG-2026-001")
        #expect(notice.deadline == before.deadline)
        #expect(try Fixture.theCase(tracker, "Vector Lyre Labs", campaign: Golden.ai) == before)
        let event = try #require(try Fixture.events(tracker).last)
        #expect(event.action == "reminder-sent" && event.fromState == .incomplete && event.toState == .incomplete)
        #expect(event.note?.contains(notice.letterSha256) == true)
        let printed = try tracker.letter(recipient: "Vector Lyre Labs", campaign: Golden.ai, reminder: true)
        #expect(printed.logged == notice && printed.letter.sha256 == notice.letterSha256)
        // The notice itself is still what `letter` prints without --reminder.
        #expect(try tracker.letter(recipient: "Vector Lyre Labs", campaign: Golden.ai).logged?.kind == .notice)
    }

    @Test func remindingEveryCaseDueSoonTakesOverdueAndDueCasesOnly() throws {
        let tracker = try Golden.tracker()
        // Streaming: Tidewave's deadline is 2026-02-19. On 2026-02-12 with 7 days ahead it is due.
        let due = try tracker.sendReminders(
            to: .dueWithin(days: 7), campaign: Golden.streaming, date: Fixture.day("2026-02-12"))
        #expect(due.logged.map(\.recipient) == ["Tidewave Music"])
        #expect(throws: ReminderError.nothingToRemind(campaign: Golden.streaming, through: Fixture.day("2026-02-18"))) {
            try tracker.sendReminders(
                to: .dueWithin(days: 6), campaign: Golden.streaming, date: Fixture.day("2026-02-12"))
        }
        // AI: every case is past 2026-02-10; Vector (incomplete), Müller (acknowledged), Quiet Tide (notified).
        let overdue = try tracker.sendReminders(
            to: .dueWithin(days: 0), campaign: Golden.ai, date: Fixture.day("2026-03-01"))
        #expect(Set(overdue.logged.map(\.recipient)) == ["Vector Lyre Labs", "Müller KI GmbH", "Quiet Tide AI"])
    }

    @Test(arguments: [CaseState.draft, .responded, .refused, .escalated, .resolved])
    func reminderToACaseThatOwesNoAnswerIsRefusedAndWritesNothing(state: CaseState) throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: state)
        let before = try Fixture.snapshot(tracker)
        #expect(
            throws: CaseError.refused(
                recipient: Fixture.recipient, campaign: Fixture.campaign, state: state, action: .sendReminder)
        ) {
            try tracker.sendReminders(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.actionDay)
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func reminderDatedBeforeTheLastReplyIsRefusedAsItsWordsWouldNotFit() throws {
        let tracker = try Golden.tracker()
        let before = try Fixture.snapshot(tracker)
        // Vector Lyre Labs replied on 2026-01-25; a reminder of 2026-01-22 would speak of that reply.
        #expect {
            try tracker.sendReminders(
                to: .named(["Vector Lyre Labs"]), campaign: Golden.ai, date: Fixture.day("2026-01-22"))
        } throws: { error in
            error as? ReminderError
                == .beforeLastReply(
                    recipient: "Vector Lyre Labs", date: Fixture.day("2026-01-22"), reply: Fixture.day("2026-01-25"))
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func reminderDatedBeforeTheNoticeIsRefused() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        #expect {
            try tracker.sendReminders(to: .named([Fixture.recipient]), campaign: nil, date: Fixture.day("2026-01-09"))
        } throws: { error in
            guard case ReminderError.beforeNotice(Fixture.recipient, Fixture.day("2026-01-09"), _) = error else {
                return false
            }
            return true
        }
    }

    // MARK: - Verifying a letter

    @Test func fileWithTheLoggedTextIsVerifiedAndAnyChangeIsCaught() throws {
        let tracker = try Golden.tracker()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("letters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let letter = try tracker.letter(recipient: "Vector Lyre Labs", campaign: Golden.ai)
        let file = folder.appendingPathComponent("sent.txt")
        try Data(letter.letter.text.utf8).write(to: file)
        let verified = try tracker.verifyLetter(recipient: "Vector Lyre Labs", campaign: Golden.ai, file: file.path)
        #expect(verified.notice == letter.logged)

        // One character changed: a deadline moved by a day.
        try Data(letter.letter.text.replacingOccurrences(of: "2026-02-10", with: "2026-02-11").utf8).write(to: file)
        #expect {
            try tracker.verifyLetter(recipient: "Vector Lyre Labs", campaign: Golden.ai, file: file.path)
        } throws: { error in
            guard
                case LetterError.notTheLoggedLetter(file.path, "Vector Lyre Labs", Golden.ai, let digest, let last, _) =
                    error
            else { return false }
            return digest != letter.letter.sha256 && last.sha256 == letter.letter.sha256
        }
        // Another recipient's letter is not this one's.
        try Data(try tracker.letter(recipient: "Quiet Tide AI", campaign: Golden.ai).letter.text.utf8).write(to: file)
        #expect {
            try tracker.verifyLetter(recipient: "Vector Lyre Labs", campaign: Golden.ai, file: file.path)
        } throws: { error in
            guard case LetterError.notTheLoggedLetter(file.path, "Vector Lyre Labs", Golden.ai, _, _, _) = error else {
                return false
            }
            return true
        }
    }

    @Test func aLoggedReminderVerifiesToo() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.sendReminders(
            to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: Fixture.day("2026-02-20"))
        let reminder = try tracker.letter(recipient: "Quiet Tide AI", campaign: Golden.ai, reminder: true).letter
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("reminder-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(reminder.text.utf8).write(to: file)
        #expect(
            try tracker.verifyLetter(recipient: "Quiet Tide AI", campaign: Golden.ai, file: file.path).notice.kind
                == .reminder)
    }

    @Test func verifyingACaseWithoutALoggedLetterSaysSo() throws {
        let tracker = try Fixture.oneDraftCase()
        #expect {
            try tracker.verifyLetter(recipient: Fixture.recipient, campaign: nil, file: "/dev/null")
        } throws: { error in
            error as? LetterError
                == .noLetterLogged(recipient: Fixture.recipient, campaign: Fixture.campaign, path: "/dev/null")
        }
    }
}

@Suite struct TemplateFolderTests {
    /// A fresh folder holding `files` (path under the folder → text).
    static func folder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    @Test func ownTemplateIsUsedAndItsDigestLogged() throws {
        let folder = try Self.folder([
            "letters/ai-developer.mustache": "To {{recipient.name}}: reply by {{deadline}}.\n"
        ])
        let tracker = try Golden.tracker(letters: LetterRenderer(directory: folder, fallBackToBuiltIn: true))
        let letter = try tracker.letter(recipient: "Quiet Tide AI", campaign: Golden.ai)
        #expect(letter.letter.text == "To Quiet Tide AI: reply by 2026-02-10.\n")
        #expect(letter.logged?.letterSha256 == letter.letter.sha256)
    }

    @Test func templateMissingFromTheFolderIsAnErrorUnlessFallbackIsAsked() throws {
        let folder = try Self.folder(["letters/ai-developer.mustache": "Hello {{recipient.name}}\n"])
        let strict = try LetterRenderer(directory: folder, fallBackToBuiltIn: false)
        #expect {
            try Golden.tracker(letters: strict)
        } throws: { error in
            error as? TemplateError == .notInFolder(name: "letters/streaming-service", directory: folder)
        }
        let lenient = try LetterRenderer(directory: folder, fallBackToBuiltIn: true)
        let tracker = try Golden.tracker(letters: lenient)
        #expect(
            try tracker.letter(recipient: "Tidewave Music", campaign: Golden.streaming).letter.text
                == (try Golden.tracker().letter(recipient: "Tidewave Music", campaign: Golden.streaming).letter.text))
        #expect(
            try tracker.letter(recipient: "Quiet Tide AI", campaign: Golden.ai).letter.text == "Hello Quiet Tide AI\n")
    }

    @Test func syntaxErrorNamesTheFileAndTheLine() throws {
        let folder = try Self.folder([
            "letters/ai-developer.mustache":
                "Dear {{recipient.name}},\n\n{{#recipient.contact}}\nAttn: {{recipient.contact}}\nReply by {{deadline}}.\n",
            "letters/streaming-service.mustache": "Line one\n{{#a}}\n{{/b}}\n",
        ])
        let renderer = try LetterRenderer(directory: folder, fallBackToBuiltIn: true)
        let campaign = Campaign(
            name: "C", nameKey: "c", issuer: "I", category: .aiDeveloper, deadline: Fixture.day("2026-02-10"),
            requests: .all, template: "ai-developer", createdAt: "")
        let recipient = Recipient(name: "R", category: .aiDeveloper)
        #expect {
            try renderer.letter(
                for: recipient, in: campaign, date: Fixture.today, deadline: Fixture.today, reference: nil)
        } throws: { error in
            error as? TemplateError
                == .unclosedSection(
                    origin: "\(folder)/letters/ai-developer.mustache", line: 3, tag: "{{#recipient.contact}}")
        }
        var advisory = campaign
        advisory.template = "streaming-service"
        #expect {
            try renderer.letter(
                for: recipient, in: advisory, date: Fixture.today, deadline: Fixture.today, reference: nil)
        } throws: { error in
            error as? TemplateError
                == .syntax(
                    origin: "\(folder)/letters/streaming-service.mustache", line: 3,
                    problem: .sectionClosedWithOtherName)
        }
    }

    @Test func folderThatDoesNotExistIsAnError() {
        #expect(throws: TemplateError.folderMissing(directory: "/nonexistent/templates")) {
            try LetterRenderer(directory: "/nonexistent/templates", fallBackToBuiltIn: true)
        }
    }

    @Test func templateThatIsNotUTF8IsAnErrorNamingIt() throws {
        let folder = try Self.folder([:])
        let path = folder + "/letters/ai-developer.mustache"
        try FileManager.default.createDirectory(atPath: folder + "/letters", withIntermediateDirectories: true)
        try Data([0x48, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        let renderer = try LetterRenderer(directory: folder, fallBackToBuiltIn: false)
        #expect {
            try renderer.letter(
                for: Recipient(name: "R", category: .aiDeveloper),
                in: Campaign(
                    name: "C", nameKey: "c", issuer: "I", category: .aiDeveloper, deadline: Fixture.today,
                    requests: .all, template: "ai-developer", createdAt: ""),
                date: Fixture.today, deadline: Fixture.today, reference: nil)
        } throws: { error in error as? TemplateError == .notUTF8(path: path) }
    }

    @Test func exportedCopiesRenderExactlyAsTheBuiltInOnes() throws {
        var files: [String: String] = [:]
        for file in LetterRenderer.builtInFiles { files[file.path] = file.text }
        #expect(files.keys.contains("letters/reminder.mustache") && files.keys.contains("report.md.mustache"))
        let copies = try LetterRenderer(directory: try Self.folder(files), fallBackToBuiltIn: false)
        let ours = try Golden.tracker(letters: copies)
        let builtIn = try Golden.tracker()
        for (name, campaign) in [("Vector Lyre Labs", Golden.ai), ("Tidewave Music", Golden.streaming)] {
            #expect(
                try ours.letter(recipient: name, campaign: campaign).letter
                    == builtIn.letter(recipient: name, campaign: campaign).letter)
        }
    }
}
