import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// `Schema/` holds SQLite's numbered migrations at its top and PostgreSQL's team schema in
/// `Schema/postgresql/`: the binary carries both, and SQLite's migrator runs only its own.
@Suite struct SchemaDialectTests {
    @Test func theBinaryCarriesTheTeamSchema() {
        let team = EmbeddedResources.files["Schema/postgresql/001_team.sql"]
        #expect(team?.contains("CREATE TABLE event") == true)
    }

    @Test func sqliteMigratesOnlyTheFilesAtTheTopOfSchema() throws {
        let migrations = Tracker.migrator(at: "2024-06-01T09:00:00Z", actor: "test").migrations
        #expect(migrations.first == "001_initial")
        #expect(migrations.allSatisfy { !$0.contains("/") })
        let queue = try DatabaseQueue()
        let tracker = try Tracker(writer: queue, actor: "test", clock: Fixture.clock)
        let applied = try tracker.reader.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(applied == migrations)
    }
}
