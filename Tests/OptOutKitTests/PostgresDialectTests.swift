import Testing

@testable import OptOutKit

/// The SQL the server is sent in place of SQLite's.
@Suite struct PostgresDialectTests {
    @Test func placeholdersAreNumberedOutsideQuotesAndComments() {
        let (sql, order) = PostgresDialect.numbered(
            "SELECT '?', \"a?\", x::text, ? -- ?\nFROM t WHERE a = :name AND b = ? AND c = :name")
        #expect(sql == "SELECT '?', \"a?\", x::text, $1 -- ?\nFROM t WHERE a = $2 AND b = $3 AND c = $2")
        #expect(order == [.positional, .named("name"), .positional])
    }

    @Test func plainInsertsBecomeCopies() {
        #expect(
            PostgresDialect.copyTarget(
                of: """
                    INSERT INTO event (id, case_id,
                                       hash)
                    VALUES (?, ?, ?)
                    """) == "event (id, case_id, hash)")
        #expect(
            PostgresDialect.copyTarget(
                of: """
                    INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id,
                                       case_before, undoes, case_after, records_sha256, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)?.hasPrefix("event (id, case_id, at,") == true)
        #expect(
            PostgresDialect.copyTarget(of: "INSERT INTO temp.staging (seq, name) VALUES (?, ?)")
                == "pg_temp.staging (seq, name)")
        // Anything more than one row of placeholders is run as it is.
        #expect(PostgresDialect.copyTarget(of: "INSERT INTO t (a, b) VALUES (?, 1)") == nil)
        #expect(PostgresDialect.copyTarget(of: "INSERT INTO t (a) VALUES (?) RETURNING id") == nil)
        #expect(PostgresDialect.copyTarget(of: "INSERT INTO t (a, b) VALUES (?)") == nil)
        #expect(PostgresDialect.copyTarget(of: "INSERT INTO t (a) SELECT ?") == nil)
    }

    @Test func sqliteSpellingsAreRewritten() {
        #expect(PostgresDialect.rewritten("x IN (SELECT NULL WHERE NULL)") == "x = ANY('{}')")
        #expect(PostgresDialect.rewritten("x NOT IN (SELECT NULL WHERE NULL)") == "x <> ALL('{}')")
        #expect(PostgresDialect.rewritten("CREATE INDEX temp.i ON s (a)") == "CREATE INDEX i ON s (a)")
        #expect(PostgresDialect.rewritten("FROM main.recipient r") == "FROM recipient r")
    }
}
