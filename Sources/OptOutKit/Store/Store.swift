import Foundation
import GRDB

/// The seam between the domain and where its records live: one connection, inside the one
/// transaction of a command (or a read), to an SQLite file or to a PostgreSQL server.
///
/// The actions are written once, against this type, with GRDB's vocabulary: SQL text with `?`
/// arguments, GRDB's SQL interpolation, its query interface and its records. On SQLite every call
/// goes straight to GRDB. On a server, GRDB still writes the SQL (against `compiler`, an empty
/// in-memory copy of the schema, so the query interface knows the tables and keys) and
/// `PostgresDialect` carries it to the server; the rows come back as GRDB rows, so decoding is
/// shared too. The few bulk paths that bind through SQLite's C API ask for `sqlite` and take the
/// portable path when it is `nil`.
public final class Store {
    enum Engine {
        case sqlite(Database)
        case postgres(PostgresConnection, compiler: Database)
    }

    let engine: Engine
    private var postgresChanges = 0
    private var cursorCount = 0
    /// The plain inserts of one table waiting for their COPY (`insertLater`).
    private var pendingCopy: PendingCopy?
    /// How many rows wait before their COPY opens and takes the rest as they come.
    static let copyOpensAt = 1_000
    /// The COPY target of each statement's SQL (`nil`: not a plain insert), worked out once per
    /// command: a bulk command prepares the same insert for each of 100,000 rows.
    private var copyTargets: [String: String?] = [:]

    init(_ database: Database) { engine = .sqlite(database) }

    init(server connection: PostgresConnection, compiler: Database) {
        engine = .postgres(connection, compiler: compiler)
    }

    /// The SQLite connection, for the paths that bind straight through SQLite; `nil` on a server.
    var sqlite: Database? {
        if case .sqlite(let database) = engine { return database }
        return nil
    }

    /// The database GRDB writes SQL against: the file itself, or the server's empty model.
    var compiler: Database {
        switch engine {
        case .sqlite(let database): return database
        case .postgres(_, let compiler): return compiler
        }
    }

    /// The function that gives the least of several values: SQLite's `min` with many arguments is
    /// PostgreSQL's `LEAST`.
    var least: String { isServer ? "LEAST" : "min" }

    /// SQL for the Monday on or before the date `column` holds (`YYYY-MM-DD`).
    func monday(of column: String) -> String {
        isServer
            ? "to_char(date_trunc('week', (\(column))::date), 'YYYY-MM-DD')"
            : "date(\(column), '-6 days', 'weekday 1')"
    }

    /// SQL for the date `days` (an integer expression) after the date `column` holds (`YYYY-MM-DD`).
    func date(_ column: String, plusDays days: String) -> String {
        isServer
            ? "to_char((\(column))::date + (\(days))::integer, 'YYYY-MM-DD')"
            : "date(\(column), printf('%+d days', \(days)))"
    }

    /// Whether the records are on a server.
    var isServer: Bool { sqlite == nil }

    /// On a server, runs an `INSERT INTO t (columns) VALUES (?, …)` with no RETURNING as a row of
    /// a COPY sent before the next statement (or when the batch is full): bulk commands write
    /// 100,000 staging rows, notices and events, and a round trip each would cost more than the
    /// server's work. Returns false for any other statement, which the caller runs itself.
    func insertLater(_ sql: String, _ values: [DatabaseValue]) throws -> Bool {
        guard case .postgres = engine else { return false }
        return try insertLater(into: copyTarget(of: sql), values)
    }

    /// The `table (columns)` a COPY fills in place of `sql` if it is a plain insert.
    func copyTarget(of sql: String) -> String? {
        if let known = copyTargets[sql] { return known }
        let target = PostgresDialect.copyTarget(of: sql)
        copyTargets[sql] = target
        return target
    }

    /// `insertLater` with the statement's COPY target already worked out (`nil`: not a plain insert).
    func insertLater(into copyTarget: String?, _ values: [DatabaseValue]) throws -> Bool {
        guard case .postgres(let connection, _) = engine, let target = copyTarget else { return false }
        let pending: PendingCopy
        if let current = pendingCopy, current.target == target {
            pending = current
        } else {
            try flush()
            pending = PendingCopy(target: target)
            pendingCopy = pending
        }
        pending.count += 1
        if pending.open != nil {
            try pending.open?.append(values)
            return true
        }
        pending.held.append(values)
        if pending.held.count >= Store.copyOpensAt {
            var rows = try connection.beginCopy("COPY \(target) FROM STDIN")
            for row in pending.held { try rows.append(row) }
            pending.open = rows
            pending.held = []
        }
        return true
    }

    /// Sends the rows `insertLater` holds before `sql` runs when `sql` names their table (read
    /// as text: a name inside another counts too, which only sends them sooner), or when their
    /// COPY is open, since it holds the connection. A statement on other tables leaves held rows
    /// waiting, so a command that seals case after case sends its events in batches, not one COPY
    /// per event.
    private func flush(before sql: String) throws {
        guard let pending = pendingCopy else { return }
        if pending.open != nil { return try flush() }
        let table = pending.target.prefix { $0 != " " && $0 != "(" }.split(separator: ".").last.map(String.init) ?? ""
        if table.isEmpty || sql.range(of: table.trimmingCharacters(in: ["\""]), options: .caseInsensitive) != nil {
            try flush()
        }
    }

    /// Ends the COPY `insertLater` opened, if any, so that the connection can run another statement.
    func endOpenCopy() throws {
        if pendingCopy?.open != nil { try flush() }
    }

    /// Sends the rows `insertLater` holds and ends their COPY.
    func flush() throws {
        guard case .postgres(let connection, _) = engine, let pending = pendingCopy else { return }
        pendingCopy = nil
        if var rows = pending.open {
            pending.open = nil
            try connection.endCopy(&rows)
        } else {
            try connection.copyIn("COPY \(pending.target) FROM STDIN") { rows in
                for row in pending.held { try rows.append(row) }
            }
        }
        postgresChanges = pending.count
    }

    /// Drops the rows `insertLater` holds and fails their COPY if it is open: the transaction is
    /// being rolled back.
    func abandon() {
        guard case .postgres(let connection, _) = engine else { return }
        pendingCopy = nil
        connection.abortCopy()
    }

    /// Runs one statement.
    func execute(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        switch engine {
        case .sqlite(let database):
            try database.execute(sql: sql, arguments: arguments)
        case .postgres(let connection, _):
            try flush(before: sql)
            let result = try PostgresDialect.run(sql, arguments, on: connection)
            postgresChanges = result.changes
        }
    }

    /// Runs one statement written with GRDB's SQL interpolation.
    func execute(literal: SQL) throws {
        switch engine {
        case .sqlite(let database):
            try database.execute(literal: literal)
        case .postgres(_, let compiler):
            let (sql, arguments) = try literal.build(compiler)
            try execute(sql: sql, arguments: arguments)
        }
    }

    /// How many rows the last statement changed.
    var changesCount: Int {
        switch engine {
        case .sqlite(let database): return database.changesCount
        case .postgres: return postgresChanges
        }
    }

    /// The id the last insert gave its row. On a server, the identity drawn last in this session
    /// (rows waiting for their COPY are sent first); an insert that names its id draws none.
    var lastInsertedRowID: Int64 {
        get throws {
            switch engine {
            case .sqlite(let database): return database.lastInsertedRowID
            case .postgres(let connection, _):
                try flush()
                guard let id = try connection.execute("SELECT lastval()").text(row: 0, column: 0).flatMap(Int64.init)
                else { throw InternalError.transactionIncomplete }
                return id
            }
        }
    }

    /// The rows of a query.
    func rows(sql: String, arguments: StatementArguments) throws -> [Row] {
        switch engine {
        case .sqlite(let database):
            return try Row.fetchAll(database, sql: sql, arguments: arguments)
        case .postgres(let connection, _):
            try flush(before: sql)
            return try PostgresDialect.run(sql, arguments, on: connection).rows()
        }
    }

    /// The rows of a query, read a batch at a time (on a server, through a cursor of the transaction).
    func rowCursor(sql: String, arguments: StatementArguments) throws -> AnyCursor<Row> {
        switch engine {
        case .sqlite(let database):
            return AnyCursor(try Row.fetchCursor(database, sql: sql, arguments: arguments))
        case .postgres(let connection, _):
            try flush(before: sql)
            cursorCount += 1
            return AnyCursor(
                try PostgresCursor(
                    connection: connection, name: "optout_cursor_\(cursorCount)", sql: sql, arguments: arguments,
                    beforeFetch: { try self.endOpenCopy() }))
        }
    }

    /// The SQL and arguments of a GRDB request, as the store will run it.
    func prepared(_ request: some FetchRequest, single: Bool) throws -> (sql: String, arguments: StatementArguments) {
        // SQL written by hand is built, not prepared: it may hold the server's own SQL, which the
        // model (SQLite) would not parse. GRDB keeps a request's literal to itself.
        if let literal = Mirror(reflecting: request).descendant("sqlLiteral") as? SQL {
            return try literal.build(compiler)
        }
        let prepared = try request.makePreparedRequest(compiler, forSingleResult: single)
        return (prepared.statement.sql, prepared.statement.arguments)
    }

    /// Inserts `record` on a server, giving it the id the server chose when it had none.
    func insertOnServer(_ record: inout some StoredRecord) throws {
        guard case .postgres(let connection, _) = engine else { return }
        try flush(before: type(of: record).databaseTableName)
        let values = try record.databaseDictionary.filter { $0.key != "id" || !$0.value.isNull }.sorted {
            $0.key < $1.key
        }
        let columns = values.map { PostgresDialect.quoted($0.key) }.joined(separator: ", ")
        let placeholders = (1...max(values.count, 1)).map { "$\($0)" }.prefix(values.count).joined(separator: ", ")
        let sql =
            values.isEmpty
            ? "INSERT INTO \(PostgresDialect.quoted(type(of: record).databaseTableName)) DEFAULT VALUES RETURNING id"
            : "INSERT INTO \(PostgresDialect.quoted(type(of: record).databaseTableName)) (\(columns)) VALUES (\(placeholders)) RETURNING id"
        let result = try connection.execute(sql, values.map(\.value))
        guard let id = result.text(row: 0, column: 0).flatMap(Int64.init) else {
            throw InternalError.transactionIncomplete
        }
        record.id = id
        postgresChanges = 1
    }

    /// Updates `record` on a server, by its id.
    func updateOnServer(_ record: some StoredRecord) throws {
        guard case .postgres(let connection, _) = engine, let id = record.id else { return }
        try flush(before: type(of: record).databaseTableName)
        let values = try record.databaseDictionary.filter { $0.key != "id" }.sorted { $0.key < $1.key }
        let assignments = values.enumerated().map { "\(PostgresDialect.quoted($0.element.key)) = $\($0.offset + 1)" }
        let sql =
            "UPDATE \(PostgresDialect.quoted(type(of: record).databaseTableName)) SET \(assignments.joined(separator: ", ")) WHERE id = $\(values.count + 1)"
        let result = try connection.execute(sql, values.map(\.value) + [id.databaseValue])
        postgresChanges = result.changes
        guard result.changes == 1 else {
            throw RecordError.recordNotFound(
                databaseTableName: type(of: record).databaseTableName, key: ["id": id.databaseValue])
        }
    }
}

/// The plain inserts of one table waiting for their COPY: held here until there are
/// `Store.copyOpensAt` of them, then sent through the COPY they open as they come, so the server
/// stores them while the command works on.
final class PendingCopy {
    /// The `table (columns)` the COPY fills.
    let target: String
    /// The rows not yet sent (the COPY is not open yet).
    var held: [[DatabaseValue]] = []
    /// The COPY, once open.
    var open: CopyRows?
    /// How many rows the COPY takes in all.
    var count = 0

    init(target: String) { self.target = target }
}

/// A record stored with an integer `id` its table gives it.
protocol StoredRecord: MutablePersistableRecord {
    var id: Int64? { get set }
}

/// A query read on a server a batch at a time, through a cursor declared in the transaction.
final class PostgresCursor: Cursor {
    private let connection: PostgresConnection
    private let name: String
    private var batch: [Row] = []
    private var index = 0
    private var finished = false
    /// Frees the connection for the next FETCH (ends the COPY the store may have opened meanwhile).
    private let beforeFetch: () throws -> Void
    static let batchSize = 4_096

    init(
        connection: PostgresConnection, name: String, sql: String, arguments: StatementArguments,
        beforeFetch: @escaping () throws -> Void
    ) throws {
        self.connection = connection
        self.name = name
        self.beforeFetch = beforeFetch
        try PostgresDialect.run("DECLARE \(name) NO SCROLL CURSOR FOR \(sql)", arguments, on: connection)
    }

    func next() throws -> Row? {
        if index < batch.count {
            defer { index += 1 }
            return batch[index]
        }
        if finished { return nil }
        try beforeFetch()
        batch = try connection.execute("FETCH \(PostgresCursor.batchSize) FROM \(name)").rows()
        index = 0
        if batch.count < PostgresCursor.batchSize {
            finished = true
            try connection.execute("CLOSE \(name)")
        }
        guard !batch.isEmpty else { return nil }
        index = 1
        return batch[0]
    }
}

// MARK: - GRDB's fetching vocabulary, on the store

extension Row {
    /// The first column's value, `nil` when NULL.
    fileprivate func firstValue<T: DatabaseValueConvertible>(_ type: T.Type) throws -> T? {
        let value: DatabaseValue = self[0]
        return value.isNull ? nil : try decode(T.self, atIndex: 0)
    }
}

extension Row {
    static func fetchAll(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row]
    {
        try db.rows(sql: sql, arguments: arguments)
    }

    static func fetchOne(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row?
    {
        if let database = db.sqlite { return try Row.fetchOne(database, sql: sql, arguments: arguments) }
        return try db.rows(sql: sql, arguments: arguments).first
    }

    static func fetchCursor(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Row>
    {
        try db.rowCursor(sql: sql, arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchAll(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> [Self]
    {
        if let database = db.sqlite { return try fetchAll(database, sql: sql, arguments: arguments) }
        return try db.rows(sql: sql, arguments: arguments).map { try $0.decode(Self.self, atIndex: 0) }
    }

    static func fetchOne(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> Self?
    {
        if let database = db.sqlite { return try fetchOne(database, sql: sql, arguments: arguments) }
        guard let row = try db.rows(sql: sql, arguments: arguments).first else { return nil }
        return try row.firstValue(Self.self)
    }

    static func fetchCursor(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Self>
    {
        if let database = db.sqlite { return AnyCursor(try fetchCursor(database, sql: sql, arguments: arguments)) }
        return AnyCursor(try db.rowCursor(sql: sql, arguments: arguments).map { try $0.decode(Self.self, atIndex: 0) })
    }

    static func fetchSet(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> Set<Self> where Self: Hashable
    {
        Set(try fetchAll(db, sql: sql, arguments: arguments))
    }
}

extension FetchableRecord {
    static func fetchAll(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> [Self]
    {
        if let database = db.sqlite { return try fetchAll(database, sql: sql, arguments: arguments) }
        return try db.rows(sql: sql, arguments: arguments).map { try Self(row: $0) }
    }

    static func fetchOne(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> Self?
    {
        if let database = db.sqlite { return try fetchOne(database, sql: sql, arguments: arguments) }
        return try db.rows(sql: sql, arguments: arguments).first.map { try Self(row: $0) }
    }

    static func fetchCursor(_ db: Store, sql: String, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Self>
    {
        if let database = db.sqlite { return AnyCursor(try fetchCursor(database, sql: sql, arguments: arguments)) }
        return AnyCursor(try db.rowCursor(sql: sql, arguments: arguments).map { try Self(row: $0) })
    }
}

extension FetchableRecord where Self: TableRecord {
    static func fetchAll(_ db: Store) throws -> [Self] { try all().fetchAll(db) }
    static func fetchCount(_ db: Store) throws -> Int { try all().fetchCount(db) }
    static func fetchOne(_ db: Store, key: some DatabaseValueConvertible) throws -> Self? {
        if let database = db.sqlite { return try fetchOne(database, key: key) }
        return try filter(key: key).fetchOne(db)
    }
}

extension FetchRequest {
    /// How many rows the request gives.
    func fetchCount(_ db: Store) throws -> Int {
        if let database = db.sqlite { return try fetchCount(database) }
        let (sql, arguments) = try db.prepared(self, single: false)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(sql)) AS counted", arguments: arguments) ?? 0
    }

    fileprivate func serverRows(_ db: Store, single: Bool) throws -> [Row] {
        let (sql, arguments) = try db.prepared(self, single: single)
        return try db.rows(sql: sql, arguments: arguments)
    }

    fileprivate func serverCursor(_ db: Store) throws -> AnyCursor<Row> {
        let (sql, arguments) = try db.prepared(self, single: false)
        return try db.rowCursor(sql: sql, arguments: arguments)
    }
}

extension FetchRequest where RowDecoder: FetchableRecord {
    func fetchAll(_ db: Store) throws -> [RowDecoder] {
        if let database = db.sqlite { return try fetchAll(database) }
        return try serverRows(db, single: false).map { try RowDecoder(row: $0) }
    }

    func fetchOne(_ db: Store) throws -> RowDecoder? {
        if let database = db.sqlite { return try fetchOne(database) }
        return try serverRows(db, single: true).first.map { try RowDecoder(row: $0) }
    }

    func fetchCursor(_ db: Store) throws -> AnyCursor<RowDecoder> {
        if let database = db.sqlite { return AnyCursor(try fetchCursor(database)) }
        return AnyCursor(try serverCursor(db).map { try RowDecoder(row: $0) })
    }

    /// The rows of a prepared request (`makeStatement` on SQLite) bound to `arguments`.
    func fetchAll(_ db: Store, arguments: StatementArguments) throws -> [RowDecoder] {
        let (sql, _) = try db.prepared(self, single: false)
        return try RowDecoder.fetchAll(db, sql: sql, arguments: arguments)
    }
}

extension FetchRequest where RowDecoder: DatabaseValueConvertible {
    func fetchAll(_ db: Store) throws -> [RowDecoder] {
        if let database = db.sqlite { return try fetchAll(database) }
        return try serverRows(db, single: false).map { try $0.decode(RowDecoder.self, atIndex: 0) }
    }

    func fetchOne(_ db: Store) throws -> RowDecoder? {
        if let database = db.sqlite { return try fetchOne(database) }
        return try serverRows(db, single: true).first?.firstValue(RowDecoder.self)
    }

    func fetchCursor(_ db: Store) throws -> AnyCursor<RowDecoder> {
        if let database = db.sqlite { return AnyCursor(try fetchCursor(database)) }
        return AnyCursor(try serverCursor(db).map { try $0.decode(RowDecoder.self, atIndex: 0) })
    }
}

extension FetchRequest where RowDecoder == Row {
    func fetchAll(_ db: Store) throws -> [Row] {
        if let database = db.sqlite { return try fetchAll(database) }
        return try serverRows(db, single: false)
    }

    func fetchOne(_ db: Store) throws -> Row? {
        if let database = db.sqlite { return try fetchOne(database) }
        return try serverRows(db, single: true).first
    }

    func fetchCursor(_ db: Store) throws -> AnyCursor<Row> {
        if let database = db.sqlite { return AnyCursor(try fetchCursor(database)) }
        return try serverCursor(db)
    }
}

extension StoredRecord {
    mutating func insert(_ db: Store) throws {
        if let database = db.sqlite { return try insert(database) }
        try db.insertOnServer(&self)
    }

    func update(_ db: Store) throws {
        if let database = db.sqlite { return try update(database) }
        try db.updateOnServer(self)
    }
}

// MARK: - Prepared statements

extension Store {
    /// A statement prepared once and run many times (cached by SQLite; on a server, its SQL).
    func cachedStatement(sql: String) throws -> StoreStatement {
        if let database = sqlite {
            return StoreStatement(sql: sql, store: self, sqlite: try database.cachedStatement(sql: sql))
        }
        return StoreStatement(sql: sql, store: self, sqlite: nil)
    }

    /// A statement prepared for this command.
    func makeStatement(sql: String) throws -> StoreStatement {
        if let database = sqlite {
            return StoreStatement(sql: sql, store: self, sqlite: try database.makeStatement(sql: sql))
        }
        return StoreStatement(sql: sql, store: self, sqlite: nil)
    }

    /// Whether the table exists (an older SQLite file may lack a newer table; a server has them all).
    func tableExists(_ name: String) throws -> Bool {
        if let database = sqlite { return try database.tableExists(name) }
        return try Bool.fetchOne(self, sql: "SELECT to_regclass(?) IS NOT NULL", arguments: [name]) ?? false
    }

    /// The names of the table's columns, in order.
    func columnNames(in table: String) throws -> [String] {
        if let database = sqlite { return try database.columns(in: table).map(\.name) }
        return try String.fetchAll(
            self,
            sql: """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
                """, arguments: [table])
    }

    /// The rows of several statements without arguments, sent to the server in one round trip,
    /// each row's values in column order.
    func orderedResults(_ sql: String) throws -> [[[DatabaseValue]]] {
        guard case .postgres(let connection, _) = engine else { return [] }
        try flush(before: sql)
        return try connection.executeEach(PostgresDialect.rewritten(sql)).map { result in
            (0..<result.rowCount).map { row in (0..<result.columnCount).map { result.value(row: row, column: $0) } }
        }
    }

    /// On a server, runs `COPY (query) TO STDOUT` and gives `row` each row's fields as text
    /// (`nil` for NULL), as they come: a query of any size in bounded memory.
    func copyOut(_ sql: String, _ row: ([String?]) throws -> Void) throws {
        guard case .postgres(let connection, _) = engine else { return }
        try flush()
        try connection.copyOut(sql, row)
    }

    /// The values of one row a statement returned, in column order, wherever it came from.
    func orderedRows(sql: String, _ values: [DatabaseValue]) throws -> [[DatabaseValue]] {
        guard case .postgres(let connection, _) = engine else { return [] }
        try flush(before: sql)
        let (translated, _) = PostgresDialect.numbered(PostgresDialect.rewritten(sql))
        let result = try connection.execute(translated, values)
        postgresChanges = result.changes
        return (0..<result.rowCount).map { row in (0..<result.columnCount).map { result.value(row: row, column: $0) } }
    }
}

/// A row a bound statement returned: SQLite's statement on its row, or a server's values in order.
enum BoundRow {
    case sqlite(OpaquePointer)
    case server([DatabaseValue])
}

/// A statement of the store, prepared by SQLite or kept as SQL for the server.
final class StoreStatement {
    let sql: String
    let store: Store
    /// SQLite's prepared statement; `nil` on a server.
    let sqlite: Statement?
    /// On a server, the `table (columns)` a COPY fills in place of this statement, if it is a plain
    /// insert (the store works it out once per SQL, not for each of a bulk command's rows).
    private lazy var copyTarget = store.copyTarget(of: sql)

    init(sql: String, store: Store, sqlite: Statement?) {
        self.sql = sql
        self.store = store
        self.sqlite = sqlite
    }

    /// Runs the statement with `arguments`.
    func execute(arguments: StatementArguments = StatementArguments()) throws {
        if let sqlite { return try sqlite.execute(arguments: arguments) }
        try store.execute(sql: sql, arguments: arguments)
    }

    /// Binds `values` and runs the statement; `row` sees each row it returns.
    func runBound(_ values: [BoundValue], _ db: Store, row: ((BoundRow) throws -> Void)? = nil) throws {
        if let sqlite, let database = db.sqlite {
            return try sqlite.runBound(values, database, row: row.map { body in { try body(.sqlite($0)) } })
        }
        let bound = values.map(\.databaseValue)
        if row == nil, try db.insertLater(into: copyTarget, bound) { return }
        for returned in try db.orderedRows(sql: sql, bound) { try row?(.server(returned)) }
    }

    /// Runs the statement on a server with `values` (a plain insert waits for its COPY).
    func runOnServer(_ values: [DatabaseValue], _ db: Store) throws {
        if try db.insertLater(into: copyTarget, values) { return }
        _ = try db.orderedRows(sql: sql, values)
    }

    /// Binds a staging row (`first`, then `texts`) and runs the statement.
    func runStaged(_ first: Int64, _ texts: [String?], _ db: Store) throws {
        if let sqlite, let database = db.sqlite { return try sqlite.runStaged(first, texts, database) }
        let bound = [first.databaseValue] + texts.map { $0?.databaseValue ?? .null }
        if try db.insertLater(into: copyTarget, bound) { return }
        _ = try db.orderedRows(sql: sql, bound)
    }
}

extension BoundValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let integer): return integer.databaseValue
        case .text(let text): return text.databaseValue
        case .null: return .null
        }
    }
}

extension Row {
    static func fetchOne(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> Row?
    {
        if let sqlite = statement.sqlite { return try fetchOne(sqlite, arguments: arguments) }
        return try fetchOne(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchAll(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> [Row]
    {
        if let sqlite = statement.sqlite { return try fetchAll(sqlite, arguments: arguments) }
        return try fetchAll(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchCursor(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Row>
    {
        if let sqlite = statement.sqlite { return AnyCursor(try fetchCursor(sqlite, arguments: arguments)) }
        return try fetchCursor(statement.store, sql: statement.sql, arguments: arguments)
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> Self?
    {
        if let sqlite = statement.sqlite { return try fetchOne(sqlite, arguments: arguments) }
        return try fetchOne(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchAll(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> [Self]
    {
        if let sqlite = statement.sqlite { return try fetchAll(sqlite, arguments: arguments) }
        return try fetchAll(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchCursor(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Self>
    {
        if let sqlite = statement.sqlite { return AnyCursor(try fetchCursor(sqlite, arguments: arguments)) }
        return try fetchCursor(statement.store, sql: statement.sql, arguments: arguments)
    }
}

extension FetchableRecord {
    static func fetchOne(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> Self?
    {
        if let sqlite = statement.sqlite { return try fetchOne(sqlite, arguments: arguments) }
        return try fetchOne(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchAll(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> [Self]
    {
        if let sqlite = statement.sqlite { return try fetchAll(sqlite, arguments: arguments) }
        return try fetchAll(statement.store, sql: statement.sql, arguments: arguments)
    }

    static func fetchCursor(_ statement: StoreStatement, arguments: StatementArguments = StatementArguments()) throws
        -> AnyCursor<Self>
    {
        if let sqlite = statement.sqlite { return AnyCursor(try fetchCursor(sqlite, arguments: arguments)) }
        return try fetchCursor(statement.store, sql: statement.sql, arguments: arguments)
    }
}
