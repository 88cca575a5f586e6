import Foundation
import Testing

/// How the database file is opened: `--db` takes a path only; commands that read, or fail, leave
/// the file byte for byte as it was; foreign, empty and half-written files are refused untouched;
/// read-only disks can still be read; SQLite's messages reach the user in our words.
@Suite struct StoreCommandTests {
    /// A workspace with one campaign, one recipient notified and one in draft.
    func campaign() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.ok("init")
        try workspace.ok(
            "campaign", "add", "Notice 2024", "--issuer", "Harmonia", "--category", "ai-developer",
            "--deadline", "2024-06-14")
        try workspace.ok("recipient", "add", "Vector Labs", "--category", "ai-developer")
        try workspace.ok("recipient", "add", "Quiet Tide AI", "--category", "ai-developer")
        try workspace.ok("notice", "send", "Vector Labs", "--date", "2024-05-14")
        return workspace
    }

    /// Expects one `error:` line that contains every one of `words`, and no raw SQLite message.
    func expectRefused(_ run: Workspace.Run, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, "succeeded: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(
            run.stderr.hasPrefix("error: ") && run.stderr.filter { $0 == "\n" }.count == 1,
            "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("SQLite error"), "\(run.stderr)", sourceLocation: sourceLocation)
        for word in words {
            #expect(run.stderr.contains(word), "no '\(word)' in: \(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Item 7: --db is a path

    @Test func specialDatabaseNamesAreRefusedAndEveryPathGivesAnOwnerOnlyFile() throws {
        let workspace = try Workspace()
        let cases: [(String, String)] = [
            (":memory:", "would keep nothing"), ("file:x?mode=memory", "SQLite URI"),
            ("file:campaign.sqlite", "SQLite URI"),
            ("FILE:campaign.sqlite", "SQLite URI"), ("", "--db is empty"),
            // A team database on a server that cannot be reached (team mode: TeamCommandTests).
            ("postgresql://team@db.invalid/optout", "cannot connect"),
            ("postgres://db.invalid/optout", "cannot connect"),
        ]
        for (name, words) in cases {
            for command in [["init"], ["overdue"], ["recipient", "add", "Vector Labs", "--category", "other"]] {
                expectRefused(try workspace.run(command + ["--db", name]), words)
            }
        }
        expectRefused(try workspace.run("backup", "backup.sqlite", "--db", "file:campaign.sqlite"), "SQLite URI")
        try workspace.ok("init")
        expectRefused(try workspace.run("backup", "file:copy.sqlite"), "SQLite URI")
        // Only the database init made (and the WAL files SQLite keeps beside it); nothing named by the URIs.
        let left = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).filter {
            !$0.hasPrefix("optout.sqlite")
        }
        #expect(left.isEmpty, "\(left)")

        // A path however spelt gives a file, and WAL companions, readable and writable by the owner only.
        try FileManager.default.createDirectory(
            at: workspace.folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for spelling in [
            "a.sqlite", "./b.sqlite", "sub/../c.sqlite", "./file:e.sqlite",
            workspace.folder.appendingPathComponent("sub/d.sqlite").path,
        ] {
            try workspace.ok("init", "--db", spelling)
            try workspace.ok("recipient", "add", "Vector Labs", "--category", "other", "--db", spelling)
            // A read-only connection leaves SQLite's WAL companions in place: they too are the owner's only.
            try workspace.ok("overdue", "--db", spelling)
            let path = spelling.hasPrefix("/") ? spelling : workspace.folder.appendingPathComponent(spelling).path
            var found = 0
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
                found += 1
            }
            #expect(found >= 1, "\(path) was not created")
        }
    }

    // MARK: - Item 8: reading, or failing, never writes

    @Test func commandsThatOnlyReadKeepABackupsBytes() throws {
        let workspace = try campaign()
        try workspace.ok("reply", "Vector Labs", "--date", "2024-05-20", "--kind", "acknowledgement")
        try workspace.ok("backup", "backup.sqlite")
        let backup = workspace.folder.appendingPathComponent("backup.sqlite").path
        let before = try digest(backup)
        let reads: [[String]] = [
            ["check"], ["verify"], ["overdue", "--as-of", "2024-07-01"], ["report", "--as-of", "2024-07-01"],
            ["report", "--format", "json"], ["history", "Vector Labs"], ["recipient", "list"], ["campaign", "list"],
            ["works"], ["disclosures", "Vector Labs"], ["letter", "Vector Labs"], ["letter", "Quiet Tide AI"],
        ]
        for command in reads {
            let run = try workspace.run(command + ["--db", backup])
            #expect(run.status == 0, "\(command): \(run.stderr)")
            #expect(try digest(backup) == before, "\(command) changed the backup")
        }
        #expect(!FileManager.default.fileExists(atPath: backup + "-journal"))
    }

    @Test func aFailingWriteCommandLeavesABackupAsItWasAndASuccessfulOneSwitchesToWAL() throws {
        let workspace = try campaign()
        try workspace.ok("backup", "backup.sqlite")
        let backup = workspace.folder.appendingPathComponent("backup.sqlite").path
        let before = try digest(backup)
        expectRefused(
            try workspace.run("reply", "No Such", "--date", "2024-05-20", "--kind", "no-use", "--db", backup),
            "no recipient is named")
        expectRefused(try workspace.run("escalate", "Quiet Tide AI", "--db", backup), "cannot")
        #expect(try digest(backup) == before)
        try workspace.ok("reply", "Vector Labs", "--date", "2024-05-20", "--kind", "no-use", "--db", backup)
        #expect(try shell("/usr/bin/sqlite3", [backup, "PRAGMA journal_mode"]) == "wal")
    }

    @Test func anOlderSchemaIsMigratedOnlyByInit() throws {
        let workspace = try Workspace()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/schema-001.sqlite")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: workspace.database))
        let before = try digest(workspace.database)
        expectRefused(try workspace.run("history", "No Such"), "older version of optout", "optout init")
        expectRefused(try workspace.run("reply", "No Such", "--date", "2024-06-20", "--kind", "no-use"), "optout init")
        expectRefused(try workspace.run("check"), "optout init")
        #expect(try digest(workspace.database) == before)
        try workspace.ok("init")
        try workspace.ok("history", "Quiet Tide AI")
    }

    @Test func verifyOnABackupLeftByAKilledWriteSaysWhatItIsAndTouchesNothing() throws {
        let workspace = try campaign()
        try workspace.ok("backup", "backup.sqlite")
        let backup = workspace.folder.appendingPathComponent("backup.sqlite").path
        // A process killed in the middle of a write leaves a hot journal beside the file.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        writer.arguments = [
            backup,
            """
            PRAGMA cache_size = 1; BEGIN; CREATE TABLE junk AS SELECT zeroblob(4000) AS b FROM (WITH RECURSIVE n(x) AS \
            (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 200) SELECT x FROM n); \
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c;
            """,
        ]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline
            && (try? FileManager.default.attributesOfItem(atPath: backup + "-journal")[.size] as? Int ?? 0) ?? 0 == 0
        {
            usleep(20_000)
        }
        usleep(300_000)
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        try #require(FileManager.default.fileExists(atPath: backup + "-journal"), "no hot journal was left")
        let before = try digest(backup)
        let journal = try digest(backup + "-journal")
        for command in [["verify"], ["check"], ["overdue"], ["history", "Vector Labs"]] {
            expectRefused(try workspace.run(command + ["--db", backup]), "unfinished write", "-journal")
        }
        #expect(try digest(backup) == before)
        #expect(try digest(backup + "-journal") == journal)
    }

    // MARK: - Item 11: foreign and empty files

    @Test func anEmptyFileIsNotADatabaseForAnyCommand() throws {
        let workspace = try Workspace()
        _ = FileManager.default.createFile(atPath: workspace.database, contents: Data())
        for command in [
            ["verify"], ["check"], ["overdue"], ["init"], ["recipient", "add", "Vector Labs", "--category", "other"],
        ] {
            expectRefused(try workspace.run(command), "optout.sqlite is an empty file", "not an optout database")
        }
        #expect(try workspace.read("optout.sqlite").isEmpty)
        let left = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
        #expect(left == ["optout.sqlite"], "\(left)")
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftUntouched() throws {
        let workspace = try Workspace()
        _ = try shell(
            "/usr/bin/sqlite3",
            [workspace.database, "CREATE TABLE song (title TEXT); INSERT INTO song VALUES ('Blue');"])
        let before = try digest(workspace.database)
        for command in [
            ["verify"], ["check"], ["overdue"], ["init"], ["report"],
            [
                "campaign", "add", "C", "--issuer", "I",
                "--category", "other", "--deadline", "2024-06-14",
            ],
        ] {
            expectRefused(try workspace.run(command), "is not an optout database", "song")
        }
        #expect(try digest(workspace.database) == before)
        #expect(try workspace.sqlite("SELECT group_concat(name) FROM sqlite_master") == "song")
        // A file that is not SQLite at all.
        let text = try workspace.write("notes.txt", String(repeating: "not a database\n", count: 200))
        let textBefore = try digest(text)
        for command in [["verify"], ["check"], ["init"]] {
            expectRefused(try workspace.run(command + ["--db", text]), "is not an optout database")
        }
        #expect(try digest(text) == textBefore)
    }

    @Test func aFolderIsNotADatabase() throws {
        let workspace = try Workspace()
        expectRefused(try workspace.run("init", "--db", workspace.folder.path), "is a folder")
    }

    // MARK: - Item 10 and 13: read-only and full disks

    @Test(.enabled(if: Mount.available, "needs root and tmpfs mounts (mount -t tmpfs); skipped here"))
    func aDatabaseOnAReadOnlyDiskCanBeReadAndCheckedButNotWritten() throws {
        let workspace = try campaign()
        try workspace.ok("backup", "backup.sqlite")
        let mount = try Mount(in: workspace, megabytes: 8)
        defer { mount.unmount() }
        for name in ["optout.sqlite", "backup.sqlite"] {
            try FileManager.default.copyItem(
                atPath: workspace.folder.appendingPathComponent(name).path,
                toPath: mount.folder + "/" + name)
        }
        try mount.makeReadOnly()
        for name in ["optout.sqlite", "backup.sqlite"] {
            let path = mount.folder + "/" + name
            let before = try digest(path)
            let check = try workspace.run("check", "--db", path)
            #expect(
                check.status == 0 && check.stdout.contains("history: intact"), "\(name): \(check.stdout)\(check.stderr)"
            )
            #expect(try workspace.ok("recipient", "list", "--db", path).contains("Vector Labs"))
            #expect(try workspace.ok("verify", "--db", path).contains("intact"))
            try workspace.ok("backup", "--db", path, "copy-of-\(name)")
            for command in [
                ["recipient", "add", "Nova", "--category", "other"], ["init"],
                ["reply", "Vector Labs", "--date", "2024-05-20", "--kind", "no-use"],
            ] {
                expectRefused(try workspace.run(command + ["--db", path]), "read-only disk")
            }
            #expect(try digest(path) == before)
        }
        expectRefused(try workspace.run("init", "--db", mount.folder + "/new.sqlite"), "read-only disk")
    }

    @Test(.enabled(if: Mount.available, "needs root and tmpfs mounts (mount -t tmpfs); skipped here"))
    func aBackupOntoAFullDiskLeavesNothingBehind() throws {
        let workspace = try campaign()
        // Enough recipients that the copy cannot fit in a 256 KB disk.
        var csv = "name,category\n"
        for index in 1...3_000 { csv += "Recipient number \(index) with a long enough name,other\n" }
        try workspace.ok("recipient", "import", try workspace.write("many.csv", csv))
        let mount = try Mount(in: workspace, megabytes: 0.25)
        defer { mount.unmount() }
        let before = try digest(workspace.database)
        expectRefused(
            try workspace.run("backup", mount.folder + "/copy.sqlite"), "disk is full", "partial copy was removed")
        let left = try FileManager.default.contentsOfDirectory(atPath: mount.folder)
        #expect(left.isEmpty, "left on the full disk: \(left)")
        #expect(try digest(workspace.database) == before)
    }

    @Test(.enabled(if: Mount.available, "needs root and tmpfs mounts (mount -t tmpfs); skipped here"))
    func aWriteOntoAFullDiskSaysSoInOurWords() throws {
        let workspace = try Workspace()
        let mount = try Mount(in: workspace, megabytes: 0.5)
        defer { mount.unmount() }
        let path = mount.folder + "/optout.sqlite"
        try workspace.ok("init", "--db", path)
        var csv = "name,category\n"
        for index in 1...8_000 { csv += "Recipient number \(index) with a long enough name,other\n" }
        let file = try workspace.write("many.csv", csv)
        expectRefused(try workspace.run("recipient", "import", file, "--db", path), "is full", "free some space")
        #expect(try shell("/usr/bin/sqlite3", [path, "SELECT COUNT(*) FROM recipient"]) == "0")
    }

    // MARK: - Item 13: SQLite's messages, demo leftovers

    @Test func aChangeTheFileRefusesIsReportedInOurWords() throws {
        let workspace = try campaign()
        _ = try workspace.sqlite(
            "CREATE TRIGGER no_more BEFORE INSERT ON recipient BEGIN SELECT RAISE(ABORT, 'closed'); END;")
        let before = try digest(workspace.database)
        expectRefused(
            try workspace.run("recipient", "add", "Nova", "--category", "other"), "refused the change", "optout check")
        #expect(try digest(workspace.database) == before)
    }

    @Test func aDamagedFileIsSaidToBeDamagedAndLeftAsItWas() throws {
        let workspace = try campaign()
        try workspace.ok("backup", "backup.sqlite")
        let backup = workspace.folder.appendingPathComponent("backup.sqlite")
        var bytes = try Data(contentsOf: backup)
        // The first page's b-tree header, just after the 100-byte file header.
        for offset in 100..<108 { bytes[offset] = 0xFF }
        try bytes.write(to: backup)
        for command in [["check"], ["verify"], ["overdue"], ["recipient", "add", "Nova", "--category", "other"]] {
            expectRefused(
                try workspace.run(command + ["--db", backup.path]), "backup.sqlite is damaged",
                "restore it from a backup")
        }
        #expect(try Data(contentsOf: backup) == bytes)
    }

    @Test func demoRemovesWhatAKilledDemoLeftAndNeverTouchesTheTarget() throws {
        let workspace = try Workspace()
        let folder = workspace.folder.path
        let gone = try deadProcessId()
        let leftovers = [
            "optout-demo.sqlite.building-\(gone)", "optout-demo.sqlite.building-\(gone)-wal",
            "optout-demo.sqlite.building-\(gone)-shm", "optout-demo.sqlite.building-\(gone)-journal",
        ]
        // Files that are not leftovers of a dead run: a run still going (this process) and others.
        let kept = [
            "optout-demo.sqlite.building-\(getpid())", "optout-demo.sqlite.building-notes",
            "other.sqlite.building-\(gone)",
        ]
        for name in leftovers + kept {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))
        }
        _ = FileManager.default.createFile(atPath: folder + "/optout-demo.sqlite", contents: Data("mine".utf8))
        expectRefused(try workspace.run("demo"), "already exists")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(left == Set(kept + ["optout-demo.sqlite"]), "\(left.sorted())")
        #expect(try workspace.read("optout-demo.sqlite") == Data("mine".utf8))
    }

    // MARK: - Helpers

    /// The SHA-256 of a file, as `sha256sum` prints it.
    func digest(_ path: String) throws -> String {
        String(try shell("/usr/bin/sha256sum", [path]).prefix(64))
    }

    /// A process id that no process has.
    func deadProcessId() throws -> Int32 {
        for candidate in stride(from: Int32(4_000_000), to: 4_100_000, by: 7)
        where kill(candidate, 0) != 0 && errno == ESRCH {
            return candidate
        }
        throw CommandFailed(description: "no free process id found")
    }
}

/// What a helper program printed on standard output, trimmed; throws if it failed.
@discardableResult
func shell(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let (stdout, stderr) = Workspace.readBoth(out, err)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CommandFailed(
            description: "\(tool) \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
    }
    return String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

struct CommandFailed: Error, CustomStringConvertible {
    var description: String
}

/// A small tmpfs mounted in a workspace: a disk that can be filled or made read-only.
struct Mount {
    let folder: String

    /// Whether this machine lets the tests mount a tmpfs (root, and mounting allowed).
    static let available: Bool = {
        guard geteuid() == 0 else { return false }
        guard
            let probe = try? Mount(
                at: FileManager.default.temporaryDirectory
                    .appendingPathComponent("optout-mount-probe-\(UUID().uuidString)").path, megabytes: 1)
        else { return false }
        probe.unmount()
        return true
    }()

    init(in workspace: Workspace, megabytes: Double) throws {
        try self.init(at: workspace.folder.appendingPathComponent("disk").path, megabytes: megabytes)
    }

    private init(at folder: String, megabytes: Double) throws {
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try shell("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(Int(megabytes * 1024))k", "none", folder])
    }

    func makeReadOnly() throws {
        try shell("/usr/bin/mount", ["-o", "remount,ro", folder])
    }

    func unmount() {
        _ = try? shell("/usr/bin/umount", [folder])
        try? FileManager.default.removeItem(atPath: folder)
    }
}
