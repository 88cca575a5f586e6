import Foundation
import GRDB

/// A tracker on a team database: the same actions, on a PostgreSQL server.
extension Tracker {
    /// The team database's location as messages show it (its password masked); `nil` for a file.
    public var serverLocation: String? { server?.location }

    /// Whether `location` (a `--db` value) names a team database on a server.
    public static func isServer(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://")
    }

    /// Opens the team database at `url` for `access`. The history's actor is the role the server
    /// logged in, whatever `$OPTOUT_ACTOR` says. Only `.initialize` creates or brings the schema up to date.
    public static func open(
        server url: String, access: StoreAccess, clock: Clock, commandLine: String = "optout",
        letters: LetterRenderer = LetterRenderer(), tableWidth: Int? = nil
    ) throws -> Tracker {
        let connection = try PostgresConnection(url: url)
        let location = connection.location
        let applied = try appliedServerMigrations(connection, location: location)
        let known = serverMigrations.map(\.name)
        if !Set(applied).isSubset(of: known) { throw PostgresError.newerSchema(location: location) }
        let missing = serverMigrations.filter { !applied.contains($0.name) }
        if !missing.isEmpty {
            // The server's own databases are for its administration, not a team's records.
            if access == .initialize,
                let name = try connection.execute("SELECT current_database()").text(row: 0, column: 0),
                ["postgres", "template0", "template1"].contains(name)
            {
                throw PostgresError.maintenanceDatabase(location: location, name: name)
            }
            guard access == .initialize else {
                if applied.isEmpty { throw PostgresError.noSchema(location: location) }
                throw PostgresError.olderSchema(location: location)
            }
            try connection.execute("BEGIN")
            do {
                // Each file records itself in optout_migration.
                for migration in missing { try connection.executeScript(migration.sql) }
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
        // GRDB writes the SQL against an empty model of the schema, in memory.
        let model = try DatabaseQueue(configuration: StoreConfiguration.make(readonly: false))
        try migrator(at: "", actor: "").migrate(model)
        let tracker = Tracker(
            checked: model, actor: try connection.user, clock: clock, commandLine: commandLine, letters: letters,
            tableWidth: tableWidth, server: connection)
        // A database brought up from an older version was set up before: `init` says it is up to date.
        tracker.setUpSchema = applied.isEmpty && !missing.isEmpty
        return tracker
    }

    /// The numbered files of `Schema/postgresql/`, in order.
    static var serverMigrations: [(name: String, sql: String)] {
        let prefix = "Schema/postgresql/"
        return EmbeddedResources.files.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sql") }.sorted().map {
            (String($0.dropFirst(prefix.count).dropLast(".sql".count)), EmbeddedResources.files[$0] ?? "")
        }
    }

    /// The schema versions recorded on the server; empty for a database without optout's tables.
    private static func appliedServerMigrations(_ connection: PostgresConnection, location: String) throws -> [String] {
        let tables = try connection.execute(
            """
            SELECT count(*) FILTER (WHERE table_name = 'optout_migration'), count(*) FROM information_schema.tables
            WHERE table_schema = current_schema()
            """)
        let hasMigrations = (tables.text(row: 0, column: 0).flatMap(Int.init) ?? 0) > 0
        let count = tables.text(row: 0, column: 1).flatMap(Int.init) ?? 0
        if !hasMigrations {
            if count > 0 { throw PostgresError.notOptOut(location: location) }
            return []
        }
        let result = try connection.execute("SELECT name FROM optout_migration ORDER BY name")
        return (0..<result.rowCount).compactMap { result.text(row: $0, column: 0) }
    }

    /// Runs `body` in one transaction on the server, under the history's lock, after writing the
    /// command row; commits if `body` returns, rolls back if it throws. A `dryRun` writes no
    /// command row and always rolls back.
    func serverTransaction<T>(
        _ connection: PostgresConnection, dryRun: Bool = false, commandRow: Bool = true, _ body: (Store) throws -> T
    ) throws -> T {
        try writer.unsafeReentrantRead { model in
            try connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            chain = nil
            defer { chain = nil }
            let db = Store(server: connection, compiler: model)
            do {
                // Writers one at a time, as SQLite's BEGIN IMMEDIATE: the history's head is read and
                // extended under this lock (Schema/postgresql/), readers go on.
                try connection.execute("SELECT optout_lock_history()")
                if !dryRun && commandRow {
                    try db.execute(
                        sql: "INSERT INTO command (at, actor, name) VALUES (?, ?, ?)",
                        arguments: [timestamp, actor, commandLine])
                }
                let result = try body(db)
                try db.flush()
                try connection.execute(dryRun ? "ROLLBACK" : "COMMIT")
                return result
            } catch {
                db.abandon()
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one transaction that sees one moment of the database and writes nothing but
    /// the temporary tables a report sorts by (so it is not declared READ ONLY), then rolls back.
    func serverRead<T>(_ connection: PostgresConnection, _ body: (Store) throws -> T) throws -> T {
        try writer.unsafeReentrantRead { model in
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            let db = Store(server: connection, compiler: model)
            do {
                let result = try body(db)
                db.abandon()
                try connection.execute("ROLLBACK")
                return result
            } catch {
                db.abandon()
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
