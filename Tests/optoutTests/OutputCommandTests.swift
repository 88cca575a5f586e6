import Foundation
import Testing

/// What `optout` writes, run as a user would: report files that never replace the database or
/// anything that is not a regular file, standard output that fails cleanly, control characters
/// shown escaped, bounded tables, and reminders that are not logged twice by mistake.
@Suite struct OutputCommandTests {
    /// A database with one campaign and two recipients.
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Quiet Tide AI", "--category", "ai-developer")
        return workspace
    }

    /// Runs `script` with bash in the workspace, `$OPTOUT` naming the binary.
    func shell(_ workspace: Workspace, _ script: String) throws -> Workspace.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = workspace.folder
        var environment = ProcessInfo.processInfo.environment
        environment["OPTOUT"] = Workspace.binary.path
        environment["OPTOUT_DB"] = nil
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (stdout, stderr) = Workspace.readBoth(out, err)
        process.waitUntilExit()
        return Workspace.Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func expectOneErrorLine(
        _ run: Workspace.Run, containing text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(
            run.stderr.hasPrefix("error: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)",
            sourceLocation: sourceLocation)
        #expect(run.stderr.contains(text), "\(run.stderr)", sourceLocation: sourceLocation)
    }

    // MARK: - report --output

    @Test(arguments: [
        "optout.sqlite", "./optout.sqlite", "optout.sqlite-wal", "optout.sqlite-shm", "optout.sqlite-journal",
        "link.sqlite", "hard.md",
    ])
    func theReportNeverReplacesTheDatabase(target: String) throws {
        let workspace = try workspace()
        try FileManager.default.createSymbolicLink(
            atPath: workspace.folder.appendingPathComponent("link.sqlite").path,
            withDestinationPath: workspace.database)
        #expect(link(workspace.database, workspace.folder.appendingPathComponent("hard.md").path) == 0)
        let before = try workspace.read("optout.sqlite")
        let run = try workspace.run("report", "--output", target)
        expectOneErrorLine(run, containing: "refused to write")
        #expect(try workspace.read("optout.sqlite") == before)
        #expect(
            !FileManager.default.fileExists(
                atPath: workspace.folder.appendingPathComponent("optout.sqlite-journal").path))
        #expect(try workspace.ok("recipient", "list").contains("Vector Labs"))
    }

    @Test func theDatabaseNamedThroughItsParentFolderIsRefusedToo() throws {
        let workspace = try workspace()
        let before = try workspace.read("optout.sqlite")
        let run = try workspace.run("report", "--output", "../\(workspace.folder.lastPathComponent)/optout.sqlite")
        expectOneErrorLine(run, containing: "it is the database")
        #expect(try workspace.read("optout.sqlite") == before)
    }

    @Test func aSymbolicLinkAFIFOAFolderOrABackupIsNotReplaced() throws {
        let workspace = try workspace()
        let folder = workspace.folder
        let notes = try workspace.write("notes.txt", "keep me\n")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("to-notes.md").path, withDestinationPath: notes)
        #expect(mkfifo(folder.appendingPathComponent("pipe").path, 0o600) == 0)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("reports"), withIntermediateDirectories: false)
        try FileManager.default.copyItem(
            atPath: workspace.database, toPath: folder.appendingPathComponent("backup.md").path)
        for (target, said) in [
            ("to-notes.md", "symbolic link"), ("pipe", "FIFO"), ("reports", "folder"), ("backup.md", "SQLite database"),
        ] {
            expectOneErrorLine(try workspace.run("report", "--output", target), containing: said)
        }
        #expect(try workspace.read("notes.txt") == Data("keep me\n".utf8))
        var status = stat()
        #expect(lstat(folder.appendingPathComponent("pipe").path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(
            lstat(folder.appendingPathComponent("to-notes.md").path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
        )
    }

    @Test func aReportReplacesARegularFileAndLeavesNoTemporaryFile() throws {
        let workspace = try workspace()
        _ = try workspace.write("report.json", "old")
        let said = try workspace.ok("report", "--format", "json", "--output", "report.json", "--as-of", "2024-07-01")
        #expect(said.hasPrefix("Wrote the json report"))
        #expect(try workspace.json(String(decoding: workspace.read("report.json"), as: UTF8.self)) is [String: Any])
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
        #expect(!files.contains { $0.hasPrefix(".optout-output") })
    }

    @Test func exportingTemplatesReplacesNothingAlreadyThere() throws {
        let workspace = try Workspace()
        let listed = try workspace.ok("templates")
        let paths = listed.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(paths.count >= 2)
        let folder = workspace.folder.appendingPathComponent("mine")
        let linked = folder.appendingPathComponent(paths[0])
        let piped = folder.appendingPathComponent(paths[1])
        for url in [linked, piped] {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let elsewhere = workspace.folder.appendingPathComponent("elsewhere.txt").path
        try FileManager.default.createSymbolicLink(atPath: linked.path, withDestinationPath: elsewhere)
        #expect(mkfifo(piped.path, 0o600) == 0)
        let exported = try workspace.ok("templates", "--export", folder.path)
        #expect(exported.contains("kept 2 already there"), "\(exported)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
        var status = stat()
        #expect(lstat(piped.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    // MARK: - Standard output and error

    @Test func aFullStandardOutputIsOneErrorLineNotATrap() throws {
        let workspace = try workspace()
        let run = try shell(workspace, #""$OPTOUT" recipient list > /dev/full"#)
        #expect(run.status == 1)
        expectOneErrorLine(run, containing: "cannot write to standard output (No space left on device)")
    }

    @Test func aClosedStandardOutputIsOneErrorLineNotATrap() throws {
        let workspace = try workspace()
        let run = try shell(workspace, #""$OPTOUT" recipient list >&-"#)
        #expect(run.status == 1)
        expectOneErrorLine(run, containing: "cannot write to standard output (it is closed)")
        #expect(try workspace.ok("recipient", "list").contains("Quiet Tide AI"))
    }

    /// The action is committed before anything is printed: a command whose output cannot be
    /// written has still done what it was asked, and its error line says so.
    @Test func aWriteCommandWhoseOutputFailsHasStillRecordedItsAction() throws {
        let workspace = try workspace()
        let run = try shell(workspace, #""$OPTOUT" recipient add "New Firm" --category ai-developer > /dev/full"#)
        #expect(run.status == 1)
        expectOneErrorLine(run, containing: "what the command changed before printing is saved")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM recipient WHERE name = 'New Firm'") == "1")
    }

    @Test(arguments: ["trap '' PIPE; ", ""])
    func aReaderThatGoesAwayEndsTheProgramQuietly(ignoringSIGPIPE: String) throws {
        let workspace = try workspace()
        let csv =
            "name,category,email,contact\n"
            + (1...4000).map {
                "Recipient number \($0) of a long list,ai-developer,legal\($0)@firm\($0).example,Contact person \($0)\n"
            }.joined()
        try workspace.ok("recipient", "import", try workspace.write("many.csv", csv))
        let run = try shell(
            workspace,
            ignoringSIGPIPE
                + #""$OPTOUT" recipient list --format json | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}""#)
        #expect(run.stdout == "141\n", "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    // MARK: - Terminal injection

    @Test func controlCharactersInANameAreShownEscapedInTablesAndMessages() throws {
        let workspace = try workspace()
        let name = "Mid\u{1B}[2J\u{1B}[HClear Labs"
        let added = try workspace.ok("recipient", "add", name, "--category", "ai-developer")
        #expect(added.contains("Mid\\u{1B}[2J\\u{1B}[HClear Labs") && !added.contains("\u{1B}"))
        let table = try workspace.ok("recipient", "list")
        #expect(table.contains("Mid\\u{1B}[2J\\u{1B}[HClear Labs") && !table.contains("\u{1B}"))
        // JSON and CSV keep the name as stored.
        let json = try workspace.json(try workspace.ok("recipient", "list", "--format", "json")) as? [[String: Any]]
        #expect(json?.contains { $0["name"] as? String == name } == true)
        #expect(try workspace.ok("recipient", "list", "--format", "csv").contains(name))
        // The markdown report, read in the terminal, escapes it; the JSON report keeps it.
        let report = try workspace.ok("report", "--as-of", "2024-07-01")
        #expect(report.contains("Mid\\u{1B}[2J") && !report.contains("\u{1B}"))
        #expect(try workspace.ok("report", "--as-of", "2024-07-01", "--format", "json").contains("Mid\\u001b[2J"))
        // An error line echoing a hostile name escapes it too.
        let unknown = try workspace.run("history", "Evil\u{1B}]0;owned\u{7}Inc")
        expectOneErrorLine(unknown, containing: "Evil\\u{1B}]0;owned\\u{7}Inc")
        #expect(!unknown.stderr.contains("\u{1B}") && !unknown.stderr.contains("\u{7}"))
    }

    @Test func aZeroWidthSpaceDoesNotMakeASecondRecipient() throws {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok("recipient", "add", "Clear Labs", "--category", "ai-developer")
        let before = try workspace.read("optout.sqlite")
        let twin = try workspace.run("recipient", "add", "Clear\u{200B} Labs", "--category", "ai-developer")
        expectOneErrorLine(twin, containing: "already exists")
        #expect(try workspace.read("optout.sqlite") == before)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM recipient") == "1")
    }

    @Test func aMegabyteNameDoesNotWidenEveryRowOfTheTable() throws {
        let workspace = try workspace()
        let csv = "name,category\n" + (1...300).map { "Firm \($0),ai-developer\n" }.joined()
        try workspace.ok("recipient", "import", try workspace.write("firms.csv", csv))
        // Written as another program could: the schema allows it.
        _ = try workspace.sqlite(
            "UPDATE recipient SET name = 'Big' || replace(hex(zeroblob(500000)), '0', 'x') WHERE name = 'Vector Labs'")
        let table = try workspace.ok("recipient", "list")
        #expect(table.split(separator: "\n").count == 303)
        #expect(table.utf8.count < 303 * 160, "the table is \(table.utf8.count) bytes")
        #expect(table.contains("Bigxxx") && table.contains("…"))
        #expect(try workspace.ok("recipient", "list", "--format", "json").utf8.count > 1_000_000)
    }

    // MARK: - Reminders

    /// The workspace's two recipients notified on 2024-05-14, both overdue by 2024-06-20.
    func notified() throws -> Workspace {
        let workspace = try workspace()
        try workspace.ok("notice", "send", "--all", "--date", "2024-05-14")
        return workspace
    }

    @Test func remindingEveryCaseTwiceTheSameDayLogsEachReminderOnce() throws {
        let workspace = try notified()
        let first = try workspace.ok("notice", "remind", "--all", "--date", "2024-06-20", "--within", "0")
        #expect(first.hasPrefix("Logged 2 reminders"))
        let before = try workspace.read("optout.sqlite")
        let second = try workspace.run("notice", "remind", "--all", "--date", "2024-06-20", "--within", "0")
        expectOneErrorLine(second, containing: "already reminded on 2024-06-20")
        #expect(try workspace.read("optout.sqlite") == before)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM notice WHERE kind = 'reminder'") == "2")
        let again = try workspace.ok("notice", "remind", "--all", "--date", "2024-06-20", "--within", "0", "--again")
        #expect(again.hasPrefix("Logged 2 reminders"))
    }

    @Test func casesRemindedThatDayAreSkippedAndCounted() throws {
        let workspace = try notified()
        try workspace.ok("notice", "remind", "Vector Labs", "--date", "2024-06-20")
        let rest = try workspace.ok("notice", "remind", "--all", "--date", "2024-06-20", "--within", "0")
        #expect(
            rest.hasPrefix(
                "Logged 1 reminder in campaign Notice 2024; 1 case was already reminded on 2024-06-20 and skipped"),
            "\(rest)")
        #expect(rest.contains("Quiet Tide AI") && !rest.contains("Vector Labs"))
    }

    @Test func namingACaseRemindedThatDayNeedsAgain() throws {
        let workspace = try notified()
        try workspace.ok("notice", "remind", "Vector Labs", "--date", "2024-06-20")
        let before = try workspace.read("optout.sqlite")
        let twice = try workspace.run("notice", "remind", "Vector Labs", "--date", "2024-06-20")
        expectOneErrorLine(twice, containing: "give --again")
        #expect(try workspace.read("optout.sqlite") == before)
        try workspace.ok("notice", "remind", "Vector Labs", "--date", "2024-06-20", "--again")
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM notice WHERE kind = 'reminder'") == "2")
    }

    @Test func aDryRunListsWhatWouldBeSentAndLeavesTheDatabaseAsItWas() throws {
        let workspace = try notified()
        let before = try workspace.read("optout.sqlite")
        let planned = try workspace.ok(
            "notice", "remind", "--all", "--date", "2024-06-20", "--within", "0", "--dry-run")
        #expect(
            planned.hasPrefix("Dry run: would log 2 reminders in campaign Notice 2024; nothing was written."),
            "\(planned)")
        #expect(planned.contains("Vector Labs") && planned.contains("Quiet Tide AI"))
        #expect(try workspace.read("optout.sqlite") == before)
        #expect(try workspace.sqlite("SELECT COUNT(*) FROM notice WHERE kind = 'reminder'") == "0")

        let fresh = try self.workspace()
        let untouched = try fresh.read("optout.sqlite")
        let notices = try fresh.ok("notice", "send", "--all", "--date", "2024-05-14", "--dry-run")
        #expect(notices.hasPrefix("Dry run: would log 2 notices"))
        #expect(try fresh.read("optout.sqlite") == untouched)
    }
}
