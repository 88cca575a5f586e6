import Foundation
import Testing

/// The team-mode tests stand on the fixture: a database of their own, empty, gone afterwards; a
/// login without grants that the server refuses; passwords checked over TCP. If any of these
/// failed, a role test could pass because the fixture let everyone in.
@Suite(.postgres)
struct PostgresFixtureTests {
    /// The user tables and views in a database (catalogs left out).
    static let userRelations = """
        SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%';
        """

    @Test func aFreshDatabaseExistsIsEmptyAndIsGoneOnceDropped() throws {
        let database = try PostgresFixture.database(named: "fixture empty")
        defer { try? database.drop() }
        #expect(database.name.hasPrefix("optout_fixture_empty_"))

        let run = try database.psql("SELECT current_database(), current_user;\n" + Self.userRelations).check()
        #expect(run.lines == ["\(database.name)|postgres", "0"])

        try database.drop()
        let left = try PostgresFixture.psql(
            database.serverURL, "SELECT count(*) FROM pg_database WHERE datname = :'database';",
            variables: ["database": database.name]
        ).check()
        #expect(left.lines == ["0"])
        try database.drop()  // a second drop does nothing
    }

    @Test func twoDatabasesOfTheSameNameAreTwoDatabases() throws {
        try PostgresFixture.withDatabase(named: "twin") { first in
            try PostgresFixture.withDatabase(named: "twin") { second in
                #expect(first.name != second.name)
                try first.psql("CREATE TABLE only_here (id integer);").check()
                #expect(try second.psql(Self.userRelations).check().lines == ["0"])
            }
        }
    }

    @Test func aLoginWithoutGrantsConnectsButIsRefusedTheTables() throws {
        try PostgresFixture.withDatabase(named: "no grants") { database in
            try database.psql(
                """
                CREATE TABLE event (id integer PRIMARY KEY, actor text NOT NULL);
                INSERT INTO event VALUES (1, 'counsel');
                """
            ).check()
            let clerk = try database.createLogin("clerk")

            // The login itself works: what follows is refused for want of privileges.
            let who = try PostgresFixture.psql(clerk.url, "SELECT current_user, current_database();").check()
            #expect(who.lines == ["\(clerk.name)|\(database.name)"])

            for attack in [
                "SELECT * FROM event;",
                "INSERT INTO event VALUES (2, 'clerk');",
                "UPDATE event SET actor = 'clerk';",
                "DELETE FROM event;",
                "CREATE TABLE mine (id integer);",  // PostgreSQL 15: no CREATE on schema public for PUBLIC
            ] {
                let refused = try PostgresFixture.psql(clerk.url, attack)
                #expect(refused.status != 0 && refused.sqlstate == "42501", "\(attack) was not refused: \(refused)")
            }
            #expect(try database.psql("SELECT id || ':' || actor FROM event;").check().lines == ["1:counsel"])
        }
    }

    @Test func aWrongPasswordOrUnknownUserIsRefusedOverTCP() throws {
        try PostgresFixture.withDatabase(named: "password") { database in
            let clerk = try database.createLogin("clerk")
            let wrong = try PostgresFixture.url(clerk.url, password: clerk.password + "x")
            #expect(try PostgresFixture.psql(wrong, "SELECT 1;").connectionFailed)
            let stranger = try PostgresFixture.url(clerk.url, user: database.roleName("stranger"))
            #expect(try PostgresFixture.psql(stranger, "SELECT 1;").connectionFailed)
            // ... and the password it was made with is taken.
            #expect(try PostgresFixture.psql(clerk.url, "SELECT 1;").check().lines == ["1"])
        }
    }

    @Test func namesAndPasswordsReachTheServerAsGivenNotAsSQL() throws {
        try PostgresFixture.withDatabase(named: "quoting") { database in
            let hostile = #"o'brien"; DROP DATABASE postgres; --"#
            let role = hostile + PostgresFixture.uniqueSuffix()
            database.dropsAtEnd(role: role)
            let password = #"p@ss:w/o'r"d\ %41; DROP ROLE postgres; --"#
            try PostgresFixture.psql(
                database.serverURL, #"CREATE ROLE :"role" LOGIN PASSWORD :'password';"#,
                variables: ["role": role, "password": password]
            ).check()
            let login = try PostgresFixture.url(database.url, user: role, password: password)
            #expect(
                try PostgresFixture.psql(login, "SELECT current_user = :'role';", variables: ["role": role])
                    .check().lines == ["t"])
            #expect(try database.psql("SELECT count(*) FROM pg_database WHERE datname = 'postgres';").lines == ["1"])
        }
    }
}

/// The library's tests carry a copy of the fixture (a test target cannot import another's files).
struct PostgresFixtureCopyTests {
    @Test func theLibraryTestsCopyOfTheFixtureIsThisOne() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let here = try Data(contentsOf: tests.appendingPathComponent("optoutTests/PostgresFixture.swift"))
        let copy = try Data(contentsOf: tests.appendingPathComponent("OptOutKitTests/PostgresFixture.swift"))
        #expect(
            here == copy,
            "Tests/OptOutKitTests/PostgresFixture.swift differs: copy Tests/optoutTests/PostgresFixture.swift over it")
    }
}
