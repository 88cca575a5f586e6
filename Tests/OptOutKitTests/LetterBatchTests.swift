import Crypto
import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// `Tracker.writeLetters` (`optout letter --all`): one file per case, exactly the logged bytes,
/// HTML pages that verify, safe names, and nothing left behind when it fails.
@Suite struct LetterBatchTests {
    /// A new folder path under the temporary directory (not created).
    static func newFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("letters-\(UUID().uuidString)").path
    }

    static func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    static func sha256(_ path: String) throws -> String {
        Letter.hex(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    static func loggedDigests(_ tracker: Tracker, kind: NoticeKind = .notice) throws -> Set<String> {
        Set(try tracker.read { try Notice.filter(Column("kind") == kind).fetchAll($0) }.map(\.letterSha256))
    }

    @Test func everyLoggedNoticeIsWrittenAsTheLoggedBytes() throws {
        let tracker = try Golden.tracker()
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try tracker.writeLetters(
            campaign: Golden.ai, date: nil, reminder: false, format: .text, into: folder)
        #expect(written.written == 3 && written.logged == 3 && written.differing == 0)
        #expect(
            try Self.files(folder) == [
                "Müller-KI-GmbH--HMG-2026-001.txt", "Quiet-Tide-AI--HMG-2026-001.txt",
                "Vector-Lyre-Labs--HMG-2026-001.txt",
            ])
        let logged = try Self.loggedDigests(tracker)
        for file in try Self.files(folder) {
            let path = folder + "/" + file
            #expect(logged.contains(try Self.sha256(path)))
            #expect(try tracker.verifyLetter(file: path).notice.kind == .notice)
        }
        let vector = try String(contentsOfFile: folder + "/Vector-Lyre-Labs--HMG-2026-001.txt", encoding: .utf8)
        #expect(vector.contains("\nDear Dana Reyes,\n"))
        let quiet = try String(contentsOfFile: folder + "/Quiet-Tide-AI--HMG-2026-001.txt", encoding: .utf8)
        #expect(quiet.contains("\nDear Sir or Madam,\n"))
    }

    @Test func withADateTheDraftsGetTheLettersNoticeSendThenLogs() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        for name in ["Alpha AI", "Beta/Labs", "Gamma AI"] { try Fixture.addRecipient(tracker, name) }
        let day = Fixture.noticeDay
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Before: nothing logged, so only --date gives letters, and a missing date writes nothing.
        #expect(throws: LetterBatchError.nothingToWrite(campaign: Fixture.campaign, reminder: false, date: nil)) {
            try tracker.writeLetters(campaign: nil, date: nil, reminder: false, format: .text, into: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        let written = try tracker.writeLetters(campaign: nil, date: day, reminder: false, format: .text, into: folder)
        #expect(written.written == 3 && written.unlogged == 3)
        #expect(try Self.files(folder) == ["Alpha-AI.txt", "Beta-Labs.txt", "Gamma-AI.txt"])
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: day)
        let logged = try Self.loggedDigests(tracker)
        #expect(Set(try Self.files(folder).map { try Self.sha256(folder + "/" + $0) }) == logged)
    }

    @Test func remindersAreWrittenAsLogged() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.sendReminders(
            to: .named(["Quiet Tide AI", "Müller KI GmbH"]), campaign: Golden.ai, date: Fixture.day("2026-03-01"))
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try tracker.writeLetters(
            campaign: Golden.ai, date: nil, reminder: true, format: .text, into: folder)
        #expect(written.written == 2 && written.differing == 0)
        #expect(
            try Self.files(folder) == [
                "Müller-KI-GmbH--HMG-2026-001--reminder.txt", "Quiet-Tide-AI--HMG-2026-001--reminder.txt",
            ])
        let logged = try Self.loggedDigests(tracker, kind: .reminder)
        for file in try Self.files(folder) {
            #expect(logged.contains(try Self.sha256(folder + "/" + file)))
            #expect(try tracker.verifyLetter(file: folder + "/" + file).notice.kind == .reminder)
        }
    }

    @Test func htmlPagesPrintOnA4EscapeEverythingAndVerify() throws {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        let hostile = "<script>alert('x')</script> & \"Co\""
        _ = try tracker.addRecipient(Recipient(name: hostile, category: .aiDeveloper, contact: "<b>Ana</b>"))
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay, reference: "R&D/7")
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try tracker.writeLetters(campaign: nil, date: nil, reminder: false, format: .html, into: folder)
        let files = try Self.files(folder)
        #expect(files == ["script-alert('x')-script-&-Co--R&D-7.html"])
        let path = folder + "/" + (files.first ?? "")
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.contains("@page { size: A4"))
        #expect(!page.contains("<script>") && !page.contains("<b>"))
        #expect(page.contains("Dear &lt;b&gt;Ana&lt;/b&gt;,"))
        let verified = try tracker.verifyLetter(file: path)
        #expect(try Self.loggedDigests(tracker) == [verified.notice.letterSha256])
        #expect(page.contains("data-sha256=\"\(verified.notice.letterSha256)\""))

        // An edit of the letter, of the digest shown, or markup slipped into the letter: refused.
        let edited = page.replacingOccurrences(of: "Dear &lt;b&gt;Ana", with: "Dear &lt;b&gt;Eve")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try tracker.verifyLetter(file: path)
        } catch LetterBatchError.pageDigestMismatch {
        } catch { Issue.record("expected pageDigestMismatch, got \(error)") }
        // The letter edited and the digest shown made to match: a letter no notice logged.
        guard case .letter(let editedText, _) = LetterPage.letterText(ofPage: Array(edited.utf8)) else {
            Issue.record("the edited page has no letter element")
            return
        }
        let editedDigest = Letter.hex(SHA256.hash(data: editedText))
        try Data(edited.replacingOccurrences(of: verified.notice.letterSha256, with: editedDigest).utf8)
            .write(to: URL(fileURLWithPath: path))
        do {
            _ = try tracker.verifyLetter(file: path)
            Issue.record("an edited page verified")
        } catch LetterBatchError.noLoggedLetterMatches {
        } catch { Issue.record("expected noLoggedLetterMatches, got \(error)") }
        let injected = page.replacingOccurrences(of: "Dear &lt;b&gt;Ana", with: "Dear <b>Ana")
        try Data(injected.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try tracker.verifyLetter(file: path)
            Issue.record("a page with markup in its letter verified")
        } catch LetterBatchError.notALetterPage {
        } catch { Issue.record("expected notALetterPage, got \(error)") }
    }

    @Test func aTemplateSetWithoutAnHTMLPageIsRefusedBeforeAnythingIsWritten() throws {
        let templates = Self.newFolder()
        try FileManager.default.createDirectory(atPath: templates + "/letters", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        try Data("Dear {{recipient.name}}\n".utf8).write(
            to: URL(fileURLWithPath: templates + "/letters/ai-developer.mustache"))
        let tracker = try Tracker.inMemory(
            actor: Fixture.actor, clock: Fixture.clock,
            letters: try LetterRenderer(directory: templates, fallBackToBuiltIn: false))
        try Fixture.addCampaign(tracker)
        try Fixture.addRecipient(tracker, "Alpha AI")
        let folder = Self.newFolder()
        #expect(throws: LetterBatchError.noHTMLTemplate(template: "ai-developer", directory: templates)) {
            try tracker.writeLetters(
                campaign: nil, date: Fixture.noticeDay, reminder: false, format: .html, into: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        // `NAME.html` is a page, not a letter template a campaign may name.
        #expect(!LetterRenderer().letterTemplateNames.contains { $0.hasSuffix(".html") })
        #expect(throws: TemplateError.self) { try LetterRenderer().checkLetterTemplate("ai-developer.html") }
    }

    @Test func aFolderThatIsNotEmptyOrNotAFolderIsRefusedAndLeftAsItWas() throws {
        let tracker = try Golden.tracker()
        let folder = Self.newFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/Vector-Lyre-Labs--HMG-2026-001.txt"))
        #expect(throws: LetterFolderError.notEmpty(path: folder, entries: 1)) {
            try tracker.writeLetters(campaign: Golden.ai, date: nil, reminder: false, format: .text, into: folder)
        }
        #expect(try Self.files(folder) == ["Vector-Lyre-Labs--HMG-2026-001.txt"])
        #expect(try String(contentsOfFile: folder + "/Vector-Lyre-Labs--HMG-2026-001.txt", encoding: .utf8) == "mine")
        let file = folder + "/Vector-Lyre-Labs--HMG-2026-001.txt"
        #expect(throws: LetterFolderError.notAFolder(path: file)) {
            try tracker.writeLetters(campaign: Golden.ai, date: nil, reminder: false, format: .text, into: file)
        }
        let orphan = folder + "/no/such/parent"
        #expect(throws: LetterFolderError.self) {
            try tracker.writeLetters(campaign: Golden.ai, date: nil, reminder: false, format: .text, into: orphan)
        }
    }

    @Test func aFailureHalfwayRemovesWhatWasWritten() throws {
        let path = Self.newFolder()
        do {
            let folder = try LetterFolder(path: path)
            _ = try folder.write(Array("one".utf8), name: "a", ext: "txt")
            _ = try folder.write(Array("two".utf8), name: "b", ext: "txt")
            #expect(try Self.files(path) == ["a.txt", "b.txt"])
            folder.discard()
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        // A folder that was there stays, emptied of what the run wrote.
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let folder = try LetterFolder(path: path)
            _ = try folder.write(Array("one".utf8), name: "a", ext: "txt")
        }
        #expect(try Self.files(path).isEmpty)
    }

    @Test func fileNamesAreSafeAndNeverCollide() throws {
        #expect(LetterFileName.of(["../../etc/passwd", nil]) == "etc-passwd")
        #expect(LetterFileName.of(["..", ".."]) == "letter")
        #expect(LetterFileName.of([".hidden", "-rf"]) == "hidden--rf")
        #expect(LetterFileName.of(["Evil\u{202E}gpj.exe", "a\u{0}b\nc"]) == "Evil-gpj.exe--a-b-c")
        #expect(LetterFileName.of(["Mu\u{0308}ller KI GmbH", "ÄÖ/2024"]) == "Müller-KI-GmbH--ÄÖ-2024")
        #expect(LetterFileName.of(["音楽 AI 株式会社", nil]) == "音楽-AI-株式会社")
        #expect(LetterFileName.part(String(repeating: "é", count: 300)).utf8.count <= LetterFileName.maximumPartBytes)

        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        for name in ["A/B", "A:B", "A B", "../A B"] { try Fixture.addRecipient(tracker, name) }
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try tracker.writeLetters(
            campaign: nil, date: Fixture.noticeDay, reminder: false, format: .text, into: folder)
        #expect(written.written == 4 && written.renamed == 3)
        #expect(try Self.files(folder) == ["A-B-2.txt", "A-B-3.txt", "A-B-4.txt", "A-B.txt"])
    }
}
