import Foundation
import OptOutKit
import Testing

/// `optout team add|list|remove` on a team database (SPEC 9): logins and their roles are the
/// server's own, each command one transaction with a `command` row, refusals change nothing.
@Suite(.postgres)
struct TeamCommandTests {
    /// A new team database, initialised by its owner (the superuser of the test server).
    func team() throws -> (TeamServer, Workspace, [String: String]) {
        let server = try TeamServer()
        let workspace = try Workspace()
        let owner = ["OPTOUT_DB": server.url()]
        let initialized = try workspace.run(["init"], environment: owner)
        #expect(initialized.status == 0, "init failed: \(initialized.stderr)")
        return (server, workspace, owner)
    }

    /// The groups `name` is directly a member of, as the server says.
    func groups(_ server: TeamServer, _ name: String) throws -> String {
        try server.value(
            """
            SELECT coalesce(string_agg(g.rolname, ',' ORDER BY g.rolname), '') FROM pg_auth_members a
            JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = '\(name)'
            """)
    }

    func roleExists(_ server: TeamServer, _ name: String) throws -> Bool {
        try server.value("SELECT count(*) FROM pg_roles WHERE rolname = '\(name)'") == "1"
    }

    /// What the server holds that a refused team command must leave as it was: roles, memberships, the history.
    func snapshot(_ server: TeamServer) throws -> String {
        try server.value(
            """
            SELECT (SELECT string_agg(m.rolname || ':' || g.rolname, ',' ORDER BY 1) FROM pg_auth_members a
                    JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
                    WHERE m.rolname LIKE '%\\_\(server.suffix)')
                || ' roles:' || (SELECT count(*) FROM pg_roles WHERE rolname LIKE '%\\_\(server.suffix)')
                || ' commands:' || (SELECT count(*) FROM command) || ' events:' || (SELECT count(*) FROM event)
            """)
    }

    /// A CSV listing's header and the rows of this test's logins (those ending in its suffix).
    func ours(_ csv: String, _ server: TeamServer) -> [String] {
        csv.split(whereSeparator: \.isNewline).enumerated().filter { index, line in
            index == 0 || line.split(separator: ",").first?.hasSuffix("_" + server.suffix) == true
        }.map { String($0.element) }
    }

    func expectRefused(
        _ run: Workspace.Run, _ error: any OptOutError, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.status != 0, "succeeded: \(run.stdout)", sourceLocation: sourceLocation)
        #expect(run.stderr == "error: \(error.errorLine)\n", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func addListChangeAndRemoveAreTheServersOwnRoles() throws {
        let (server, workspace, owner) = try team()
        defer { server.drop() }
        let alice = server.login("alice")
        let bob = server.login("bob")
        let carol = server.login("carol")

        let added = try workspace.run(
            ["team", "add", alice, "--role", "clerk", "--password-stdin"], input: "alice pw\n", environment: owner)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(
            added.stdout
                == Messages.teamAdded(
                    TeamAdded(name: alice, role: .clerk, previous: nil, created: true, passwordSet: true)))
        // The password is the line read, without its newline: alice logs in with it.
        #expect(try server.psql(as: alice, password: "alice pw", "SELECT session_user").stdout == alice + "\n")
        #expect(try server.psql(as: alice, password: "alice pw\n", "SELECT 1").status != 0)
        // A password piped in with a Windows line end is the same password.
        let bobAdded = try workspace.run(
            ["team", "add", bob, "--role", "counsel", "--password-stdin"], input: "bob-pw\r\n", environment: owner)
        #expect(bobAdded.status == 0, "\(bobAdded.stderr)")
        #expect(try server.psql(as: bob, password: "bob-pw", "SELECT session_user").stdout == bob + "\n")
        let carolAdded = try workspace.run(["team", "add", carol, "--role", "admin"], environment: owner)
        #expect(
            carolAdded.stdout
                == Messages.teamAdded(
                    TeamAdded(name: carol, role: .admin, previous: nil, created: true, passwordSet: false)))
        #expect(try groups(server, alice) == "optout_clerk")
        #expect(try groups(server, bob) == "optout_counsel")
        #expect(try groups(server, carol) == "optout_admin")

        // Memberships are the server's (an optout role is a role in every optout database of the
        // server), so the listing may hold other databases' members too: this test's are its suffix's.
        let table = try workspace.run(["team", "list"], environment: owner)
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["user", "role", "login"])
        #expect(
            rows.filter { $0.first?.hasSuffix(server.suffix) == true }
                == [[alice, "clerk", "yes"], [bob, "counsel", "yes"], [carol, "admin", "yes"]])
        // Sorted by name, byte by byte.
        let names = rows.dropFirst().compactMap(\.first)
        #expect(names == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let json = try workspace.json(
            try workspace.run(["team", "list", "--format", "json"], environment: owner).stdout)
        let members = try #require(json as? [[String: String]]).filter { $0["user"]?.hasSuffix(server.suffix) == true }
        #expect(members.map { $0["user"] ?? "" } == [alice, bob, carol])
        #expect(members.map { $0["role"] ?? "" } == ["clerk", "counsel", "admin"])
        #expect(members.map { $0["login"] ?? "" } == ["yes", "yes", "yes"])
        let csv = try workspace.run(["team", "list", "--format", "csv"], environment: owner).stdout
        #expect(
            ours(csv, server) == ["user,role,login", "\(alice),clerk,yes", "\(bob),counsel,yes", "\(carol),admin,yes"])

        // add with another role changes the role: the other is revoked.
        let changed = try workspace.run(["team", "add", alice, "--role", "counsel"], environment: owner)
        #expect(
            changed.stdout
                == Messages.teamAdded(
                    TeamAdded(name: alice, role: .counsel, previous: .clerk, created: false, passwordSet: false)))
        #expect(try groups(server, alice) == "optout_counsel")
        // Her password stays as it was.
        #expect(try server.psql(as: alice, password: "alice pw", "SELECT 1").status == 0)
        let same = try workspace.run(["team", "add", alice, "--role", "counsel"], environment: owner)
        #expect(
            same.stdout
                == Messages.teamAdded(
                    TeamAdded(name: alice, role: .counsel, previous: .counsel, created: false, passwordSet: false)))
        // An admin sets a forgotten password again.
        let reset = try workspace.run(
            ["team", "add", alice, "--role", "counsel", "--password-stdin"], input: "new pw\n", environment: owner)
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try server.psql(as: alice, password: "new pw", "SELECT 1").status == 0)
        #expect(try server.psql(as: alice, password: "alice pw", "SELECT 1").status != 0)

        let removed = try workspace.run(["team", "remove", carol], environment: owner)
        #expect(removed.stdout == Messages.teamRemoved(TeamRemoved(name: carol, role: .admin)))
        #expect(try !roleExists(server, carol))
        let after = try workspace.run(["team", "list", "--format", "csv"], environment: owner).stdout
        #expect(ours(after, server) == ["user,role,login", "\(alice),counsel,yes", "\(bob),counsel,yes"])
        // The removed login can no longer connect; one error line says so.
        let gone = try workspace.run(
            ["team", "list"], environment: ["OPTOUT_DB": server.url(as: carol), "PGPASSWORD": "anything"])
        expectRefused(
            gone,
            PostgresError.connectionFailed(location: server.url(as: carol), reason: .wrongPassword(user: carol)))

        // Each add and remove is a command of the history, written by the login; no case changed, so no event.
        #expect(try server.value("SELECT count(*) FROM command WHERE name LIKE 'optout team add %'") == "6")
        #expect(try server.value("SELECT count(*) FROM command WHERE name LIKE 'optout team remove %'") == "1")
        #expect(try server.value("SELECT count(*) FROM command WHERE name LIKE 'optout team list%'") == "0")
        #expect(try server.value("SELECT count(*) FROM event") == "0")
        // The command row names no password: not the one piped in, nor one in the --db URL.
        #expect(try server.value("SELECT count(*) FROM command WHERE name LIKE '%pw%'") == "0")
        let viaURL = try workspace.run(["team", "add", bob, "--role", "counsel", "--db", server.url()])
        #expect(viaURL.status == 0, "\(viaURL.stderr)")
        let superuserPassword = try #require(URLComponents(string: server.url())?.password)
        let named = try server.value("SELECT name FROM command ORDER BY id DESC LIMIT 1")
        #expect(named.hasPrefix("optout team add \(bob) --role counsel --db postgresql://"))
        #expect(named.contains(":***@"))
        #expect(!named.contains(superuserPassword))
        let verified = try workspace.run(["verify"], environment: owner)
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test func whoMayManageTheTeam() throws {
        let (server, workspace, owner) = try team()
        defer { server.drop() }
        let carol = server.login("carol")
        let bob = server.login("bob")
        let dave = server.login("dave")
        for (name, role) in [(carol, "admin"), (bob, "counsel")] {
            let added = try workspace.run(
                ["team", "add", name, "--role", role, "--password-stdin"], input: "pw-\(name)\n", environment: owner)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let asBob = ["OPTOUT_DB": server.url(as: bob), "PGPASSWORD": "pw-\(bob)"]
        let asCarol = ["OPTOUT_DB": server.url(as: carol), "PGPASSWORD": "pw-\(carol)"]

        // Counsel is not an admin; an admin without CREATEROLE cannot create roles on the server.
        var before = try snapshot(server)
        expectRefused(
            try workspace.run(["team", "add", dave, "--role", "viewer"], environment: asBob),
            TeamError.notPrivileged(user: bob, reason: .notOwnerOrAdmin))
        expectRefused(
            try workspace.run(["team", "remove", carol], environment: asBob),
            TeamError.notPrivileged(user: bob, reason: .notOwnerOrAdmin))
        expectRefused(
            try workspace.run(["team", "add", dave, "--role", "viewer"], environment: asCarol),
            TeamError.notPrivileged(user: carol, reason: .noCreateRole))
        #expect(try snapshot(server) == before)

        // An admin with CREATEROLE manages the team, but cannot remove herself.
        try server.psql(as: nil, "ALTER ROLE \(carol) CREATEROLE")
        let byCarol = try workspace.run(["team", "add", dave, "--role", "viewer"], environment: asCarol)
        #expect(byCarol.status == 0, "\(byCarol.stderr)")
        #expect(try groups(server, dave) == "optout_viewer")
        #expect(try server.value("SELECT actor FROM command ORDER BY id DESC LIMIT 1") == carol)
        before = try snapshot(server)
        expectRefused(
            try workspace.run(["team", "remove", carol], environment: asCarol), TeamError.removingSelf(name: carol))
        // Another admin's $OPTOUT_ACTOR does not make her someone else.
        expectRefused(
            try workspace.run(["team", "remove", carol], environment: asCarol.merging(["OPTOUT_ACTOR": bob]) { $1 }),
            TeamError.removingSelf(name: carol))
        #expect(try snapshot(server) == before)
        let byCarolRemove = try workspace.run(["team", "remove", dave], environment: asCarol)
        #expect(byCarolRemove.status == 0, "\(byCarolRemove.stderr)")
        #expect(try !roleExists(server, dave))
    }

    @Test func whatTeamRemoveAndAddRefuse() throws {
        let (server, workspace, owner) = try team()
        defer { server.drop() }
        let stranger = server.login("stranger")
        let group = server.login("group")
        let keeper = server.login("keeper")
        let boss = server.login("boss")
        let alice = server.login("alice")
        // Roles of the server that optout did not make: another application's login, a group.
        try server.psql(as: nil, "CREATE ROLE \(stranger) LOGIN PASSWORD 'theirs'")
        try server.psql(as: nil, "CREATE ROLE \(group) NOLOGIN")
        for name in [keeper, boss, alice] {
            #expect(try workspace.run(["team", "add", name, "--role", "clerk"], environment: owner).status == 0)
        }
        try server.psql(as: nil, "CREATE TABLE keepers_own (x int); ALTER TABLE keepers_own OWNER TO \(keeper)")
        try server.psql(as: nil, "GRANT SELECT ON campaign TO \(alice)")
        try server.psql(as: nil, "ALTER DATABASE \(server.database) OWNER TO \(boss)")
        let before = try snapshot(server)
        let strangersPassword = try server.value("SELECT rolpassword FROM pg_authid WHERE rolname = '\(stranger)'")

        // team remove drops no role that is not on the team.
        expectRefused(
            try workspace.run(["team", "remove", stranger], environment: owner), TeamError.notOnTeam(name: stranger))
        expectRefused(
            try workspace.run(["team", "remove", server.login("nobody")], environment: owner),
            TeamError.notOnTeam(name: server.login("nobody")))
        // nor the database's owner, nor a role that owns objects or holds privileges of its own.
        expectRefused(
            try workspace.run(["team", "remove", boss], environment: owner), TeamError.removingOwner(name: boss))
        expectRefused(
            try workspace.run(["team", "remove", keeper], environment: owner),
            TeamError.ownsObjects(name: keeper, count: 1))
        expectRefused(
            try workspace.run(["team", "remove", alice], environment: owner),
            TeamError.stillReferenced(name: alice, detail: "privileges for table campaign"))
        // A new login that differs from a role of the server only in case would look like it.
        let lookalike = server.login("ALICE")
        expectRefused(
            try workspace.run(["team", "add", lookalike, "--role", "admin"], environment: owner),
            TeamError.lookalike(name: lookalike, existing: alice))
        // A group cannot be made a member; another application's login keeps its password.
        expectRefused(
            try workspace.run(["team", "add", group, "--role", "admin"], environment: owner),
            TeamError.notALogin(name: group))
        expectRefused(
            try workspace.run(
                ["team", "add", stranger, "--role", "viewer", "--password-stdin"], input: "mine now\n",
                environment: owner),
            TeamError.foreignLogin(name: stranger))
        #expect(try snapshot(server) == before)
        #expect(
            try server.value("SELECT rolpassword FROM pg_authid WHERE rolname = '\(stranger)'") == strangersPassword)
        #expect(strangersPassword.hasPrefix("SCRAM-SHA-256$"))
        #expect(try groups(server, alice) == "optout_clerk")
        #expect(try roleExists(server, keeper))

        // A name that would be an SQL injection if spliced is a name like any other.
        let odd = "x\"; DROP TABLE event; --'_\(server.suffix)"
        let oddAdded = try workspace.run(
            ["team", "add", odd, "--role", "viewer", "--password-stdin"], input: "it's \"quoted\" \\ %L\n",
            environment: owner)
        #expect(oddAdded.status == 0, "\(oddAdded.stderr)")
        #expect(
            try server.value(
                "SELECT count(*) FROM pg_roles WHERE rolname = 'x\"; DROP TABLE event; --''_\(server.suffix)'") == "1")
        #expect(try server.value("SELECT to_regclass('event') IS NOT NULL") == "t")
        let oddRemoved = try workspace.run(["team", "remove", odd], environment: owner)
        #expect(oddRemoved.status == 0, "\(oddRemoved.stderr)")
    }
}
