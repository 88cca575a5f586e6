import Foundation
import GRDB
import GRDBSQLite

/// A whole database moved between the two stores (SPEC section 9): an SQLite file up to a team
/// database fresh from `optout init`, or a team database down to a new SQLite file. Every table of
/// the schema is copied with its ids, in one transaction on each side; the history is copied as
/// it is (its actors, times and seals), so the copy ends at the same head, which is checked by
/// reading the copy back and running the full verification on it before it is kept.
///
/// The same copy down, of one snapshot of the server into a temporary file, is how `verify` and
/// `backup` read a team database: the verification is SQLite's, so a history gives the same head
/// on either store.
public enum DatabaseCopy {
    /// What a copy moved and where both ends now stand.
    public struct Copied: Sendable, Equatable {
        /// Where it came from and went, as a person reads them (a server's password masked).
        public var source: String
        public var target: String
        public var cases: Int
        public var events: Int
        /// The hash of the last event, the same on both ends.
        public var head: String
    }

    /// Copies the database at `source` to `target`, each an SQLite path or a `postgresql://` URL.
    /// An SQLite source must be at the current schema and its history intact; a server target
    /// must be initialised and empty, and the login its owner; a file target must not exist.
    /// Server to server goes through a temporary file, down and then up. `progress` hears of the
    /// rows copied and the events verified.
    public static func copy(
        from source: String, to target: String, clock: Clock, progress: Progress? = nil
    ) throws -> Copied {
        switch (Tracker.isServer(source), Tracker.isServer(target)) {
        case (false, true): return try copyUp(file: source, server: target, clock: clock, progress: progress)
        case (true, false): return try copyDown(server: source, file: target, clock: clock, progress: progress)
        case (true, true):
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "optout-copy-\(UUID().uuidString).sqlite"
            ).path
            defer { StoreFile.remove(path) }
            let down = try copyDown(server: source, file: path, clock: clock, progress: progress)
            var up = try copyUp(file: path, server: target, clock: clock, progress: progress)
            up.source = down.source
            return up
        case (false, false):
            throw CopyError.sameStore(source: source, target: target)
        }
    }

    /// Hears how a long copy goes.
    public typealias Progress = @Sendable (ProgressStep) -> Void

    // MARK: - Up: an SQLite file to a server

    static func copyUp(file: String, server url: String, clock: Clock, progress: Progress?) throws -> Copied {
        let source = try Tracker.open(path: file, access: .read, actor: "optout", clock: clock)
        source.progress = progress
        let target = try Tracker.open(server: url, access: .write, clock: clock)
        guard let connection = target.server else { throw InternalError.transactionIncomplete }
        let location = connection.location
        let user = try connection.user
        let owner = try connection.execute("SELECT optout_is_owner()")
        guard owner.text(row: 0, column: 0) == "t" else { throw CopyError.notOwner(target: location, user: user) }
        return try source.writer.read { db in
            // The source, read in this one snapshot: verified first, so a broken history is named as
            // the source's, and never carried over.
            let verified: HistoryVerified
            do {
                verified = try source.verifyHistory(db, expectedHead: nil)
            } catch let broken as HistoryBreak {
                throw CopyError.sourceBroken(source: file, broken: broken)
            }
            let cases = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "case""#) ?? 0
            let tables = try CopyTable.matched(sqlite: db, server: connection)
            try connection.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
            do {
                // Writers wait for this one (and it for them), as every writing command does.
                try connection.execute("SELECT optout_lock_history()")
                let occupied = try tables.compactMap { table -> CopyError.TableRows? in
                    let count = try connection.execute("SELECT count(*) FROM \(PostgresDialect.quoted(table.name))")
                    let rows = count.text(row: 0, column: 0).flatMap(Int.init) ?? 0
                    return rows > 0 ? CopyError.TableRows(table: table.name, rows: rows) : nil
                }
                if !occupied.isEmpty { throw CopyError.targetNotEmpty(target: location, rows: occupied) }
                // Rows that name later rows (superseded_by, undoes) load in any order; checked below.
                try connection.execute("SET CONSTRAINTS ALL DEFERRED")
                var counter = ProgressCounter(progress, what: "rows copied", total: nil)
                for table in tables { try table.copy(from: db, to: connection, counter: &counter) }
                counter.finish()
                try connection.execute("SELECT optout_sync_identities()")
                try connection.execute("SET CONSTRAINTS ALL IMMEDIATE")
                // Read back within this transaction, verified, and compared before anything is kept.
                let copied = try readBack(connection, clock: clock, location: location, progress: progress)
                guard copied.events == verified.events, copied.head == verified.head else {
                    throw CopyError.mismatch(
                        target: location, sourceEvents: verified.events, sourceHead: verified.head,
                        copiedEvents: copied.events, copiedHead: copied.head)
                }
                try connection.execute("COMMIT")
                return Copied(source: file, target: location, cases: cases, events: copied.events, head: copied.head)
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The server's records as this transaction sees them, copied into a temporary file and
    /// verified there; the file is removed.
    private static func readBack(
        _ connection: PostgresConnection, clock: Clock, location: String, progress: Progress?
    ) throws -> HistoryVerified {
        let path = try temporaryFile()
        defer { StoreFile.remove(path) }
        try fill(file: path, from: connection, progress: progress)
        do {
            return try opened(path, clock: clock, progress: progress).verifyHistory()
        } catch let broken as HistoryBreak {
            throw CopyError.copyBroken(target: location, broken: broken)
        }
    }

    // MARK: - Down: a server to a new SQLite file

    static func copyDown(server url: String, file: String, clock: Clock, progress: Progress?) throws -> Copied {
        let source = try Tracker.open(server: url, access: .read, clock: clock)
        guard let connection = source.server else { throw InternalError.transactionIncomplete }
        let location = connection.location
        let expected = try snapshot(connection, toNewFile: file, clock: clock, progress: progress)
        do {
            let copy = try opened(file, clock: clock, progress: progress)
            let verified: HistoryVerified
            do {
                verified = try copy.verifyHistory()
            } catch let broken as HistoryBreak {
                // The copy is the snapshot as it is: a break in it is the server's (verify says the same).
                throw CopyError.sourceBroken(source: location, broken: broken)
            }
            guard verified.events == expected.events, verified.head == expected.head else {
                throw CopyError.mismatch(
                    target: file, sourceEvents: expected.events, sourceHead: expected.head,
                    copiedEvents: verified.events, copiedHead: verified.head)
            }
            return Copied(
                source: location, target: file, cases: expected.cases, events: verified.events, head: verified.head)
        } catch {
            StoreFile.remove(file)
            throw error
        }
    }

    /// What the server holds at the moment a snapshot reads it.
    struct ServerHistory {
        var cases: Int
        var events: Int
        var head: String
    }

    /// Copies one snapshot of the server into the new file `path`, and returns what the server
    /// held. The file is written beside it under another name and given its own name only once
    /// whole (never over a file that appeared meanwhile): a copy that fails or is killed leaves
    /// no half-filled database under the name asked for.
    static func snapshot(
        _ connection: PostgresConnection, toNewFile path: String, clock: Clock, progress: Progress?
    ) throws -> ServerHistory {
        try StoreError.checkPath(path)
        for name in [path] + StoreFile.companions.map({ path + $0 }) where FileManager.default.fileExists(atPath: name)
        {
            throw CopyError.targetExists(path: name)
        }
        let partial = path + ".partial-\(UUID().uuidString.prefix(8))"
        try create(partial)
        defer { StoreFile.remove(partial) }
        let history = try snapshot(connection, into: partial, clock: clock, progress: progress)
        guard link(partial, path) == 0 else {
            // A file system without hard links: renamed, if the name is still free.
            if errno == EEXIST || FileManager.default.fileExists(atPath: path) {
                throw CopyError.targetExists(path: path)
            }
            guard rename(partial, path) == 0 else {
                throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            return history
        }
        return history
    }

    /// The copy at `path`, opened read-only.
    static func opened(_ path: String, clock: Clock, progress: Progress?) throws -> Tracker {
        do {
            let copy = Tracker(
                checked: try DatabaseQueue(path: path, configuration: StoreConfiguration.make(readonly: true)),
                actor: "optout", clock: clock, commandLine: "optout", letters: LetterRenderer())
            copy.progress = progress
            return copy
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// Copies one snapshot of the server (a REPEATABLE READ, READ ONLY transaction) into `file`,
    /// already created and empty, and returns what the server held.
    static func snapshot(
        _ connection: PostgresConnection, into file: String, clock: Clock, progress: Progress?,
        keepingDanglingReferences: Bool = false
    ) throws -> ServerHistory {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let counts = try connection.execute(
                """
                SELECT (SELECT count(*) FROM "case"), (SELECT count(*) FROM event),
                       (SELECT hash FROM event ORDER BY id DESC LIMIT 1)
                """)
            let history = ServerHistory(
                cases: counts.text(row: 0, column: 0).flatMap(Int.init) ?? 0,
                events: counts.text(row: 0, column: 1).flatMap(Int.init) ?? 0,
                head: counts.text(row: 0, column: 2) ?? HistorySeal.genesis)
            try fill(
                file: file, from: connection, progress: progress, keepingDanglingReferences: keepingDanglingReferences)
            try connection.execute("COMMIT")
            return history
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Migrates the empty SQLite `file` to the current schema and copies into it, in one
    /// transaction, every table as the server's open transaction sees it. A row naming a row that
    /// is not there is refused, or, `keepingDanglingReferences`, kept for `check` to report.
    private static func fill(
        file: String, from connection: PostgresConnection, progress: Progress?, keepingDanglingReferences: Bool = false
    ) throws {
        do {
            let queue = try DatabaseQueue(path: file, configuration: StoreConfiguration.make(readonly: false))
            // An empty database: the migrations that seal existing rows find none.
            try Tracker.migrator(at: "", actor: "").migrate(queue)
            try queue.writeWithoutTransaction { db in
                // Rows that name later rows load in any order, and the references are checked once
                // over the whole copy: with the checks deferred instead, every row a table loads
                // while one reference waits is looked for in the tables that name it, a scan each.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                try db.inTransaction(.immediate) {
                    var counter = ProgressCounter(progress, what: "rows copied", total: nil)
                    for table in try CopyTable.matched(sqlite: db, server: connection) {
                        try table.copy(from: connection, to: db, counter: &counter)
                    }
                    counter.finish()
                    if !keepingDanglingReferences, let dangling = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check")
                    {
                        throw CopyError.danglingReference(
                            table: try dangling.decode(forColumn: "table"),
                            row: "#\(try dangling.decode(Int64?.self, forColumn: "rowid").map(String.init) ?? "?")",
                            names: try dangling.decode(forColumn: "parent"))
                    }
                    return .commit
                }
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw StoreError(error, path: file)
        }
    }

    /// Creates `path`, readable and writable by its owner only; never an existing file.
    static func create(_ path: String) throws {
        try StoreError.checkPath(path)
        // Companion files that are there already are someone else's.
        if let stranger = StoreFile.companions.first(where: { FileManager.default.fileExists(atPath: path + $0) }) {
            throw CopyError.targetExists(path: path + stranger)
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw CopyError.targetExists(path: path) }
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// A new, empty file in the temporary folder, for a snapshot read once and removed.
    static func temporaryFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "optout-snapshot-\(UUID().uuidString).sqlite"
        ).path
        try create(path)
        return path
    }
}

// MARK: - A team database's verify and backup

extension Tracker {
    /// `location` as a person reads it: a server's URL with its password masked, a path as it is.
    public static func displayLocation(_ location: String) -> String {
        isServer(location) ? PostgresConnection.masked(location) : location
    }

    /// `verify` of a team database: one snapshot of the server copied into a temporary file and
    /// verified there (the same walk, so the same head as the same history in a file).
    func verifyServerHistory(_ connection: PostgresConnection, expectedHead: String?) throws -> HistoryVerified {
        let path = try DatabaseCopy.temporaryFile()
        defer { StoreFile.remove(path) }
        let expected = try DatabaseCopy.snapshot(connection, into: path, clock: clock, progress: progress)
        let verified = try DatabaseCopy.opened(path, clock: clock, progress: progress).verifyHistory(
            expectedHead: expectedHead)
        guard verified.events == expected.events, verified.head == expected.head else {
            throw CopyError.mismatch(
                target: "a snapshot of \(connection.location)", sourceEvents: expected.events,
                sourceHead: expected.head, copiedEvents: verified.events, copiedHead: verified.head)
        }
        // The snapshot's schema is the file's own; the server's guards are checked where they are.
        try Self.checkServerTriggers(connection)
        return verified
    }

    /// `check` of a team database: one snapshot of the server copied into a temporary file and
    /// checked there as a file is (references, stored values, every seal of the history), and the
    /// server's guard triggers where they are. The server looks after its own storage, so the
    /// snapshot's integrity check is that of what the server gave.
    func checkServer(_ connection: PostgresConnection) throws -> CheckResult {
        let path = try DatabaseCopy.temporaryFile()
        defer { StoreFile.remove(path) }
        _ = try DatabaseCopy.snapshot(
            connection, into: path, clock: clock, progress: progress, keepingDanglingReferences: true)
        var result = try DatabaseCopy.opened(path, clock: clock, progress: progress).check()
        if case .success = result.history {
            do { try Self.checkServerTriggers(connection) } catch let broken as HistoryBreak {
                result.history = .failure(broken)
            }
        }
        return result
    }

    /// Checks that every trigger the server's schema files create is there and enabled, and
    /// that no other trigger was added to optout's tables: as SQLite's verify checks its own
    /// (a superuser can drop or disable the guards that keep the history append-only).
    static func checkServerTriggers(_ connection: PostgresConnection) throws {
        let result = try connection.execute(
            """
            SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname
            """)
        var found: [String: Bool] = [:]
        for row in 0..<result.rowCount {
            guard let name = result.text(row: row, column: 0) else { continue }
            // 'D': disabled; 'O', 'R', 'A': fires (in origin, replica or every session).
            found[name] = result.text(row: row, column: 1) != "D"
        }
        let expected = serverTriggerNames
        let missing = expected.filter { found[$0] == nil }
        let disabled = expected.filter { found[$0] == false }
        let added = found.keys.filter { !expected.contains($0) }.sorted()
        let changes = missing.count + disabled.count + added.count
        if let name = missing.first {
            throw HistoryBreak.schemaObjectChanged(type: "trigger", name: name, altered: false, changes: changes)
        }
        if let name = disabled.first {
            throw HistoryBreak.schemaObjectChanged(type: "trigger", name: name, altered: true, changes: changes)
        }
        if let name = added.first {
            throw HistoryBreak.schemaObjectAdded(type: "trigger", name: name, changes: changes)
        }
    }

    /// The triggers the files of `Schema/postgresql/` leave, by name, in order: each file's
    /// `CREATE TRIGGER` less its `DROP TRIGGER`.
    static var serverTriggerNames: [String] {
        let created = /CREATE\s+(?:OR\s+REPLACE\s+)?TRIGGER\s+([A-Za-z_][A-Za-z_0-9]*)/
        let dropped = /DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?([A-Za-z_][A-Za-z_0-9]*)/
        var names: [String] = []
        for migration in serverMigrations {
            for match in migration.sql.matches(of: created) where !names.contains(String(match.1)) {
                names.append(String(match.1))
            }
            let gone = Set(migration.sql.matches(of: dropped).map { String($0.1) })
            names.removeAll { gone.contains($0) }
        }
        return names
    }

    /// `backup FILE` of a team database: one snapshot of the server written to the new SQLite
    /// file `path` (readable and writable by its owner only), then verified. A copy that fails
    /// leaves no file; one whose history is broken is kept, as a file's backup is, and the break
    /// returned.
    func backupServer(_ connection: PostgresConnection, to path: String) throws -> Result<HistoryVerified, HistoryBreak>
    {
        do {
            _ = try DatabaseCopy.snapshot(connection, toNewFile: path, clock: clock, progress: progress)
        } catch CopyError.targetExists(let existing) {
            throw StoreError.backupFailed(target: path, cause: "\(existing) already exists; name a new file")
        }
        let copy = try DatabaseCopy.opened(path, clock: clock, progress: progress)
        do {
            return .success(try copy.verifyHistory())
        } catch let broken as HistoryBreak {
            return .failure(broken)
        }
    }
}

// MARK: - One table

/// One table both stores hold, with its columns in the server's order and the kind of value each
/// holds there.
struct CopyTable {
    enum Kind {
        case integer, real, text, bytes, boolean
    }

    struct Column {
        var name: String
        var kind: Kind
    }

    var name: String
    var columns: [Column]

    /// The tables of the schema, matched between the SQLite file `db` and the server: the same
    /// tables (but each store's own record of its migrations) with the same columns, or an error
    /// naming the first difference. `command` comes last: a notice, reply or disclosure stored
    /// without a command (written before schema version 3) is stamped by both stores' triggers
    /// with the latest command when inserted, and there is none yet to stamp it with.
    static func matched(sqlite db: Database, server connection: PostgresConnection) throws -> [CopyTable] {
        let local = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                AND name <> 'grdb_migrations' ORDER BY name
                """)
        let result = try connection.execute(
            """
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'optout_migration'
            ORDER BY c.table_name, c.ordinal_position
            """)
        var remote: [String: [Column]] = [:]
        for row in 0..<result.rowCount {
            guard let table = result.text(row: row, column: 0), let column = result.text(row: row, column: 1) else {
                continue
            }
            remote[table, default: []].append(Column(name: column, kind: kind(of: result.text(row: row, column: 2))))
        }
        for table in remote.keys.sorted() where !local.contains(table) {
            throw CopyError.schemasDiffer(table: table, detail: "the server has it, the file does not")
        }
        var tables: [CopyTable] = []
        for table in local {
            guard let columns = remote[table] else {
                throw CopyError.schemasDiffer(table: table, detail: "the file has it, the server does not")
            }
            let names = try db.columns(in: table).map(\.name)
            if let missing = names.first(where: { name in !columns.contains { $0.name == name } }) {
                throw CopyError.schemasDiffer(table: table, detail: "the server has no column \(missing)")
            }
            if let extra = columns.first(where: { !names.contains($0.name) }) {
                throw CopyError.schemasDiffer(table: table, detail: "the file has no column \(extra.name)")
            }
            tables.append(CopyTable(name: table, columns: columns))
        }
        return tables.filter { $0.name != "command" } + tables.filter { $0.name == "command" }
    }

    private static func kind(of type: String?) -> Kind {
        switch type {
        case "bigint", "integer", "smallint": .integer
        case "double precision", "real", "numeric": .real
        case "bytea": .bytes
        case "boolean": .boolean
        default: .text
        }
    }

    private var hasId: Bool { columns.contains { $0.name == "id" } }

    // MARK: Up

    /// Streams the table's rows from SQLite into the server through one `COPY … FROM STDIN`. Each
    /// value is read as SQLite stores it (text as its bytes: GRDB would end it at a NUL), so what
    /// the server cannot hold as it is (a NUL in text, bytes that are not UTF-8, a blob where the
    /// server keeps text) is refused, naming the row, rather than changed on the way.
    func copy(from db: Database, to connection: PostgresConnection, counter: inout ProgressCounter) throws {
        let selected = columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let order = hasId ? " ORDER BY id" : ""
        let statement = try db.makeStatement(sql: "SELECT \(selected) FROM \(name.quotedDatabaseIdentifier)\(order)")
        let rows = try Row.fetchCursor(statement)
        let raw = statement.sqliteStatement
        let idIndex = columns.firstIndex { $0.name == "id" }.map(Int32.init)
        let copied = columns.map { PostgresDialect.quoted($0.name) }.joined(separator: ", ")
        try connection.copyIn("COPY \(PostgresDialect.quoted(name)) (\(copied)) FROM STDIN") { copy in
            var ordinal = 0
            var fields: [DatabaseValue] = []
            fields.reserveCapacity(columns.count)
            while try rows.next() != nil {
                ordinal += 1
                fields.removeAll(keepingCapacity: true)
                // The row's values in the order the SELECT above named `columns`.
                for (index, column) in columns.enumerated() {
                    fields.append(try serverValue(raw, Int32(index), column: column, ordinal: ordinal, id: idIndex))
                }
                try copy.append(fields)
                counter.add()
            }
        }
    }

    /// The value at `index` of the current row of `raw` as the server's column takes it, or an
    /// error naming the row.
    private func serverValue(_ raw: SQLiteStatement, _ index: Int32, column: Column, ordinal: Int, id: Int32?) throws
        -> DatabaseValue
    {
        let type = sqlite3_column_type(raw, index)
        func row() -> String {
            guard let id, sqlite3_column_type(raw, id) == SQLITE_INTEGER else { return "row \(ordinal)" }
            return "#\(sqlite3_column_int64(raw, id))"
        }
        switch (type, column.kind) {
        case (SQLITE_NULL, _): return .null
        case (SQLITE_INTEGER, .integer), (SQLITE_INTEGER, .boolean):
            return sqlite3_column_int64(raw, index).databaseValue
        case (SQLITE_INTEGER, .real), (SQLITE_FLOAT, .real): return sqlite3_column_double(raw, index).databaseValue
        case (SQLITE_BLOB, .bytes):
            let count = Int(sqlite3_column_bytes(raw, index))
            guard count > 0, let start = sqlite3_column_blob(raw, index) else { return Data().databaseValue }
            return Data(bytes: start, count: count).databaseValue
        case (SQLITE_TEXT, .text):
            let count = Int(sqlite3_column_bytes(raw, index))
            guard count > 0, let start = sqlite3_column_text(raw, index) else { return "".databaseValue }
            let bytes = UnsafeBufferPointer(start: start, count: count)
            if bytes.contains(0) { throw CopyError.textWithNul(table: name, row: row(), column: column.name) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CopyError.valueNotStorable(
                    table: name, row: row(), column: column.name, found: "bytes that are not UTF-8 text",
                    expected: Self.described(column.kind))
            }
            return text.databaseValue
        default:
            throw CopyError.valueNotStorable(
                table: name, row: row(), column: column.name, found: Self.described(sqliteType: type),
                expected: Self.described(column.kind))
        }
    }

    private static func described(sqliteType type: Int32) -> String {
        switch type {
        case SQLITE_INTEGER: "an integer"
        case SQLITE_FLOAT: "a real number"
        case SQLITE_TEXT: "text"
        case SQLITE_BLOB: "a blob"
        default: "nothing"
        }
    }

    private static func described(_ kind: Kind) -> String {
        switch kind {
        case .integer: "integers"
        case .real: "real numbers"
        case .text: "text"
        case .bytes: "bytes"
        case .boolean: "true or false"
        }
    }

    // MARK: Down

    /// Streams the table's rows from the server through one `COPY … TO STDOUT` into SQLite,
    /// through one prepared statement.
    func copy(from connection: PostgresConnection, to db: Database, counter: inout ProgressCounter) throws {
        let names = columns.map(\.name)
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO \(name.quotedDatabaseIdentifier) (\(names.map(\.quotedDatabaseIdentifier).joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))
                """)
        let copied = names.map(PostgresDialect.quoted).joined(separator: ", ")
        var ordinal = 0
        try connection.copyOut("COPY \(PostgresDialect.quoted(name)) (\(copied)) TO STDOUT") { fields in
            ordinal += 1
            guard fields.count == columns.count else {
                throw CopyError.schemasDiffer(
                    table: name, detail: "a row of \(fields.count) values for \(columns.count) columns")
            }
            var values: [DatabaseValue] = []
            values.reserveCapacity(fields.count)
            for (column, field) in zip(columns, fields) {
                values.append(try localValue(field, column: column, ordinal: ordinal, fields: fields))
            }
            try insert.execute(arguments: StatementArguments(values))
            counter.add()
        }
    }

    /// A field of COPY's text output as SQLite stores it.
    private func localValue(_ field: String?, column: Column, ordinal: Int, fields: [String?]) throws -> DatabaseValue {
        guard let field else { return .null }
        let value: DatabaseValue?
        switch column.kind {
        case .text: value = field.databaseValue
        case .integer: value = Int64(field)?.databaseValue
        case .real: value = Double(field)?.databaseValue
        case .boolean: value = field == "t" ? 1.databaseValue : field == "f" ? 0.databaseValue : nil
        case .bytes: value = PostgresResult.bytes(hex: field)?.databaseValue
        }
        guard let value else {
            let id = zip(columns, fields).first { $0.0.name == "id" }?.1
            throw CopyError.valueNotStorable(
                table: name, row: id.map { "#\($0)" } ?? "row \(ordinal)", column: column.name,
                found: "'\(field.prefix(40))'", expected: Self.described(column.kind))
        }
        return value
    }
}
