import Foundation
import Testing

@testable import OptOutKit

/// Schema/postgresql/002_ids.sql as the binary carries it, read without a server: it comes after
/// 001, and the identities it resets are every identity the team schema's files create, so a
/// table added later with an identity cannot be left to skip ids (the server-side check of the
/// same is scripts/check-postgres-schema.sh).
@Suite struct ServerIdsSchemaTests {
    @Test func theBinaryAppliesTheIdsFileAfterTheTeamSchema() {
        let names = Tracker.serverMigrations.map(\.name)
        #expect(Array(names.prefix(2)) == ["001_team", "002_ids"])
        #expect(names == names.sorted())
    }

    /// The tables whose `id` is an identity, in every file of Schema/postgresql/.
    static var identityTables: [String] {
        let created = /CREATE\s+TABLE\s+("?[a-z_]+"?)\s*\(\s*id\s+bigint\s+GENERATED\s+BY\s+DEFAULT\s+AS\s+IDENTITY/
        return Tracker.serverMigrations.flatMap { migration in
            migration.sql.matches(of: created).map { String($0.1) }
        }
    }

    /// The body of the last definition of `optout_reset_identities()`.
    static var resetFunction: String? {
        let defined =
            /CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+optout_reset_identities\(\)(?s:.*?)\$\$(?<body>(?s:.*?))\$\$/
        return Tracker.serverMigrations.compactMap { migration in
            migration.sql.matches(of: defined).last.map { String($0.body) }
        }.last
    }

    @Test func everyIdentityIsReset() throws {
        let tables = Self.identityTables
        #expect(tables.count == 11)
        #expect(tables.contains("\"case\""))
        let body = try #require(Self.resetFunction)
        for table in tables {
            // Next id MAX(id) + 1, or 1 for an empty table.
            let reset =
                "setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))"
            #expect(body.contains(reset), "\(table)")
            #expect(body.contains("FROM \(table);"), "\(table)")
        }
        // Under the history's lock, taken first, so a clerk running it alone waits for any writer.
        #expect(
            body.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(
                "BEGIN\n    LOCK TABLE event IN EXCLUSIVE MODE;"))
    }

    @Test func theHistoryLockResetsTheIdentities() throws {
        let replaced = /CREATE\s+OR\s+REPLACE\s+FUNCTION\s+optout_lock_history\(\)(?s:.*?)\$\$(?<body>(?s:.*?))\$\$/
        let body = try #require(
            Tracker.serverMigrations.compactMap { $0.sql.matches(of: replaced).last.map { String($0.body) } }.last)
        let lock = try #require(body.range(of: "LOCK TABLE event IN EXCLUSIVE MODE;"))
        let reset = try #require(body.range(of: "PERFORM optout_reset_identities();"))
        #expect(lock.upperBound <= reset.lowerBound)
    }
}
