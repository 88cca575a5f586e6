import Foundation
import GRDB

/// The one owner of the database: it migrates the schema when opened and offers the actions of
/// the domain, each one transaction, so a case's state, deadline and history change together or
/// not at all.
public final class Tracker: @unchecked Sendable {
    /// The one connection that writes: only the tracker's own transactions use it (tests reach
    /// it through `@testable` access); queries go through `reader`.
    /// On a server, `writer` is the schema's empty model in memory, which GRDB writes SQL against.
    let writer: any DatabaseWriter
    /// The team database's connection, when the records are on a PostgreSQL server.
    let server: PostgresConnection?
    /// Set when opening a team database created or brought up to date its schema (`optout init`).
    public internal(set) var setUpSchema = false
    /// The database for queries: the tracker's connection, seen as one that reads.
    public var reader: any DatabaseReader { writer }
    /// Who the history names for every action.
    public let actor: String
    /// The clock and its time zone: the core never reads the time, or the machine's zone, itself.
    public let clock: Clock
    /// Renders the letters whose digests notices keep.
    public let letters: LetterRenderer
    /// What the user ran, as the `command` rows of the history name it.
    public let commandLine: String
    /// Called now and then while a command works through many rows (imports, `notice send
    /// --all`, reminders, undo, verify), from the thread doing the work; `nil`: nobody asked.
    public var progress: (@Sendable (ProgressStep) -> Void)?
    /// The width a table is fitted to (a terminal's, when that is where it goes), its long cells
    /// shortened with `…`; `nil`: each column as wide as its widest cell, up to its limit. Part of
    /// the injected environment, like the clock: given when the tracker is opened, never changed.
    public let tableWidth: Int?
    /// Set when a writing command opened a file not in WAL mode: it is switched after the first
    /// write that succeeds.
    var switchToWAL = false
    /// The history's head and the current command, read when a transaction appends its first
    /// event and carried from event to event after that (a bulk command writes 100,000); cleared
    /// when a transaction starts.
    var chain: EventChain?

    /// A tracker on `writer`, migrated to the current schema (an older one is brought up to date,
    /// a newer one refused). Files on disk are opened with `open(path:access:…)` instead.
    convenience init(
        writer: any DatabaseWriter, actor: String, clock: Clock, commandLine: String = "optout",
        letters: LetterRenderer = LetterRenderer(), tableWidth: Int? = nil
    ) throws {
        self.init(
            checked: writer, actor: actor, clock: clock, commandLine: commandLine, letters: letters,
            tableWidth: tableWidth)
        let migrator = Tracker.migrator(at: timestamp, actor: actor)
        let (superseded, complete) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
        }
        if superseded { throw StoreError.newerSchema(path: writer.path) }
        if !complete { try migrator.migrate(writer) }
    }

    /// A tracker on a database whose schema the caller has already checked.
    init(
        checked writer: any DatabaseWriter, actor: String, clock: Clock, commandLine: String, letters: LetterRenderer,
        tableWidth: Int? = nil, server: PostgresConnection? = nil
    ) {
        self.writer = writer
        self.server = server
        self.tableWidth = tableWidth
        self.actor = actor
        self.clock = clock
        self.commandLine = commandLine
        self.letters = letters
    }

    /// An empty database in memory, for tests and trials.
    /// The clock says which day is today; by default the machine's time in UTC.
    public static func inMemory(
        actor: String = "test", clock: Clock = .systemUTC, commandLine: String = "optout",
        letters: LetterRenderer = LetterRenderer(), tableWidth: Int? = nil
    ) throws -> Tracker {
        try Tracker(
            writer: DatabaseQueue(configuration: StoreConfiguration.make(readonly: false)), actor: actor,
            clock: clock, commandLine: commandLine, letters: letters, tableWidth: tableWidth)
    }

    /// How long a command waits for another process's write before it gives up.
    public static var busySeconds: Int { StoreConfiguration.busySeconds }

    /// Opens the database file at `path` for `access`, with a busy timeout and foreign keys on.
    /// Only `.initialize` creates a file (readable and writable by its owner only) or migrates an
    /// older schema; `.read` opens it read-only and changes nothing. A file that is empty, not
    /// SQLite, or another program's database is refused before anything is written to it.
    public static func open(
        path: String, access: StoreAccess, actor: String, clock: Clock,
        commandLine: String = "optout", letters: LetterRenderer = LetterRenderer(), tableWidth: Int? = nil
    ) throws -> Tracker {
        try StoreError.checkPath(path)
        var isFolder: ObjCBool = false
        var created = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw StoreError.isAFolder(path: path) }
            if StoreFile.size(path) == 0 { throw StoreError.emptyFile(path: path) }
        } else {
            guard access == .initialize else { throw StoreError.noDatabase(path: path) }
            if StoreFile.isOnReadOnlyMedium(path) { throw StoreError.readOnlyMedium(path: path) }
            let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard descriptor >= 0 else {
                throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            close(descriptor)
            created = true
        }
        if access != .read {
            if StoreFile.isOnReadOnlyMedium(path) { throw StoreError.readOnlyMedium(path: path) }
            if Foundation.access(path, W_OK) != 0 { throw StoreError.readOnlyFile(path: path) }
            if Foundation.access(StoreFile.folder(of: path), W_OK) != 0 { throw StoreError.readOnlyFolder(path: path) }
        }
        do {
            let queue = try access == .read ? readOnlyQueue(path) : queue(path, readonly: false)
            let tracker = Tracker(
                checked: queue, actor: actor, clock: clock, commandLine: commandLine, letters: letters,
                tableWidth: tableWidth)
            let schema = try queue.read(StoredSchema.of)
            let migrator = Tracker.migrator(at: tracker.timestamp, actor: actor)
            let known = migrator.migrations
            switch schema {
            case .noTables where created:
                break
            case .noTables, .foreign:
                throw StoreError.notOptOut(path: path, found: schema.found)
            case .optout(let applied):
                if !applied.isSubset(of: known) { throw StoreError.newerSchema(path: path) }
                let missing = known.filter { !applied.contains($0) }
                if !missing.isEmpty && access != .initialize {
                    throw StoreError.olderSchema(path: path, missing: missing)
                }
            }
            if access == .initialize {
                try migrator.migrate(queue)
                if try queue.read({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }) != "wal" {
                    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
                }
            } else if access == .write {
                // Switched after the first write that succeeds, so a command that fails leaves the file as it was.
                tracker.switchToWAL = try queue.read({ try String.fetchOne($0, sql: "PRAGMA journal_mode") }) != "wal"
            }
            return tracker
        } catch let error as DatabaseError {
            if created { StoreFile.remove(path) }
            throw StoreError(error, path: path)
        } catch {
            if created { StoreFile.remove(path) }
            throw error
        }
    }

    /// One connection is all a command needs. GRDB's DatabasePool would also write a table to
    /// the file on every open (to keep its WAL file alive), and a command that fails or only
    /// reads must leave the file as it was.
    private static func queue(_ path: String, readonly: Bool) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: StoreConfiguration.make(readonly: readonly))
    }

    /// A read-only connection that has read the file once. On a read-only disk, where SQLite
    /// cannot make the shared-memory file a WAL database needs, the file is read as immutable.
    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        do {
            let queue = try queue(path, readonly: true)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError
            where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode)
            && error.extendedResultCode != .SQLITE_READONLY_ROLLBACK && StoreFile.isOnReadOnlyMedium(path)
        {
            let queue = try queue(StoreFile.immutableURI(path), readonly: true)
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return queue
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: it takes the write lock at once (waiting up to
    /// the busy timeout for other processes), commits if `body` returns and rolls back if it throws.
    /// Its first write is the `command` row that the events and records it writes belong to.
    /// With `bulk`, under a larger page cache (`withBulkCache`).
    func transaction<T>(bulk: Bool = false, _ body: (Store) throws -> T) throws -> T {
        if let server { return try serverTransaction(server, body) }
        do {
            return try writeTransaction { database in
                let db = Store(database)
                return bulk ? try withBulkCache(db) { try body(db) } : try body(db)
            }
        } catch let error as RowDecodingError {
            throw storedValueError(error)
        }
    }

    private func writeTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        let result: T
        do {
            result = try writer.writeWithoutTransaction { db in
                var result: T?
                chain = nil
                defer { chain = nil }
                try db.inTransaction(.immediate) {
                    try db.execute(
                        sql: "INSERT INTO command (at, actor, name) VALUES (?, ?, ?)",
                        arguments: [timestamp, actor, commandLine])
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw InternalError.transactionIncomplete }
                return result
            }
        } catch let error as DatabaseError {
            throw StoreError(error, path: writer.path)
        }
        if switchToWAL {
            switchToWAL = false
            // Only concurrency gains from WAL; a file that cannot switch now still works.
            try? writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
        }
        return result
    }

    /// Runs `body` in one transaction that takes the write lock at once, with no command row of its
    /// own: for work logged piece by piece under one command (deliveries).
    func bareTransaction<T>(_ body: (Store) throws -> T) throws -> T {
        if let server { return try serverTransaction(server, commandRow: false, body) }
        return try writer.writeWithoutTransaction { database in
            var result: T?
            chain = nil
            defer { chain = nil }
            try database.inTransaction(.immediate) {
                result = try body(Store(database))
                return .commit
            }
            guard let result else { throw InternalError.transactionIncomplete }
            return result
        }
    }

    /// Runs `body` with a page cache of `bulkCacheKiB` (then the one before): a command that
    /// writes 100,000 events, notices or cases would otherwise spill its pages to the WAL and
    /// read them back as it goes (a third of undo's time). Bounded, whatever the table sizes.
    func withBulkCache<T>(_ db: Store, _ body: () throws -> T) throws -> T {
        // A server sizes its own caches.
        if db.isServer { return try body() }
        let before = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = \(-Self.bulkCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(before)") }
        return try body()
    }

    /// The page cache of a bulk write, in KiB.
    static let bulkCacheKiB = 65_536

    /// The numbered SQL files of `Schema/`, in order; version 5 seals the records already written
    /// in events recorded `at` by `actor`. The two versions that run code after their SQL run a
    /// frozen copy of it (`Store/Migrations/`), so what a migration writes never changes when
    /// the app's code does.
    static func migrator(at timestamp: String, actor: String) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // The files of `Schema/` itself; `Schema/postgresql/` holds the server's.
        let files = EmbeddedResources.files.keys.filter {
            $0.hasPrefix("Schema/") && $0.hasSuffix(".sql") && !$0.dropFirst("Schema/".count).contains("/")
        }.sorted()
        for file in files {
            let sql = EmbeddedResources.files[file] ?? ""
            let name = String(file.dropFirst("Schema/".count).dropLast(".sql".count))
            migrator.registerMigration(name) { db in
                try db.execute(sql: sql)
                // Version 3 seals the history; the events already written are sealed in order.
                if name == "003_history" { try Migration003.sealUnsealed(db) }
                // Version 5 seals every case's records as they stand.
                if name == "005_sealed_records" { try Migration005.sealExisting(db, at: timestamp, actor: actor) }
            }
        }
        return migrator
    }

    /// The current time as the history writes it (ISO 8601, UTC, to the second).
    var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: clock.now())
    }

    /// Today in the clock's zone.
    public var today: Day { clock.today }

    /// A date a user gave for something that happened: not later than today.
    func checkNotFuture(_ day: Day, what: DateGiven) throws {
        if day > today {
            throw CaseError.dateInFuture(what: what, day: day, today: today)
        }
    }
}

// MARK: - Finding campaigns, recipients and cases

extension Tracker {
    /// The campaign `name` names (by id or name); with no name, the only campaign there is.
    func campaign(_ name: String?, _ db: Store) throws -> Campaign {
        guard let name else {
            let all = try Campaign.order(Column("id")).fetchAll(db)
            if all.count == 1, let only = all.first { return only }
            if all.isEmpty { throw CaseError.noCampaigns }
            throw CaseError.campaignNeeded(known: all.map(\.name))
        }
        let key = NameKey.of(name)
        var matches = try Campaign.filter(Campaign.Columns.nameKey == key).fetchAll(db)
        if let id = Int64(name.trimmingCharacters(in: .whitespaces)), let byId = try Campaign.fetchOne(db, key: id),
            !matches.contains(byId)
        {
            matches.append(byId)
        }
        if matches.count == 1, let match = matches.first { return match }
        let known = try String.fetchAll(db, sql: "SELECT name FROM campaign ORDER BY id")
        if matches.isEmpty {
            throw CaseError.unknownCampaign(
                name: name, known: known, suggestions: Suggestions.closest(to: name, among: known, key: NameKey.of))
        }
        throw CaseError.ambiguousCampaign(name: name, candidates: matches.map { "\($0.name) (id \($0.id ?? 0))" })
    }

    /// The campaigns `name` selects: that one, or every campaign when `nil`.
    func campaigns(_ name: String?, _ db: Store) throws -> [Campaign] {
        if let name { return [try campaign(name, db)] }
        return try Campaign.order(Column("id")).fetchAll(db)
    }

    /// The recipient `name` names: by id, or by name matched as `NameKey` does. When none does,
    /// the error suggests the closest names unless `suggesting` is false (a file's lines past the
    /// problems an error lists: each suggestion reads every recipient's name).
    func recipient(_ name: String, _ db: Store, suggesting: Bool = true) throws -> Recipient {
        let key = NameKey.of(name)
        var matches = try Recipient.filter(Recipient.Columns.nameKey == key).fetchAll(db)
        if let id = Int64(name.trimmingCharacters(in: .whitespaces)), let byId = try Recipient.fetchOne(db, key: id),
            !matches.contains(byId)
        {
            matches.append(byId)
        }
        if matches.count == 1, let match = matches.first { return match }
        if matches.isEmpty {
            throw CaseError.unknownRecipient(
                name: name, suggestions: suggesting ? try Suggestions.recipients(near: name, db) : [])
        }
        throw CaseError.ambiguousRecipient(name: name, candidates: matches.map { "\($0.name) (id \($0.id ?? 0))" })
    }

    /// The case of `recipient` in `campaign`.
    func theCase(of recipient: Recipient, in campaign: Campaign, _ db: Store) throws -> Case {
        guard
            let found =
                try Case
                .filter(Case.Columns.campaignId == campaign.id && Case.Columns.recipientId == recipient.id)
                .fetchOne(db)
        else {
            throw CaseError.notInCampaign(
                recipient: recipient.name, campaign: campaign.name, category: campaign.category)
        }
        return found
    }

    /// The case named by a recipient and an optional campaign. With no campaign named, the
    /// recipient's only case will do.
    func theCase(recipient name: String, campaign campaignName: String?, _ db: Store) throws -> (
        Recipient, Campaign, Case
    ) {
        let recipient = try recipient(name, db)
        if campaignName == nil {
            let cases = try Case.filter(Case.Columns.recipientId == recipient.id).fetchAll(db)
            if cases.count == 1, let only = cases.first, let campaign = try Campaign.fetchOne(db, key: only.campaignId)
            {
                return (recipient, campaign, only)
            }
        }
        let campaign = try campaign(campaignName, db)
        return (recipient, campaign, try theCase(of: recipient, in: campaign, db))
    }
}

// MARK: - Changing cases

extension Tracker {
    /// Checks `action` against the state machine and returns where it leads.
    func outcome(of action: CaseAction, for theCase: Case, _ recipient: Recipient, _ campaign: Campaign) throws
        -> Outcome
    {
        guard let outcome = StateMachine.outcome(of: action, from: theCase.state) else {
            throw CaseError.refused(
                recipient: recipient.name, campaign: campaign.name, state: theCase.state, action: action)
        }
        return outcome
    }

    /// Appends one event to the history of `theCase` (as it was before the event), sealed to the
    /// event before it, in the current command. Call it once the case and its records are as the
    /// event leaves them: its seal covers them.
    func appendEvent(
        _ db: Store, before theCase: Case, action: String, to: CaseState, on day: Day?,
        note: String?, at timestamp: String, undoes: Int64? = nil
    ) throws {
        guard let caseId = theCase.id else { throw InternalError.eventWithoutStoredCase }
        try appendEvent(
            db, caseId: caseId, before: CaseFields(theCase), action: action, to: to, on: day, note: note,
            at: timestamp, undoes: undoes)
    }

    /// Appends one event; `before` is `nil` for the event that registers a new case, which has no
    /// records yet. The seal covers the event, the case's fields and records as they stand now,
    /// and the current command (`RecordsSeal`).
    func appendEvent(
        _ db: Store, caseId: Int64, before: CaseFields?, action: String, to: CaseState, on day: Day?,
        note: String?, at timestamp: String, undoes: Int64? = nil
    ) throws {
        try appendEvent(
            db, caseId: caseId, before: before, action: action, to: to, on: day, note: note, at: timestamp,
            undoes: undoes,
            caseAfter: try RecordsSeal.caseAfter(db, caseId: caseId),
            // A case just registered has no records yet.
            records: before == nil ? RecordsSeal.emptyDigest : try RecordsSeal.digest(db, caseId: caseId))
    }

    /// Appends one event whose `case_after` and records digest the caller has computed (as
    /// `RecordsSeal.caseAfter` and `RecordsSeal.digest` give them for the case as it now stands).
    func appendEvent(
        _ db: Store, caseId: Int64, before: CaseFields?, action: String, to: CaseState, on day: Day?,
        note: String?, at timestamp: String, undoes: Int64?, caseAfter: String?, records: String
    ) throws {
        var chain = try self.chain ?? EventChain.current(db)
        let id = chain.lastId + 1
        var sealed = SealedBytes()
        sealed.start(after: chain.head)
        for field in [
            String(id), String(caseId), timestamp, actor, action, before?.state.rawValue, to.rawValue,
            day?.description, note, chain.commandId.map(String.init), before?.json, undoes.map(String.init),
            caseAfter, records,
        ] {
            sealed.add(field)
        }
        for field in chain.command { sealed.add(field) }
        let hash = sealed.hash()
        // A cached statement bound straight through SQLite, not the record's insert: GRDB builds an
        // insert per record and boxes every argument, and a 100,000-row import writes 100,000 events.
        // Kept with the chain for the transaction (a server's statement works out its COPY once).
        let insert: StoreStatement
        if let kept = chain.insertEvent, kept.store === db {
            insert = kept
        } else {
            insert = try db.cachedStatement(
                sql: """
                    INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, note, command_id,
                                       case_before, undoes, case_after, records_sha256, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            chain.insertEvent = insert
        }
        try insert.runBound(
            [
                .integer(id), .integer(caseId), .text(timestamp), .text(actor), .text(action),
                BoundValue(before?.state.rawValue), .text(to.rawValue), BoundValue(day?.description),
                BoundValue(note), BoundValue(chain.commandId), BoundValue(before?.json), BoundValue(undoes),
                BoundValue(caseAfter), .text(records), .text(chain.head), .text(hash),
            ], db)
        chain.lastId = id
        chain.head = hash
        self.chain = chain
    }

    /// Opens a `draft` case for every recipient of the campaign's category that has none, and
    /// records it in their histories. Returns how many were opened.
    @discardableResult
    func openDraftCases(_ db: Store, campaignId: Int64? = nil, recipientId: Int64? = nil) throws -> Int {
        let ofCampaign: SQL = campaignId.map { "AND c.id = \($0)" } ?? ""
        let ofRecipient: SQL = recipientId.map { "AND r.id = \($0)" } ?? ""
        let firstNew = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \"case\"") ?? 0) + 1
        try db.execute(
            literal: """
                INSERT INTO "case" (campaign_id, recipient_id, state)
                SELECT c.id, r.id, 'draft' FROM campaign c, recipient r
                WHERE c.category = r.category
                  AND NOT EXISTS (SELECT 1 FROM "case" x WHERE x.campaign_id = c.id AND x.recipient_id = r.id)
                  \(ofCampaign) \(ofRecipient)
                ORDER BY c.id, r.id
                """)
        let opened = db.changesCount
        let at = timestamp
        // Each new case's fields read with it (no query per case); a new case has no records.
        let newCases = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, \(RecordsSeal.caseColumns.joined(separator: ", ")) FROM "case" WHERE id >= ? ORDER BY id
                """, arguments: [firstNew])
        var counter = ProgressCounter(progress, what: "cases opened", total: opened)
        defer { counter.finish() }
        while let row = try newCases.next() {
            try appendEvent(
                db, caseId: try row.decode(Int64.self, forColumn: "id"), before: nil, action: "registered", to: .draft,
                on: nil, note: nil, at: at, undoes: nil,
                caseAfter: db.isServer ? RecordsSeal.caseJSON(named: row) : RecordsSeal.caseJSON(row, from: 1),
                records: RecordsSeal.emptyDigest)
            counter.add()
        }
        return opened
    }
}

/// The last event of the history and the command being written, as the next event's seal needs
/// them.
struct EventChain {
    var lastId: Int64
    /// The hash of the last event (`HistorySeal.genesis` for an empty history).
    var head: String
    var commandId: Int64?
    /// The command's sealed fields, `RecordsSeal.commandColumns` (`nil`s with no command).
    var command: [String?]
    /// The statement that inserts the events, once prepared in this transaction.
    var insertEvent: StoreStatement? = nil

    static func current(_ db: Store) throws -> EventChain {
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM event ORDER BY id DESC LIMIT 1")
        let command = try Row.fetchOne(
            db,
            sql: """
                SELECT id, \(RecordsSeal.commandColumns.joined(separator: ", ")) FROM command ORDER BY id DESC LIMIT 1
                """)
        return EventChain(
            lastId: try last?.decode(Int64?.self, forColumn: "id") ?? 0,
            head: try last?.decode(String?.self, forColumn: "hash") ?? HistorySeal.genesis,
            commandId: try command?.decode(Int64?.self, forColumn: "id"),
            command: RecordsSeal.commandColumns.map { column in
                command.flatMap { RecordsSeal.text($0[column] as DatabaseValue) }
            })
    }
}
