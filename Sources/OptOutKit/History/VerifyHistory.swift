import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// What `verify` found: an intact chain of `events` ending in `head`, or where it breaks.
public struct HistoryVerified: Sendable {
    public var events: Int
    /// The hash of the last event (64 zeros for an empty history).
    public var head: String
    /// With an expected head: how many events there were when it was the head.
    public var eventsAtExpectedHead: Int?
}

/// Where the chain of the history breaks, described for a person.

extension Tracker {
    /// Walks the history in order and checks every seal. Throws `HistoryBreak` naming the first
    /// event that was changed, removed or inserted outside the tool; with `expectedHead` (a head
    /// written down earlier), also checks that it is still in the chain.
    public func verifyHistory(expectedHead: String? = nil) throws -> HistoryVerified {
        if let server { return try verifyServerHistory(server, expectedHead: expectedHead) }
        // The cases are checked on a second connection to the same file, on the other core, while
        // this one walks the chain (a database in memory has no second connection: one after the other).
        let companion = VerifyCompanion.open(beside: writer)
        return try writer.read { db in try verifyHistory(db, expectedHead: expectedHead, companion: companion) }
    }

    func verifyHistory(_ db: Database, expectedHead: String?, companion: DatabaseQueue? = nil) throws -> HistoryVerified
    {
        try SealError.requireSealedRecords(Store(db))
        let expected = expectedHead?.lowercased().trimmingCharacters(in: .whitespaces)
        var previousHash = HistorySeal.genesis
        var previousId: Int64?
        var count = 0
        var countAtExpected: Int? = expected == HistorySeal.genesis ? 0 : nil
        // The seal of version 5 once one event carries it: every event after must too.
        var recordsSealedFrom: Int64?
        // The views first (verify reads the history through one); the rest of the schema once the
        // chain is checked, so a trigger dropped to change an event names the event first.
        let schema = try schemaDifferences(db)
        try schema.check(only: "view")
        let select = """
            SELECT \(SealedEventRow.columns.map { "s.\($0)" }.joined(separator: ", ")), r.name, c.name
            FROM sealed_event s LEFT JOIN "case" k ON k.id = s.case_id
            LEFT JOIN recipient r ON r.id = k.recipient_id LEFT JOIN campaign c ON c.id = k.campaign_id
            """
        // Each row is hashed from the bytes SQLite holds for it, read from the statement itself;
        // the names of its case are read only for an event that is checked the slow way.
        let statement = try db.makeStatement(
            sql: """
                SELECT \(SealedEventRow.columns.joined(separator: ", ")) FROM sealed_event ORDER BY id
                """)
        let rows = try Row.fetchCursor(statement)
        // The cases, on the other connection, if it reads what this one reads (`VerifyCompanion`).
        let cases = try companion.map { try VerifyCompanion.start($0, tracker: self, matching: ReadFingerprint(db)) }
        defer { cases?.wait() }
        var fast = FastSealCheck(expected: expected)
        var counter = ProgressCounter(
            progress, what: "events checked",
            total: progress == nil ? nil : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event"))
        defer { counter.finish() }
        while let cursorRow = try rows.next() {
            counter.add()
            var next = cursorRow
            switch fast.check(statement.sqliteStatement, recordsSealedFrom: &recordsSealedFrom) {
            case .intact(let id):
                previousId = id
                count += 1
                if fast.isExpectedHead { countAtExpected = count }
                continue
            case .slow(let id):
                // Read again as values (reading bytes may have turned the cursor's numbers into text).
                if let id, let again = try Row.fetchOne(db, sql: select + " WHERE s.id = ?", arguments: [id]) {
                    next = again
                }
            }
            previousHash = fast.previousHash
            let row = SealedEventRow(row: next)
            let fields = row.sealedFields
            let id = row.id
            let storedPrevious = row.prevHash
            let sealsRecords = row.sealsRecords
            guard let stored = row.hash else {
                throw HistoryBreak.unsealedEvent(eventId: id, event: Self.describe(row, fields))
            }
            if HistorySeal.hash(fields, after: storedPrevious ?? "") != stored {
                let what = Self.describe(row, fields)
                let commandId = fields[9]
                if sealsRecords, let commandId, !row.commandFound {
                    throw HistoryBreak.commandDeleted(commandId: commandId, eventId: id, event: what)
                }
                throw HistoryBreak.eventChanged(eventId: id, event: what, commandId: sealsRecords ? commandId : nil)
            }
            if storedPrevious != previousHash {
                throw HistoryBreak.eventsRemoved(eventId: id, after: previousId, event: Self.describe(row, fields))
            }
            if sealsRecords {
                if recordsSealedFrom == nil { recordsSealedFrom = id }
            } else if let from = recordsSealedFrom {
                throw HistoryBreak.recordsUnsealed(eventId: id, event: Self.describe(row, fields), sealedFrom: from)
            }
            previousHash = stored
            fast.previous = Array(stored.utf8)
            previousId = id
            count += 1
            if stored == expected { countAtExpected = count }
        }
        previousHash = fast.previousHash
        if let expected, countAtExpected == nil {
            throw HistoryBreak.headNotFound(
                head: expected, lastEventId: previousId ?? 0, events: count, endsIn: previousHash)
        }
        // Checked on the other connection if it could (its break, if any, comes after the chain's).
        if try cases?.result() != true { try verifyCases(db) }
        try schema.check()
        return HistoryVerified(events: count, head: previousHash, eventsAtExpectedHead: countAtExpected)
    }

    /// Checks every case against the last event of its history: it has one, its fields are the
    /// ones that event left, and its notices, replies and disclosures hash to the digest it sealed.
    /// One pass over each table in the order of an index, merged by case: no query per case, and
    /// nothing kept but the case at hand. (The events' seals are checked already.) The statements
    /// are stepped directly and compared as bytes; the names of a case are read only to describe
    /// a break.
    fileprivate func verifyCases(_ db: Database) throws {
        let cases = try db.makeStatement(
            sql: """
                SELECT id, \(RecordsSeal.caseColumns.joined(separator: ", ")) FROM "case" ORDER BY id
                """)
        // The last event of each case (SQLite takes the other columns from the row with MAX(id)).
        var lastEvents = LastEvents(
            statement: try db.makeStatement(
                sql: """
                    SELECT case_id, MAX(id), case_after, records_sha256 FROM event GROUP BY case_id ORDER BY case_id
                    """), db: db)
        var records = try RecordsSeal.tables(in: Store(db)).map { table in
            MergedRows(table: table, statement: try db.makeStatement(sql: table.ofEveryCase), db: db)
        }
        let raw = cases.sqliteStatement
        var json: [UInt8] = []
        json.reserveCapacity(256)
        while try RawStep.next(cases, db) {
            let caseId = sqlite3_column_type(raw, 0) == SQLITE_INTEGER ? sqlite3_column_int64(raw, 0) : 0
            func name() throws -> BrokenCase { try Self.describeCase(caseId, db) }
            var hasher = RecordsSeal.Hasher()
            for index in records.indices {
                if let orphan = try records[index].add(caseId, to: &hasher) {
                    throw HistoryBreak.orphanRecord(table: records[index].table.name, id: orphan)
                }
            }
            guard let sealed = try lastEvents.last(of: caseId) else {
                throw HistoryBreak.caseWithoutHistory(theCase: try name())
            }
            guard let caseAfter = sealed.caseAfter, let digest = sealed.records else {
                throw HistoryBreak.caseRecordsNotSealed(theCase: try name(), eventId: sealed.eventId)
            }
            if !Self.caseJSON(raw, into: &json) {
                // A value the quick path does not write: read as values, as the seal's rule reads them.
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(RecordsSeal.caseColumns.joined(separator: ", ")) FROM \"case\" WHERE id = ?",
                    arguments: [caseId])
                json = Array((row.map { RecordsSeal.caseJSON($0) } ?? "").utf8)
            }
            if json != caseAfter {
                let now = String(decoding: json, as: UTF8.self)
                throw HistoryBreak.caseChanged(
                    theCase: try name(), eventId: sealed.eventId,
                    differences: Self.differences(now, String(decoding: caseAfter, as: UTF8.self)))
            }
            if hasher.finalizeHex() != digest {
                throw HistoryBreak.caseRecordsChanged(theCase: try name(), eventId: sealed.eventId)
            }
        }
        for index in records.indices {
            var rest = RecordsSeal.Hasher()
            if let orphan = try records[index].add(Int64.max, to: &rest) {
                throw HistoryBreak.orphanRecord(table: records[index].table.name, id: orphan)
            }
        }
        _ = try lastEvents.last(of: Int64.max)
    }

    /// The current case row's fields (columns 1 to 5 of `statement`) as `RecordsSeal.caseJSON`
    /// writes them, when each is null or plain ASCII text with nothing to escape; `false` (and
    /// `json` left unspecified) for anything else.
    private static func caseJSON(_ statement: OpaquePointer, into json: inout [UInt8]) -> Bool {
        json.removeAll(keepingCapacity: true)
        json.append(UInt8(ascii: "{"))
        for (index, key) in caseKeys.enumerated() {
            json.append(contentsOf: key)
            let column = Int32(index + 1)
            switch sqlite3_column_type(statement, column) {
            case SQLITE_NULL:
                json.append(contentsOf: nullBytes)
            case SQLITE_TEXT:
                guard let start = sqlite3_column_text(statement, column) else { return false }
                let bytes = UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
                guard
                    bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
                    )
                else { return false }
                json.append(UInt8(ascii: "\""))
                json.append(contentsOf: bytes)
                json.append(UInt8(ascii: "\""))
            default:
                return false
            }
        }
        json.append(UInt8(ascii: "}"))
        return true
    }

    /// `"state":`, `,"sent_on":`, … : the keys of `RecordsSeal.caseJSON`, in order.
    private static let caseKeys: [[UInt8]] = RecordsSeal.caseColumns.enumerated().map { index, column in
        Array(((index == 0 ? "" : ",") + "\"\(column)\":").utf8)
    }
    private static let nullBytes = Array("null".utf8)

    /// How the schema differs from the one optout's own migrations create: compared with an empty
    /// database migrated in memory to the same version.
    private func schemaDifferences(_ db: Database) throws -> SchemaDifferences {
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        let migrator = Tracker.migrator(at: "", actor: "")
        guard let version = applied.last, migrator.migrations.contains(version) else { return SchemaDifferences() }
        let reference = try DatabaseQueue()
        try migrator.migrate(reference, upTo: version)
        let sql =
            "SELECT type, name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        let expected = try reference.read { db in try Row.fetchAll(db, sql: sql) }.map { SchemaItem(row: $0) }
        let actual = try Row.fetchAll(db, sql: sql).map { SchemaItem(row: $0) }
        return SchemaDifferences(
            missing: expected.filter { !actual.contains($0) }, extra: actual.filter { !expected.contains($0) },
            actual: actual)
    }

    /// The event of `row` (its sealed `fields`), as far as the row still says.
    private static func describe(_ row: SealedEventRow, _ fields: [String?]) -> BrokenEvent {
        BrokenEvent(
            recipient: row.recipientName, caseId: fields[1], campaign: row.campaignName, action: fields[4],
            at: fields[2], actor: fields[3])
    }

    /// Case `id` with the names of its recipient and campaign, where they still exist.
    private static func describeCase(_ id: Int64, _ db: Database) throws -> BrokenCase {
        let row = try SQLRequest<Row>(
            """
            SELECT r.name AS recipient, c.name AS campaign FROM "case" k LEFT JOIN recipient r ON r.id = k.recipient_id
            LEFT JOIN campaign c ON c.id = k.campaign_id WHERE k.id = \(id)
            """
        ).fetchOne(db)
        return BrokenCase(
            id: id, recipient: row.flatMap { HistorySeal.text($0["recipient"]?.databaseValue ?? .null) },
            campaign: row.flatMap { HistorySeal.text($0["campaign"]?.databaseValue ?? .null) })
    }

    /// The fields of a case that differ from what its last event left.
    private static func differences(_ now: String, _ sealed: String) -> CaseDifferences {
        func fields(_ json: String) -> [String: String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                return [:]
            }
            return object.mapValues { ($0 as? String) ?? "none" }
        }
        let current = fields(now)
        let before = fields(sealed)
        let changed = RecordsSeal.caseColumns.filter { current[$0] != before[$0] }.map { column in
            CaseFieldChange(column: column, now: current[column] ?? "none", sealed: before[column] ?? "none")
        }
        return changed.isEmpty ? .text(now: now, sealed: sealed) : .fields(changed)
    }
}

/// One row of the view `sealed_event`, read by position (a name would be looked up again for each
/// of a million events): first the fields its seal covers, in the seal's order, then the rest;
/// optionally followed by the names of its recipient and campaign.
struct SealedEventRow {
    static let columns = [
        "id", "case_id", "at", "actor", "action", "from_state", "to_state", "on_date", "note",
        "command_id", "case_before", "undoes", "case_after", "records_sha256", "command_at",
        "command_actor", "command_name", "command_undoes", "prev_hash", "hash", "command_found",
    ]
    let row: Row
    /// Whether the row's values are read by their columns' names (a server's rows), not by position.
    var byName = false

    private func value(_ index: Int) -> DatabaseValue? {
        if byName { return index < Self.columns.count ? row[Self.columns[index]] : nil }
        return index < row.count ? row[index] : nil
    }

    private func text(_ index: Int) -> String? { value(index).flatMap(HistorySeal.text) }

    var id: Int64 { value(0)?.storage.value as? Int64 ?? 0 }
    var caseId: Int64? { value(1)?.storage.value as? Int64 }
    /// Whether it carries the seal of schema version 5 (`RecordsSeal`).
    var sealsRecords: Bool { caseAfter != nil || records != nil }
    /// The fields its hash covers: 12 of version 3, or 18 with the seal of version 5.
    var sealedFields: [String?] { (0..<(sealsRecords ? 18 : 12)).map(text) }
    var caseAfter: String? { text(12) }
    var records: String? { text(13) }
    var prevHash: String? { text(18) }
    var hash: String? { text(19) }
    var commandFound: Bool { text(20) != nil }
    var recipientName: String? { text(21) }
    var campaignName: String? { text(22) }
}

/// Checks an event's seal from the bytes SQLite holds, with no string per field: the seal holds,
/// the event follows the one before it, and it seals its records if an event before it did. An
/// event that fails any of this (or holds a value that is not text, an integer or null) is checked
/// again the slow way, which says what is wrong.
private struct FastSealCheck {
    enum Outcome {
        case intact(Int64)
        /// Check it the slow way (the event's id, when it has one).
        case slow(Int64?)
    }

    /// The hash of the last event checked, as stored.
    var previous = Array(HistorySeal.genesis.utf8)
    let expected: [UInt8]?
    private(set) var isExpectedHead = false
    private var sealed = SealedBytes()
    private var digest = [UInt8](repeating: 0, count: 64)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    init(expected: String?) {
        self.expected = expected.map { Array($0.utf8) }
    }

    var previousHash: String { String(decoding: previous, as: UTF8.self) }

    /// The current row of `statement`, whose columns start as `SealedEventRow.columns` do.
    mutating func check(_ statement: OpaquePointer, recordsSealedFrom: inout Int64?) -> Outcome {
        // Types first: reading a number's bytes turns it into text. Only text, integers and
        // nulls are read here; anything else is read the slow way.
        guard sqlite3_column_type(statement, 0) == SQLITE_INTEGER else { return .slow(nil) }
        let id = sqlite3_column_int64(statement, 0)
        var sealsRecords = false
        for column: Int32 in 0..<20 {
            let type = sqlite3_column_type(statement, column)
            if type == SQLITE_FLOAT || type == SQLITE_BLOB { return .slow(id) }
            if (column == 18 || column == 19) && type == SQLITE_NULL { return .slow(id) }
            if (column == 12 || column == 13) && type != SQLITE_NULL { sealsRecords = true }
        }
        if !sealsRecords && recordsSealedFrom != nil { return .slow(id) }
        guard Self.bytes(statement, 18).elementsEqual(previous) else { return .slow(id) }
        sealed.start(afterBytes: previous)
        for column: Int32 in 0..<(sealsRecords ? 18 : 12) {
            if sqlite3_column_type(statement, column) == SQLITE_NULL {
                sealed.add(bytes: nil as UnsafeRawBufferPointer?)
            } else {
                sealed.add(bytes: Self.bytes(statement, column))
            }
        }
        var index = 0
        for byte in sealed.digest() {
            digest[index] = Self.hexDigits[Int(byte >> 4)]
            digest[index + 1] = Self.hexDigits[Int(byte & 0x0f)]
            index += 2
        }
        guard Self.bytes(statement, 19).elementsEqual(digest) else { return .slow(id) }
        if sealsRecords && recordsSealedFrom == nil { recordsSealedFrom = id }
        swap(&previous, &digest)
        isExpectedHead = expected.map { $0 == previous } ?? false
        return .intact(id)
    }

    /// The bytes of a column of the current row (a number as its text), valid until the next
    /// step or read of that column.
    private static func bytes(_ statement: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        guard let start = sqlite3_column_blob(statement, column) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }
}

/// What was dropped from, altered in or added to the schema optout creates.
private struct SchemaDifferences {
    var missing: [SchemaItem] = []
    var extra: [SchemaItem] = []
    var actual: [SchemaItem] = []

    /// Throws a `HistoryBreak` naming the first difference (of the objects of type `only`).
    func check(only type: String? = nil) throws {
        let missing = self.missing.filter { type == nil || $0.type == type }
        let extra = self.extra.filter { type == nil || $0.type == type }
        if let item = missing.first {
            let altered = actual.contains { $0.type == item.type && $0.name == item.name }
            throw HistoryBreak.schemaObjectChanged(
                type: item.type, name: item.name, altered: altered, changes: missing.count + extra.count)
        }
        if let item = extra.first {
            throw HistoryBreak.schemaObjectAdded(type: item.type, name: item.name, changes: missing.count + extra.count)
        }
    }
}

/// The last event of each case, in the order of `case_id`, handed out case by case.
private struct LastEvents {
    /// What the last event of a case sealed, as the bytes of its text (a value stored as another
    /// type as the seal's rule, `HistorySeal.text`, writes it).
    struct Sealed {
        var eventId: Int64
        var caseAfter: [UInt8]?
        var records: [UInt8]?
    }

    let statement: Statement
    let db: Database
    var pending: (caseId: Int64?, sealed: Sealed)?
    var done = false

    init(statement: Statement, db: Database) {
        self.statement = statement
        self.db = db
    }

    private func text(_ column: Int32) -> [UInt8]? {
        let raw = statement.sqliteStatement
        switch sqlite3_column_type(raw, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let start = sqlite3_column_text(raw, column) else { return [] }
            return Array(UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(raw, column))))
        default:
            return HistorySeal.text(DatabaseValue(sqliteStatement: raw, index: column)).map { Array($0.utf8) }
        }
    }

    /// The last event of case `caseId`, if it has events. Throws a `HistoryBreak` for a case
    /// before it that has a history but no longer exists.
    mutating func last(of caseId: Int64) throws -> Sealed? {
        if pending == nil, !done {
            if try RawStep.next(statement, db) {
                let raw = statement.sqliteStatement
                pending = (
                    sqlite3_column_type(raw, 0) == SQLITE_INTEGER ? sqlite3_column_int64(raw, 0) : nil,
                    Sealed(
                        eventId: sqlite3_column_type(raw, 1) == SQLITE_INTEGER ? sqlite3_column_int64(raw, 1) : 0,
                        caseAfter: text(2), records: text(3))
                )
            } else {
                done = true
            }
        }
        guard let next = pending else { return nil }
        guard let eventCase = next.caseId, eventCase >= caseId else {
            throw HistoryBreak.caseDeleted(caseId: next.caseId, eventId: next.sealed.eventId)
        }
        guard eventCase == caseId else { return nil }
        pending = nil
        return next.sealed
    }
}

/// Steps a statement directly (no row object per row).
enum RawStep {
    /// Steps `statement` to its next row: `false` when it has none.
    static func next(_ statement: Statement, _ db: Database) throws -> Bool {
        let code = sqlite3_step(statement.sqliteStatement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) },
                sql: statement.sql)
        }
    }
}

/// What tells two read transactions apart: a writing command of optout adds a `command` row (and
/// its events and records), so two connections that see the same last rows read the same state.
struct ReadFingerprint: Equatable, Sendable {
    var values: [String?]

    init(_ db: Database) throws {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT MAX(id) FROM command), (SELECT MAX(id) FROM event),
                       (SELECT hash FROM event ORDER BY id DESC LIMIT 1), (SELECT MAX(id) FROM "case"),
                       (SELECT MAX(id) FROM notice), (SELECT MAX(id) FROM reply), (SELECT MAX(id) FROM disclosure),
                       (SELECT COUNT(*) FROM event)
                """)
        values = row.map { row in (0..<row.count).map { HistorySeal.text(row[$0]) } } ?? []
    }
}

/// The second connection of `verify`: it checks the cases (`verifyCases`) on another thread while
/// the first walks the chain, in a read transaction that must see what the first one sees (the
/// same `ReadFingerprint`, taken after the first one's began); when it does not (a command
/// committed in between), the first connection checks the cases itself, after the chain.
final class VerifyCompanion: @unchecked Sendable {
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var outcome: Result<Bool, any Error>?
    private var waited = false

    /// A read-only connection to the file `writer` reads, or `nil` (a database in memory, or a
    /// file that will not open twice).
    static func open(beside writer: any DatabaseWriter) -> DatabaseQueue? {
        let path = writer.path
        guard !path.isEmpty, path != ":memory:", !path.contains("mode=memory") else { return nil }
        // The last event of each case is looked up in the event table: keep its pages.
        return try? DatabaseQueue(
            path: path, configuration: StoreConfiguration.make(readonly: true, pageCacheKiB: 32768))
    }

    /// Starts checking the cases on `queue`, on a thread of its own.
    static func start(_ queue: DatabaseQueue, tracker: Tracker, matching fingerprint: ReadFingerprint)
        -> VerifyCompanion
    {
        let companion = VerifyCompanion()
        let thread = Thread {
            let outcome = Result<Bool, any Error> {
                try queue.read { db -> Bool in
                    guard try ReadFingerprint(db) == fingerprint else { return false }
                    try tracker.verifyCases(db)
                    return true
                }
            }
            companion.lock.lock()
            companion.outcome = outcome
            companion.lock.unlock()
            companion.finished.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
        return companion
    }

    /// Waits for the check to end.
    func wait() {
        lock.lock()
        let already = waited
        waited = true
        lock.unlock()
        if !already { finished.wait() }
    }

    /// Whether the cases were checked (and found intact); throws the break it found.
    func result() throws -> Bool {
        wait()
        lock.lock()
        defer { lock.unlock() }
        return try outcome?.get() ?? false
    }
}

/// One row of `sqlite_master`.
private struct SchemaItem: Equatable {
    var type: String
    var name: String
    var sql: String

    init(row: Row) {
        type = HistorySeal.text(row["type"] as DatabaseValue) ?? ""
        name = HistorySeal.text(row["name"] as DatabaseValue) ?? ""
        // Runs of white space count as one, whatever SQLite version rewrote the text.
        sql = (HistorySeal.text(row["sql"] as DatabaseValue) ?? "").split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
    }
}

/// The rows of one table of evidence, read in the order of `case_id`, handed out case by case.
/// The statement is stepped directly and each row's bytes appended to a case's digest as they lie
/// (a verify of a million events reads hundreds of thousands of records).
private struct MergedRows {
    var table: RecordsSeal.Table
    let statement: Statement
    let db: Database
    /// Whether the statement stands on a row not yet handed out.
    var pending = false
    var started = false

    init(table: RecordsSeal.Table, statement: Statement, db: Database) {
        self.table = table
        self.statement = statement
        self.db = db
    }

    private mutating func step() throws {
        let raw = statement.sqliteStatement
        let code = sqlite3_step(raw)
        switch code {
        case SQLITE_ROW: pending = true
        case SQLITE_DONE: pending = false
        default:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) },
                sql: statement.sql)
        }
    }

    /// The current row's id as text (for a message).
    private var pendingId: String {
        let raw = statement.sqliteStatement
        guard sqlite3_column_type(raw, 1) != SQLITE_NULL, let text = sqlite3_column_text(raw, 1) else { return "?" }
        return String(cString: text)
    }

    /// Adds the rows of case `caseId` to `hasher`. Returns the id of a row before them that no
    /// case took (its case does not exist), if there is one.
    mutating func add(_ caseId: Int64, to hasher: inout RecordsSeal.Hasher) throws -> String? {
        let raw = statement.sqliteStatement
        if !started {
            started = true
            sqlite3_reset(raw)
            try step()
        }
        while pending {
            // A case that is not a number (or none) belongs to no case.
            guard sqlite3_column_type(raw, 0) == SQLITE_INTEGER else { return pendingId }
            let rowCase = sqlite3_column_int64(raw, 0)
            if rowCase > caseId { return nil }
            if rowCase < caseId { return pendingId }
            hasher.add(raw, of: table, from: 2)
            try step()
        }
        return nil
    }
}

// MARK: - Backup and check

/// What `check` found.
public struct CheckResult: Sendable {
    /// `PRAGMA integrity_check`'s findings (empty when the file is sound).
    public var integrityProblems: [String]
    /// `PRAGMA foreign_key_check`'s findings: rows that point at nothing.
    public var foreignKeyProblems: [String]
    /// The history's chain, or where it breaks.
    public var history: Result<HistoryVerified, HistoryBreak>
    /// Stored values no command can read (`StoredValues`), by row.
    public var storedValueProblems: [StoredValueProblem] = []

    public var isSound: Bool {
        guard case .success = history else { return false }
        return integrityProblems.isEmpty && foreignKeyProblems.isEmpty && storedValueProblems.isEmpty
    }
}

extension Tracker {
    /// Integrity check, foreign-key check and the history's seals, in one read.
    public func check() throws -> CheckResult {
        if let server { return try checkServer(server) }
        return try writer.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "\(HistorySeal.text(row["table"] as DatabaseValue) ?? "?") row \(HistorySeal.text(row["rowid"] as DatabaseValue) ?? "?") points at a missing \(HistorySeal.text(row["parent"] as DatabaseValue) ?? "?") row"
            }
            let history: Result<HistoryVerified, HistoryBreak>
            do {
                history = .success(try verifyHistory(db, expectedHead: nil))
            } catch let broken as HistoryBreak {
                history = .failure(broken)
            }
            return CheckResult(
                integrityProblems: integrity, foreignKeyProblems: foreignKeys, history: history,
                storedValueProblems: try StoredValues.problems(db))
        }
    }

    /// A consistent copy of the database at `path` (SQLite's `VACUUM INTO`, which reads one
    /// snapshot while other processes go on writing), readable and writable by its owner only.
    /// An existing file is never overwritten; a copy that fails (a full disk) is removed with the
    /// journal SQLite left beside it. Returns the copy's history, checked.
    public func backup(to path: String) throws -> Result<HistoryVerified, HistoryBreak> {
        if let server { return try backupServer(server, to: path) }
        try StoreError.checkPath(path)
        // Companion files that were there before are someone else's and stay.
        let strangers = StoreFile.companions.filter { FileManager.default.fileExists(atPath: path + $0) }
        if let stranger = strangers.first {
            throw StoreError.backupFailed(
                target: path, cause: "\(path)\(stranger) is already there (left by another program?); name a new file")
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists; name a new file" : String(cString: strerror(errno))
            throw StoreError.backupFailed(target: path, cause: reason)
        }
        close(descriptor)
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            let copy = Tracker(
                checked: try DatabaseQueue(path: path, configuration: StoreConfiguration.make(readonly: true)),
                actor: actor, clock: clock, commandLine: commandLine, letters: letters)
            do {
                return .success(try copy.verifyHistory())
            } catch let broken as HistoryBreak {
                return .failure(broken)
            }
        } catch {
            StoreFile.remove(path)
            let cause: String
            switch error {
            case let error as DatabaseError where error.resultCode == .SQLITE_FULL:
                cause = "the disk is full; free some space or back up to another disk"
            case let error as DatabaseError: cause = StoreError(error, path: path).description
            default: cause = "\(error)"
            }
            throw StoreError.backupFailed(target: path, cause: cause + "; the partial copy was removed")
        }
    }
}
