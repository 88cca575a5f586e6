import Foundation
import OptOutKit
import Testing

/// `optout copy` between an SQLite file and a team database, and `verify` and `backup` of a team
/// database (SPEC section 9), run as a person runs them, against the fixture's server.
@Suite(.postgres)
struct CopyCommandTests {
    /// The demo database in a new workspace, and its verified head (`The history is intact: N events, head H.`).
    static func demo() throws -> (Workspace, events: String, head: String) {
        let workspace = try Workspace()
        try workspace.ok("demo", "--db", "demo.sqlite")
        let (events, head) = try verified(workspace, "demo.sqlite")
        return (workspace, events, head)
    }

    /// The event count and head `optout verify --db DB` prints.
    static func verified(_ workspace: Workspace, _ db: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> (events: String, head: String)
    {
        let run = try workspace.run("verify", "--db", db)
        #expect(run.status == 0, "verify --db \(db): \(run.stderr)", sourceLocation: sourceLocation)
        let words = run.stdout.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "\n" || $0 == "," })
        guard let intact = words.firstIndex(of: "intact:"), let head = words.firstIndex(of: "head"),
            head + 1 < words.count, intact + 1 < words.count
        else {
            Issue.record("verify printed \(run.stdout)", sourceLocation: sourceLocation)
            return ("", "")
        }
        return (String(words[intact + 1]), String(words[head + 1]))
    }

    /// A database fresh from `optout init`, on the server.
    static func initialised(_ prefix: String) throws -> PostgresDatabase {
        let database = try PostgresFixture.database(named: prefix)
        let workspace = try Workspace()
        try workspace.ok("init", "--db", database.url)
        return database
    }

    /// Expects one `error:` line, `error`'s own, a failing exit, and nothing else.
    static func expectError(
        _ run: Workspace.Run, _ error: any OptOutError, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status != 0 && run.status < 128, "exited \(run.status)", sourceLocation: sourceLocation)
        #expect(run.stderr == "error: \(error.errorLine)\n", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    /// The number of rows in each of the schema's main tables, as the superuser sees them.
    static func counts(_ database: PostgresDatabase) throws -> String {
        try database.psql(
            """
            SELECT (SELECT count(*) FROM campaign), (SELECT count(*) FROM recipient), (SELECT count(*) FROM "case"),
                   (SELECT count(*) FROM command), (SELECT count(*) FROM event), (SELECT count(*) FROM disclosure)
            """
        ).check().stdout
    }

    @Test func theDemoGoesUpAndComesBackDownWithTheSameHeadAndTheSameRows() throws {
        let (workspace, events, head) = try Self.demo()
        let database = try Self.initialised("copy_round")
        defer { try? database.drop() }

        let up = try workspace.run("copy", "--from", "demo.sqlite", "--to", database.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("both end at head \(head)"))
        if let password = URLComponents(string: database.url)?.password { #expect(!up.stdout.contains(password)) }
        // The server verifies to the same head as the file, by the same walk.
        let onServer = try Self.verified(workspace, database.url)
        #expect(onServer.events == events && onServer.head == head)
        // Its identities go on past the copied ids: the next command's id follows the file's last.
        let ids = try database.psql(
            "SELECT (SELECT max(id) FROM command) + 1 = nextval(pg_get_serial_sequence('command', 'id'))"
        ).check()
        #expect(ids.lines == ["t"])

        let down = try workspace.run("copy", "--from", database.url, "--to", "back.sqlite")
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("both end at head \(head)"))
        let back = try Self.verified(workspace, "back.sqlite")
        #expect(back.events == events && back.head == head)
        // Every row of every table came back as it was, ids and all.
        let original = try Self.dump(workspace, "demo.sqlite")
        #expect(!original.isEmpty)
        #expect(try Self.dump(workspace, "back.sqlite") == original)
        let report = ["report", "--as-of", "2024-09-30", "--format", "json", "--db"]
        let fromFile = try workspace.ok(report + ["demo.sqlite"])
        #expect(try workspace.ok(report + ["back.sqlite"]) == fromFile)
        // The copy on the server reports the same, byte for byte.
        #expect(try workspace.ok(report + [database.url]) == fromFile)
        // The new file is its owner's alone, as `optout init` makes one.
        let attributes = try FileManager.default.attributesOfItem(
            atPath: workspace.folder.appendingPathComponent("back.sqlite").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// `sqlite3 FILE .dump`: every table's rows and the schema, as text.
    static func dump(_ workspace: Workspace, _ file: String) throws -> String {
        let run = try PostgresFixture.execute(
            ["sqlite3", workspace.folder.appendingPathComponent(file).path, ".dump"])
        try #require(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    @Test func aTeamDatabaseBacksUpToOneSQLiteFileThatVerifiesToItsHead() throws {
        let (workspace, events, head) = try Self.demo()
        let database = try Self.initialised("copy_backup")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)

        let backup = try workspace.ok("backup", "--db", database.url, "team.sqlite")
        #expect(backup.contains("\(events) events, head \(head)"))
        if let password = URLComponents(string: database.url)?.password { #expect(!backup.contains(password)) }
        let copy = try Self.verified(workspace, "team.sqlite")
        #expect(copy.events == events && copy.head == head)

        // An existing file is never overwritten.
        let before = try workspace.read("team.sqlite")
        let again = try workspace.run("backup", "--db", database.url, "team.sqlite")
        Self.expectError(
            again, StoreError.backupFailed(target: "team.sqlite", cause: "team.sqlite already exists; name a new file"))
        #expect(try workspace.read("team.sqlite") == before)
    }

    @Test func anEventEditedOnTheServerBySomeoneWhoDisabledTheTriggersIsCaughtByVerify() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_tamper")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)

        // A superuser steps around the server's refusal and puts it back.
        try database.psql(
            """
            ALTER TABLE event DISABLE TRIGGER USER;
            UPDATE event SET note = 'nothing happened' WHERE id = 100;
            ALTER TABLE event ENABLE TRIGGER USER;
            """
        ).check()

        let verify = try workspace.run("verify", "--db", database.url)
        #expect(verify.status == 1)
        #expect(verify.stderr.hasPrefix("error: ") && verify.stderr.split(separator: "\n").count == 1)
        #expect(verify.stderr.contains("event #100"))
        // Nor does it come down as if nothing happened: no file is left.
        let down = try workspace.run("copy", "--from", database.url, "--to", "tampered.sqlite")
        #expect(down.status == 1)
        #expect(down.stderr.contains("event #100"))
        // Not under its name, nor half-written under another.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).allSatisfy {
                !$0.hasPrefix("tampered.sqlite")
            })
    }

    @Test func aRowNamingARowThatIsNotThereIsOneErrorLineFromVerifyBackupAndCopy() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_dangling")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)
        // A superuser steps around the server's foreign keys: a reply to a case that is not there.
        try database.psql(
            """
            SET session_replication_role = replica;
            INSERT INTO reply (id, case_id, received_on, kind) VALUES (900000, 999999, '2024-06-01', 'acknowledgement');
            """
        ).check()
        let dangling = CopyError.danglingReference(table: "reply", row: "#900000", names: "case")
        Self.expectError(try workspace.run("verify", "--db", database.url), dangling)
        Self.expectError(try workspace.run("backup", "--db", database.url, "team.sqlite"), dangling)
        Self.expectError(try workspace.run("copy", "--from", database.url, "--to", "down.sqlite"), dangling)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).allSatisfy {
                !$0.hasPrefix("team.sqlite") && !$0.hasPrefix("down.sqlite")
            })
    }

    @Test func checkOfATeamDatabaseChecksTheServersRecordsNotAnEmptyModel() throws {
        let (workspace, events, head) = try Self.demo()
        let database = try Self.initialised("copy_check")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)
        let sound = try workspace.run("check", "--db", database.url)
        #expect(sound.status == 0, "\(sound.stderr)")
        #expect(sound.stdout.contains("history: intact, \(events) events, head \(head)"), "\(sound.stdout)")

        try database.psql(
            """
            SET session_replication_role = replica;
            INSERT INTO reply (id, case_id, received_on, kind) VALUES (900000, 999999, '2024-06-01', 'acknowledgement');
            """
        ).check()
        let dangling = try workspace.run("check", "--db", database.url)
        #expect(dangling.status == 1)
        #expect(dangling.stdout.contains("reply row 900000 points at a missing case row"), "\(dangling.stdout)")
        #expect(dangling.stderr.hasPrefix("error: ") && dangling.stderr.split(separator: "\n").count == 1)
        // The location is named as messages name it: no password.
        if let password = URLComponents(string: database.url)?.password, !password.isEmpty {
            #expect(!dangling.stderr.contains(password), "\(dangling.stderr)")
        }
    }

    @Test func aGuardTriggerLeftDisabledOrDroppedOnTheServerIsCaughtByVerify() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_guard")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)
        try database.psql("ALTER TABLE event DISABLE TRIGGER event_is_append_only").check()

        // The chain is intact, but the server would now let an event be changed.
        Self.expectError(
            try workspace.run("verify", "--db", database.url),
            HistoryBreak.schemaObjectChanged(type: "trigger", name: "event_is_append_only", altered: true, changes: 1))

        try database.psql(
            """
            ALTER TABLE event ENABLE TRIGGER event_is_append_only;
            DROP TRIGGER event_is_append_only_truncate ON event;
            """
        ).check()
        Self.expectError(
            try workspace.run("verify", "--db", database.url),
            HistoryBreak.schemaObjectChanged(
                type: "trigger", name: "event_is_append_only_truncate", altered: false, changes: 1))
    }

    @Test func oneTeamDatabaseCopiesToAnotherThroughAFileWithTheSameHead() throws {
        let (workspace, events, head) = try Self.demo()
        let first = try Self.initialised("copy_first")
        defer { try? first.drop() }
        let second = try Self.initialised("copy_second")
        defer { try? second.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", first.url)

        let across = try workspace.ok("copy", "--from", first.url, "--to", second.url)
        #expect(across.contains("from \(Tracker.displayLocation(first.url)) to \(Tracker.displayLocation(second.url))"))
        let copy = try Self.verified(workspace, second.url)
        #expect(copy.events == events && copy.head == head)
    }

    @Test func aTargetThatHoldsRowsIsRefusedAndLeftAsItWas() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_full")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)
        let before = try Self.counts(database)

        let again = try workspace.run("copy", "--from", "demo.sqlite", "--to", database.url)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: ") && again.stderr.split(separator: "\n").count == 1)
        #expect(again.stderr.contains("764 case rows"))
        #expect(try Self.counts(database) == before)
    }

    @Test func aCampaignAloneMakesTheTargetNotEmpty() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_campaign")
        defer { try? database.drop() }
        try workspace.ok(
            "campaign", "add", "Early", "--issuer", "Example", "--category", "other", "--deadline", "2030-01-01",
            "--db", database.url)

        let run = try workspace.run("copy", "--from", "demo.sqlite", "--to", database.url)
        Self.expectError(
            run,
            CopyError.targetNotEmpty(
                target: Tracker.displayLocation(database.url),
                rows: [.init(table: "campaign", rows: 1), .init(table: "command", rows: 1)]))
    }

    @Test func aTargetFileThatExistsIsRefusedAndLeftAsItWas() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_exists")
        defer { try? database.drop() }
        try workspace.ok("copy", "--from", "demo.sqlite", "--to", database.url)
        let mine = try workspace.write("mine.sqlite", "not to be touched")

        let run = try workspace.run("copy", "--from", database.url, "--to", "mine.sqlite")
        Self.expectError(run, CopyError.targetExists(path: "mine.sqlite"))
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "not to be touched")
    }

    @Test func textWithANulCharacterIsRefusedNamingTheRowAndNothingIsCopied() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_nul")
        defer { try? database.drop() }
        // Written outside optout: SQLite keeps the whole text; PostgreSQL's text cannot hold a NUL.
        let edit = try PostgresFixture.execute([
            "sqlite3", workspace.folder.appendingPathComponent("demo.sqlite").path,
            "UPDATE recipient SET contact = 'Ada' || char(0) || 'Hidden' WHERE id = 7",
        ])
        try #require(edit.status == 0, "\(edit.stderr)")
        let before = try Self.counts(database)

        let run = try workspace.run("copy", "--from", "demo.sqlite", "--to", database.url)
        Self.expectError(run, CopyError.textWithNul(table: "recipient", row: "#7", column: "contact"))
        #expect(try Self.counts(database) == before)
    }

    @Test func aLoginThatIsNotTheOwnerMayNotCopyAHistoryInOtherNames() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_owner")
        defer { try? database.drop() }
        let admin = try database.createLogin("admin")
        try database.psql(#"GRANT optout_admin TO :"role""#, variables: ["role": admin.name]).check()

        let run = try workspace.run("copy", "--from", "demo.sqlite", "--to", admin.url)
        Self.expectError(run, CopyError.notOwner(target: Tracker.displayLocation(admin.url), user: admin.name))
        #expect(try Self.counts(database) == "0|0|0|0|0|0\n")
    }

    @Test func aFileOfAnOlderSchemaIsToldToRunInitFirst() throws {
        let (workspace, _, _) = try Self.demo()
        let database = try Self.initialised("copy_older")
        defer { try? database.drop() }
        // As a file of the version before the last reads: its last migration not applied.
        let path = workspace.folder.appendingPathComponent("demo.sqlite").path
        let last = try PostgresFixture.execute([
            "sqlite3", path, "SELECT identifier FROM grdb_migrations ORDER BY identifier DESC LIMIT 1",
        ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!last.isEmpty)
        try #require(
            try PostgresFixture.execute(["sqlite3", path, "DELETE FROM grdb_migrations WHERE identifier = '\(last)'"])
                .status == 0)

        let run = try workspace.run("copy", "--from", "demo.sqlite", "--to", database.url)
        Self.expectError(run, StoreError.olderSchema(path: "demo.sqlite", missing: [last]))
        #expect(try Self.counts(database) == "0|0|0|0|0|0\n")
    }
}

/// What `copy` refuses before it reaches any server.
struct CopyRefusalTests {
    @Test func anUnreachableServerIsOneErrorLineAndNoFile() throws {
        let workspace = try Workspace()
        // Port 1 on this machine: nothing listens there.
        let run = try workspace.run("copy", "--from", "postgresql://nobody@127.0.0.1:1/none", "--to", "down.sqlite")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: cannot connect to postgresql://nobody@127.0.0.1:1/none"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("down.sqlite").path))
    }

    @Test func twoSQLiteFilesAreRefusedPointingAtBackup() throws {
        let workspace = try Workspace()
        try workspace.ok("init", "--db", "a.sqlite")
        let run = try workspace.run("copy", "--from", "a.sqlite", "--to", "b.sqlite")
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(CopyError.sameStore(source: "a.sqlite", target: "b.sqlite"))\n")
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("b.sqlite").path))
    }
}
