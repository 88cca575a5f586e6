import Foundation
import Testing

/// `optout letter --all --output-dir DIR [--format text|html]`, run as a user would.
@Suite struct LetterBatchCommandTests {
    /// One AI-developer campaign: two recipients notified (one with a contact), one still a draft.
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok(
            "recipient", "add", "Vector Labs", "--category", "ai-developer", "--contact", "Dana Whitfield")
        try workspace.ok("recipient", "add", "Quiet Tide AI", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Zephyr AI", "--category", "ai-developer")
        try workspace.ok(
            "notice", "send", "Vector Labs", "Quiet Tide AI", "--date", "2024-05-14", "--reference", "HMG-7")
        return workspace
    }

    func files(_ workspace: Workspace, _ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.folder.appendingPathComponent(folder).path)
            .sorted()
    }

    @Test func everyLetterIsWrittenAndEachVerifiesWithoutNamingTheRecipient() throws {
        let workspace = try campaign()
        let before = try workspace.read("optout.sqlite")
        let written = try workspace.ok("letter", "--all", "--campaign", "Notice 2024", "--output-dir", "letters")
        #expect(written == "Wrote 2 letters of campaign Notice 2024 into letters (text): 2 as logged.\n")
        #expect(try files(workspace, "letters") == ["Quiet-Tide-AI--HMG-7.txt", "Vector-Labs--HMG-7.txt"])
        let vector = String(decoding: try workspace.read("letters/Vector-Labs--HMG-7.txt"), as: UTF8.self)
        #expect(vector == (try workspace.ok("letter", "Vector Labs")))
        #expect(vector.contains("\nDear Dana Whitfield,\n"))
        for file in try files(workspace, "letters") {
            let verified = try workspace.run("letter", "--verify", "letters/" + file)
            #expect(verified.status == 0 && verified.stdout.hasPrefix("Verified: letters/\(file) is the notice"))
        }
        #expect(try workspace.read("optout.sqlite") == before)

        // HTML pages verify too, and an edited one does not.
        try workspace.ok("letter", "--all", "--output-dir", "pages", "--format", "html")
        let page = String(decoding: try workspace.read("pages/Quiet-Tide-AI--HMG-7.html"), as: UTF8.self)
        #expect(page.contains("Dear Sir or Madam,") && page.contains("size: A4"))
        #expect(try workspace.run("letter", "--verify", "pages/Quiet-Tide-AI--HMG-7.html").status == 0)
        let edited = try workspace.write(
            "edited.html", page.replacingOccurrences(of: "Dear Sir or Madam", with: "Dear Friend"))
        let refused = try workspace.run("letter", "--verify", edited)
        #expect(refused.status != 0 && refused.stdout.isEmpty)
        #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.split(separator: "\n").count == 1)
    }

    @Test func withADateTheDraftGetsTheLetterTheNoticeThenLogs() throws {
        let workspace = try campaign()
        let written = try workspace.ok("letter", "--all", "--date", "2024-05-20", "--output-dir", "drafts")
        #expect(written.contains("Wrote 1 letter ") && written.contains("1 not logged yet"))
        #expect(try files(workspace, "drafts") == ["Zephyr-AI.txt"])
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-20")
        #expect(try workspace.run("letter", "--verify", "drafts/Zephyr-AI.txt").status == 0)
    }

    @Test func badFoldersAndOptionsAreOneErrorLineAndWriteNothing() throws {
        let workspace = try campaign()
        _ = try workspace.write("taken.txt", "mine")
        try FileManager.default.createDirectory(
            at: workspace.folder.appendingPathComponent("full"), withIntermediateDirectories: false)
        _ = try workspace.write("full/Vector-Labs--HMG-7.txt", "mine")
        let before = try workspace.read("optout.sqlite")
        let templates = workspace.folder.appendingPathComponent("own").path
        try workspace.ok("templates", "--export", templates)
        try FileManager.default.removeItem(atPath: templates + "/letters/ai-developer.html.mustache")
        for arguments in [
            ["letter", "--all", "--output-dir", "full"],
            ["letter", "--all", "--output-dir", "taken.txt"],
            ["letter", "--all", "--output-dir", "no/such/folder"],
            ["letter", "--all"],
            ["letter", "--all", "Vector Labs", "--output-dir", "x"],
            ["letter", "--output-dir", "x"],
            ["letter", "--all", "--output-dir", "x", "--format", "pdf"],
            ["letter", "--all", "--output-dir", "x", "--format", "html", "--templates", templates],
            ["letter", "--all", "--reminder", "--output-dir", "x"],
            ["letter"],
        ] {
            let run = try workspace.run(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            #expect(
                run.stderr.hasPrefix("error: ") && run.stderr.split(separator: "\n").count == 1,
                "\(arguments): \(run.stderr)")
        }
        #expect(try files(workspace, "full") == ["Vector-Labs--HMG-7.txt"])
        #expect(String(decoding: try workspace.read("full/Vector-Labs--HMG-7.txt"), as: UTF8.self) == "mine")
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("x").path))
        #expect(try workspace.read("optout.sqlite") == before)
    }

    @Test func lettersWhoseTemplateChangedSinceAreWrittenAsTheyReadNowWithANote() throws {
        let workspace = try campaign()
        let templates = workspace.folder.appendingPathComponent("own").path
        try workspace.ok("templates", "--export", templates)
        try Data("Dear {{recipient.name}}: reply by {{deadline}}.\n".utf8)
            .write(to: URL(fileURLWithPath: templates + "/letters/ai-developer.mustache"))
        let run = try workspace.run("letter", "--all", "--output-dir", "now", "--templates", templates)
        #expect(run.status == 0 && run.stdout.hasPrefix("Wrote 2 letters"))
        #expect(run.stderr.hasPrefix("note: 2 of these letters differ") && run.stderr.contains("Vector Labs"))
        #expect(
            String(decoding: try workspace.read("now/Vector-Labs--HMG-7.txt"), as: UTF8.self)
                == "Dear Vector Labs: reply by 2024-06-14.\n")
        #expect(try workspace.run("letter", "--verify", "now/Vector-Labs--HMG-7.txt").status != 0)
    }
}
