import Foundation
import OptOutKit
import Testing

/// Ids on a team database never skip (Schema/postgresql/002_ids.sql): a command that fails after
/// drawing ids, a dry run, a writer that dies mid-command, leave the next command the ids a file
/// gives it (SQLite's MAX(rowid) + 1), so the same story prints the same on both stores (SPEC 9).
@Suite(.postgres)
struct TeamIdsTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Schema/postgresql")

    /// Every table with an id the database draws.
    static let tables = [
        "campaign", "recipient", "case", "command", "notice", "reply", "work", "disclosure", "event",
        "undone_record", "delivery",
    ]

    static let recipients = """
        name,category,country,email,contact,parent
        Alpha AI,ai-developer,DE,legal@alpha.example,Counsel,
        Beta Labs,ai-developer,FR,legal@beta.example,Counsel,
        Gamma Sound,ai-developer,DK,legal@gamma.example,Counsel,
        """

    /// Two notices that go in before the third, for a case notified already, rejects the file.
    static let notices = """
        recipient,date
        Beta Labs,2024-05-15
        Gamma Sound,2024-05-15
        Alpha AI,2024-05-15
        """

    static func masked(_ text: String) -> String {
        text.replacingOccurrences(
            of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, with: "<moment>", options: .regularExpression)
    }

    /// The ids of each table, in order, as `sqlite3` prints them from the file.
    static func fileIds(_ workspace: Workspace) throws -> [String: String] {
        var ids: [String: String] = [:]
        for table in tables {
            ids[table] = try workspace.sqlite(
                "SELECT COALESCE(group_concat(id, ','), '') FROM (SELECT id FROM \"\(table)\" ORDER BY id)")
        }
        return ids
    }

    /// The ids of each table, in order, as psql prints them from the server.
    static func serverIds(_ database: PostgresDatabase) throws -> [String: String] {
        var ids: [String: String] = [:]
        for table in tables {
            ids[table] = try database.psql(
                #"SELECT COALESCE(string_agg(id::text, ',' ORDER BY id), '') FROM :"table""#,
                variables: ["table": table]
            ).check().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ids
    }

    @Test func theSameStoryGivesTheSameIdsOnAFileAndOnAServerWhateverFailedBetween() throws {
        let server = try PostgresFixture.database(named: "ids")
        defer { try? server.drop() }
        let onFile = try Workspace()
        let onServer = try Workspace()
        for workspace in [onFile, onServer] {
            _ = try workspace.write("recipients.csv", Self.recipients)
            _ = try workspace.write("notices.csv", Self.notices)
        }
        let fileEnvironment = ["OPTOUT_ACTOR": "postgres"]
        let serverEnvironment = ["OPTOUT_DB": server.url]
        var step = 0
        /// Runs `command` on both stores: the same exit status and the same words, moments aside.
        func both(_ command: [String], succeeds: Bool) throws {
            step += 1
            let file = try onFile.run(command, environment: fileEnvironment)
            let team = try onServer.run(command, environment: serverEnvironment)
            #expect((file.status == 0) == succeeds, "\(step) \(command): \(file.stderr)")
            #expect(file.status == team.status, "\(step) \(command): \(file.stderr) | \(team.stderr)")
            #expect(Self.masked(file.stdout) == Self.masked(team.stdout), "\(step) \(command)")
            #expect(Self.masked(file.stderr) == Self.masked(team.stderr), "\(step) \(command)")
        }
        try onFile.ok("init")
        #expect(try onServer.run(["init"], environment: serverEnvironment).status == 0)
        let campaign = ["--campaign", "AI Notice"]

        try both(
            [
                "campaign", "add", "AI Notice", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
                "2024-07-31",
            ], succeeds: true)
        // A duplicate campaign: refused after its command row went in.
        try both(
            [
                "campaign", "add", "AI Notice", "--issuer", "Harmonia", "--category", "ai-developer", "--deadline",
                "2024-07-31",
            ], succeeds: false)
        try both(["recipient", "import", "recipients.csv"], succeeds: true)
        try both(["notice", "send", "Alpha AI", "--date", "2024-05-14"] + campaign, succeeds: true)
        // A notice import rejected at its last line, after the notices (and events) of the first two went in.
        try both(["notice", "import", "notices.csv"] + campaign, succeeds: false)
        // A refused transition: a draft case cannot be resolved.
        try both(["resolve", "Beta Labs", "--reason", "settled"] + campaign, succeeds: false)
        // A dry run writes its notices and rolls them back.
        try both(["notice", "send", "--all", "--date", "2024-05-16", "--dry-run"] + campaign, succeeds: true)
        // A writer that dies mid-command (its transaction rolled back) after drawing a campaign,
        // recipients, a case, a notice and a command: on a file nothing of it remains.
        try server.psql(
            """
            BEGIN;
            INSERT INTO command (at, actor, name) VALUES ('2024-05-16T09:00:00Z', session_user, 'recipient import big.csv');
            INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
                VALUES ('Lost', 'LOST', 'Harmonia', 'other', '2024-07-31', 'all', 'ai-developer', '2024-05-16T09:00:00Z');
            INSERT INTO recipient (name, name_key, category) VALUES ('Lost One', 'LOST ONE', 'other'), ('Lost Two', 'LOST TWO', 'other');
            INSERT INTO "case" (campaign_id, recipient_id, state) SELECT max(c.id), max(r.id), 'draft' FROM campaign c, recipient r;
            INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256)
                SELECT max(id), '2024-05-16', 'email', '2024-07-31', 'ai-developer', repeat('a', 64) FROM "case";
            ROLLBACK;
            """
        ).check()

        // Then the commands that print ids, each the same on both.
        try both(
            [
                "campaign", "add", "Streaming", "--issuer", "Harmonia", "--category", "streaming-service", "--deadline",
                "2024-08-31",
            ], succeeds: true)
        try both(["recipient", "add", "Zed Co", "--category", "ai-developer"], succeeds: true)
        try both(["notice", "send", "Zed Co", "--date", "2024-05-20"] + campaign, succeeds: true)
        try both(["history", "Zed Co", "--format", "json"], succeeds: true)
        try both(["undo", "--yes"], succeeds: true)
        // Undo took the last notice back: its id is drawn again, as on a file.
        try both(["notice", "send", "Zed Co", "--date", "2024-05-21"] + campaign, succeeds: true)
        try both(["history", "Zed Co", "--format", "json"], succeeds: true)
        try both(["recipient", "add", "Omega", "--category", "other"], succeeds: true)

        let fileIds = try Self.fileIds(onFile)
        let serverIds = try Self.serverIds(server)
        for table in Self.tables {
            #expect(fileIds[table] == serverIds[table], "\(table)")
        }
        // What the story wrote, so a comparison of empty tables proves nothing by accident.
        #expect(fileIds["campaign"] == "1,2")
        #expect(fileIds["recipient"] == "1,2,3,4,5")
        #expect(fileIds["command"] == "1,2,3,4,5,6,7,8,9")
        #expect(fileIds["notice"] == "1,2")
        #expect(fileIds["undone_record"]?.isEmpty == false)
        // Ids drawn again are sealed as any others: the history holds on both.
        #expect(try onFile.run(["verify"], environment: fileEnvironment).status == 0)
        #expect(try onServer.run(["verify"], environment: serverEnvironment).status == 0)
    }

    @Test func initBringsADatabaseAtVersionOneToVersionTwo() throws {
        let server = try PostgresFixture.database(named: "ids001")
        defer { try? server.drop() }
        let sql = try String(contentsOf: Self.schema.appendingPathComponent("001_team.sql"), encoding: .utf8)
        try server.psql("BEGIN;\n" + sql + "\nCOMMIT;").check()
        // At version 1, a writer that rolled back drew campaign id 1 and command id 1.
        try server.psql(
            """
            BEGIN;
            INSERT INTO command (at, actor, name) VALUES ('2024-05-16T09:00:00Z', session_user, 'campaign add');
            INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
                VALUES ('Lost', 'LOST', 'Harmonia', 'other', '2024-07-31', 'all', 'ai-developer', '2024-05-16T09:00:00Z');
            ROLLBACK;
            """
        ).check()
        let applied = {
            try server.psql("SELECT string_agg(name, ',' ORDER BY name) FROM optout_migration").check().stdout
        }
        let workspace = try Workspace()
        let environment = ["OPTOUT_DB": server.url]

        // Any other command is refused, naming `optout init`, and changes nothing.
        let refused = try workspace.run(["campaign", "list"], environment: environment)
        #expect(refused.status != 0 && refused.status < 128)
        #expect(
            refused.stderr
                == "error: \(PostgresError.olderSchema(location: ServerPasswords.masked(server.url)).errorLine)\n")
        #expect(refused.stdout.isEmpty)
        let writing = try workspace.run(
            ["campaign", "add", "Wave", "--issuer", "Harmonia", "--category", "other", "--deadline", "2024-07-31"],
            environment: environment)
        #expect(
            writing.stderr
                == "error: \(PostgresError.olderSchema(location: ServerPasswords.masked(server.url)).errorLine)\n")
        #expect(try applied() == "001_team\n")
        #expect(try server.psql("SELECT count(*) FROM command").check().stdout == "0\n")

        // `init` applies 002, in one transaction; a second `init` has nothing left to do.
        let initialized = try workspace.run(["init"], environment: environment)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(
            initialized.stdout
                == Messages.initializedTeam(
                    location: ServerPasswords.masked(server.url), created: false, user: "postgres"))
        #expect(try applied() == "001_team,002_ids\n")
        #expect(try workspace.run(["init"], environment: environment).stdout == initialized.stdout)
        #expect(
            try server.psql(
                """
                SELECT p.prosecdef, has_function_privilege('optout_clerk', p.oid, 'EXECUTE'),
                       has_function_privilege('optout_viewer', p.oid, 'EXECUTE')
                FROM pg_proc p WHERE p.oid = 'optout_reset_identities()'::regprocedure
                """
            ).check().stdout == "t|t|f\n")

        // The ids the rolled-back writer drew are drawn again.
        let added = try workspace.run(
            ["campaign", "add", "Wave", "--issuer", "Harmonia", "--category", "other", "--deadline", "2024-07-31"],
            environment: environment)
        #expect(added.status == 0, "\(added.stderr)")
        let onFile = try Workspace()
        try onFile.ok("init")
        #expect(
            added.stdout
                == (try onFile.ok(
                    "campaign", "add", "Wave", "--issuer", "Harmonia", "--category", "other", "--deadline",
                    "2024-07-31")))
        #expect(try server.psql("SELECT string_agg(id::text, ',') FROM campaign").check().stdout == "1\n")
        #expect(try server.psql("SELECT string_agg(id::text, ',') FROM command").check().stdout == "1\n")
        #expect(try workspace.run(["verify"], environment: environment).status == 0)
    }

    /// What the server says to `sql` run by `user` through psql: `ok`, or the SQLSTATE it refused with.
    static func outcome(_ server: TeamServer, as user: String, _ sql: String) throws -> String {
        let run = try server.psql(
            as: user, password: "\(user) secret",
            """
            DO $$ BEGIN \(sql); RAISE NOTICE 'outcome ok'; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'outcome %', SQLSTATE; END $$
            """)
        guard let range = run.stderr.range(of: #"outcome [0-9A-Za-z]{2,5}"#, options: .regularExpression) else {
            return run.stderr
        }
        return String(run.stderr[range].dropFirst("outcome ".count))
    }

    /// A clerk may draw ids by hand (USAGE on the sequences, which the program's inserts need),
    /// but not set them, and what she draws is not skipped by the next command; a viewer may not
    /// reset the identities (nor take the history lock with them).
    @Test func aColleagueDrawingIdsByHandCannotMakeTheNextCommandSkip() throws {
        let server = try TeamServer()
        defer { server.drop() }
        let workspace = try Workspace()
        let owner = ["OPTOUT_DB": server.url()]
        for command in [
            ["init"],
            [
                "campaign", "add", "Spring", "--issuer", "Label", "--category", "ai-developer", "--deadline",
                "2024-06-30",
            ],
            ["recipient", "add", "Acme AI", "--category", "ai-developer"],
        ] {
            let run = try workspace.run(command, environment: owner)
            #expect(run.status == 0, "\(command): \(run.stderr)")
        }
        let alice = server.login("alice")
        let vera = server.login("vera")
        for (name, role) in [(alice, "clerk"), (vera, "viewer")] {
            let added = try workspace.run(
                ["team", "add", name, "--role", role, "--password-stdin"], input: "\(name) secret\n", environment: owner
            )
            #expect(added.status == 0, "\(added.stderr)")
        }
        let commands = try server.value("SELECT max(id) FROM command")

        #expect(
            try Self.outcome(
                server, as: alice,
                "PERFORM nextval('command_id_seq'), nextval('notice_id_seq') FROM generate_series(1, 5)")
                == "ok")
        #expect(try Self.outcome(server, as: alice, "PERFORM setval('command_id_seq', 1000)") == "42501")
        #expect(try Self.outcome(server, as: alice, "PERFORM setval('notice_id_seq', 1000)") == "42501")
        #expect(try Self.outcome(server, as: vera, "PERFORM optout_reset_identities()") == "42501")
        #expect(try Self.outcome(server, as: vera, "PERFORM nextval('command_id_seq')") == "42501")

        let sent = try workspace.run(
            ["notice", "send", "Acme AI", "--date", "2024-01-09"],
            environment: ["OPTOUT_DB": server.url(as: alice), "PGPASSWORD": "\(alice) secret"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try server.value("SELECT max(id) FROM command") == String((Int(commands) ?? 0) + 1))
        #expect(try server.value("SELECT string_agg(id::text, ',') FROM notice") == "1")
        #expect(try server.value("SELECT actor FROM command ORDER BY id DESC LIMIT 1") == alice)
    }
}
