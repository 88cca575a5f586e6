import Foundation
import Testing

@testable import OptOutKit

/// What the program shows and writes: escaped terminal text, bounded tables, names compared
/// without invisible characters, output files that never replace what they must not, and
/// reminders that are not logged twice by mistake.
@Suite struct OutputTests {
    // MARK: - Terminal text

    @Test func controlCharactersAreShownEscapedAndOtherTextIsKept() {
        let hostile = "Mid\u{1B}[2J\u{1B}[H\u{7}\u{7F}\u{9B}31m\u{202E}Labs\r"
        let shown = TerminalText.escaped(hostile, keepingLines: false)
        #expect(shown == "Mid\\u{1B}[2J\\u{1B}[H\\u{7}\\u{7F}\\u{9B}31m\\u{202E}Labs\\u{D}")
        #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(TerminalText.escaped("Müller KI GmbH — 東京", keepingLines: false) == "Müller KI GmbH — 東京")
        #expect(TerminalText.escaped("two\nlines\tand a tab", keepingLines: true) == "two\nlines\tand a tab")
        #expect(TerminalText.escaped("two\nlines", keepingLines: false) == "two\\u{A}lines")
    }

    @Test func aTableEscapesControlCharactersWhileCSVAndJSONKeepTheData() throws {
        let name = "Mid\u{1B}]0;owned\u{7}Clear Labs\u{9B}"
        let listing = Listing(columns: ["id", "name"], rows: [[.number(1), .text(name)]])
        let table = try listing.render(.table)
        #expect(table.contains("Mid\\u{1B}]0;owned\\u{7}Clear Labs\\u{9B}"))
        #expect(!table.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\u{9B}" })
        // CSV keeps the exact bytes: it is data for a spreadsheet or a re-import, not for a terminal.
        #expect(try listing.render(.csv).contains(name))
        // JSON escapes every control character itself (C1 included) and decodes to the name.
        let json = try listing.render(.json)
        #expect(json.contains("\\u001b") && json.contains("\\u009b") && !json.unicodeScalars.contains("\u{9B}"))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["name"] as? String == name)
    }

    @Test func aLongCellIsShortenedInATableAndKeptWholeInCSVAndJSON() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let rows: [[Cell]] =
            [[.text(huge), .text("ai-developer")]] + (0..<100).map { [.text("Firm \($0)"), .text("other")] }
        let listing = Listing(columns: ["name", "category"], rows: rows)
        let table = try listing.render(.table)
        // Every row is padded to at most the cap, not to the megabyte-long cell.
        #expect(table.utf8.count < 102 * 80)
        let lines = table.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= Listing.widestCell + 2 + "ai-developer".count })
        #expect(lines[1].hasPrefix(String(repeating: "x", count: Listing.widestCell - 1) + "…"))
        #expect(try listing.render(.csv).contains(huge) && listing.render(.json).contains(huge))
    }

    @Test func aWideColumnKeepsItsLongerCells() {
        let note = "by email, deadline 2026-02-10, letter notice sha256 " + String(repeating: "a", count: 64)
        let listing = Listing(
            columns: ["note", "event"], rows: [[.text(note), .number(1)]], widths: ["note": Listing.wideCell])
        #expect(listing.table.contains(note))
    }

    // MARK: - Names

    @Test func invisibleFormatCharactersDoNotMakeANameDifferent() {
        let key = NameKey.of("Clear Labs")
        #expect(NameKey.of("Clear\u{200B} Labs") == key)
        #expect(NameKey.of("\u{FEFF}Clear \u{200D}Labs\u{200F}") == key)
        #expect(NameKey.of("Clear \u{200B} Labs") == key)
        #expect(NameKey.of("Clear\u{202E} Labs\u{202C}") == key)
        #expect(NameKey.of("Cle\u{AD}ar Labs") == key)
        // Visible differences still count: no space is not a space.
        #expect(NameKey.of("ClearLabs") != key)
        #expect(NameKey.of("Clear\u{200B}Labs") == NameKey.of("ClearLabs"))
    }

    @Test func aRecipientDifferingOnlyByAZeroWidthSpaceIsRefusedAsExisting() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addRecipient(tracker, "Clear Labs")
        let before = try Fixture.snapshot(tracker)
        #expect(throws: CaseError.recipientExists(name: "Clear\u{200B} Labs")) {
            try tracker.addRecipient(Recipient(name: "Clear\u{200B} Labs", category: .aiDeveloper))
        }
        #expect(try Fixture.snapshot(tracker) == before)
        // And the name with the invisible character finds the recipient.
        #expect(try tracker.writer.read { try tracker.recipient("Clear\u{200B} Labs", Store($0)).name } == "Clear Labs")
    }

    // MARK: - Output files

    @Test func aDeviceOrAFolderIsRefusedWithoutBeingOpened() throws {
        #expect(throws: OutputFileError.notRegularFile(path: "/dev/full", kind: "a device")) {
            try OutputFile.check("/dev/full", database: nil)
        }
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: OutputFileError.notRegularFile(path: folder, kind: "a folder")) {
            try OutputFile.check(folder, database: nil)
        }
    }

    @Test func aRegularFileIsReplacedWholeAndNoTemporaryFileIsLeft() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("report.md").path
        try Data(String(repeating: "old ", count: 1000).utf8).write(to: URL(fileURLWithPath: target))
        try OutputFile.write("new report\n", to: target, database: folder.appendingPathComponent("optout.sqlite").path)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new report\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.md"])
        // A missing folder is said plainly.
        #expect(throws: OutputFileError.self) {
            try OutputFile.write("x", to: folder.appendingPathComponent("no/such/report.md").path, database: nil)
        }
    }

    @Test func theDatabaseIsRecognisedUnderAnySpellingOrLink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("optout.sqlite").path
        try Data("SQLite format 3\0".utf8).write(to: URL(fileURLWithPath: database))
        let hardLink = folder.appendingPathComponent("copy.md").path
        #expect(link(database, hardLink) == 0)
        let parent = folder.lastPathComponent
        for target in [
            database, folder.path + "/./optout.sqlite", folder.path + "/../\(parent)/optout.sqlite",
            database + "-wal", database + "-shm", database + "-journal", hardLink,
        ] {
            #expect(throws: OutputFileError.isDatabase(path: target, database: database)) {
                try OutputFile.write("report", to: target, database: database)
            }
        }
        #expect(try String(contentsOfFile: database, encoding: .utf8) == "SQLite format 3\0")
    }

    // MARK: - Reminders

    @Test func aSecondReminderTheSameDayNeedsAgain() throws {
        let tracker = try Golden.tracker()
        let day = Fixture.day("2026-02-20")
        _ = try tracker.sendReminders(to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: day)
        let before = try Fixture.snapshot(tracker)
        #expect(throws: ReminderError.alreadyReminded(recipient: "Quiet Tide AI", campaign: Golden.ai, date: day)) {
            try tracker.sendReminders(to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: day)
        }
        #expect(try Fixture.snapshot(tracker) == before)
        let again = try tracker.sendReminders(
            to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: day, again: true)
        #expect(again.logged.count == 1)
        // Another day is another reminder.
        let later = try tracker.sendReminders(
            to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: Fixture.day("2026-02-21"))
        #expect(later.logged.count == 1)
    }

    @Test func remindingEveryCaseSkipsThoseRemindedThatDay() throws {
        let tracker = try Golden.tracker()
        let day = Fixture.day("2026-03-01")
        _ = try tracker.sendReminders(to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: day)
        let rest = try tracker.sendReminders(to: .dueWithin(days: 0), campaign: Golden.ai, date: day)
        #expect(Set(rest.logged.map(\.recipient)) == ["Vector Lyre Labs", "Müller KI GmbH"] && rest.skipped == 1)
        let before = try Fixture.snapshot(tracker)
        #expect(throws: ReminderError.allAlreadyReminded(campaign: Golden.ai, count: 3, date: day)) {
            try tracker.sendReminders(to: .dueWithin(days: 0), campaign: Golden.ai, date: day)
        }
        #expect(try Fixture.snapshot(tracker) == before)
        #expect(
            try tracker.sendReminders(to: .dueWithin(days: 0), campaign: Golden.ai, date: day, again: true).logged.count
                == 3)
    }

    @Test func aDryRunSaysWhatWouldBeLoggedAndWritesNothing() throws {
        let tracker = try Golden.tracker()
        let before = try Fixture.snapshot(tracker)
        let planned = try tracker.sendReminders(
            to: .dueWithin(days: 0), campaign: Golden.ai, date: Fixture.day("2026-03-01"),
            dryRun: true)
        #expect(planned.dryRun && planned.logged.count == 3)
        #expect(try Fixture.snapshot(tracker) == before)
        let sent = try tracker.sendReminders(
            to: .dueWithin(days: 0), campaign: Golden.ai, date: Fixture.day("2026-03-01"))
        #expect(sent.logged.map(\.notice.letterSha256) == planned.logged.map(\.notice.letterSha256))
        // A dry run of a refused reminder is refused as the real one would be.
        #expect(throws: ReminderError.self) {
            try tracker.sendReminders(
                to: .named(["Quiet Tide AI"]), campaign: Golden.ai, date: Fixture.day("2026-03-01"), dryRun: true)
        }
    }
}
