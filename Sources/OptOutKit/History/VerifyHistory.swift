import Crypto
import Foundation
import GRDB

/// What `verify` found: an intact chain of `events` ending in `head`, or where it breaks.
public struct HistoryVerified: Sendable {
    public var events: Int
    /// The hash of the last event (64 zeros for an empty history).
    public var head: String
    /// With an expected head: how many events there were when it was the head.
    public var eventsAtExpectedHead: Int?
}

/// Where the chain of the history breaks, described for a person.
public struct HistoryBreak: Error, Sendable, CustomStringConvertible {
    public var eventId: Int64
    public var description: String
}

extension Tracker {
    /// Walks the history in order and checks every seal. Throws `HistoryBreak` naming the first
    /// event that was changed, removed or inserted outside the tool; with `expectedHead` (a head
    /// written down earlier), also checks that it is still in the chain.
    public func verifyHistory(expectedHead: String? = nil) throws -> HistoryVerified {
        try writer.read { db in try verifyHistory(db, expectedHead: expectedHead) }
    }

    func verifyHistory(_ db: Database, expectedHead: String?) throws -> HistoryVerified {
        let expected = expectedHead?.lowercased().trimmingCharacters(in: .whitespaces)
        var previousHash = HistorySeal.genesis
        var previousId: Int64?
        var count = 0
        var countAtExpected: Int? = expected == HistorySeal.genesis ? 0 : nil
        // The seal of version 5 once one event carries it: every event after must too.
        var recordsSealedFrom: Int64?
        var lastOfCase: [Int64: CaseSealed] = [:]
        // Columns by position, in the order of the seal: the event's fields of version 3 (0-11),
        // `case_after`, `records_sha256` and its command's fields (12-17), then the rest.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.case_id, e.at, e.actor, e.action, e.from_state, e.to_state, e.on_date, e.note, e.command_id,
                   e.case_before, e.undoes, e.case_after, e.records_sha256,
                   m.at, m.actor, m.name, m.undoes,
                   e.prev_hash, e.hash, m.id, r.name, c.name
            FROM event e LEFT JOIN "case" k ON k.id = e.case_id
            LEFT JOIN recipient r ON r.id = k.recipient_id LEFT JOIN campaign c ON c.id = k.campaign_id
            LEFT JOIN command m ON m.id = e.command_id
            ORDER BY e.id
            """)
        while let row = try rows.next() {
            let sealsRecords = !(row[12] as DatabaseValue).isNull || !(row[13] as DatabaseValue).isNull
            let fields = (0..<(sealsRecords ? 18 : 12)).map { HistorySeal.text(row[$0] as DatabaseValue) }
            let id: Int64 = (row[0] as DatabaseValue).storage.value as? Int64 ?? 0
            let storedPrevious = HistorySeal.text(row[18])
            guard let stored = HistorySeal.text(row[19]) else {
                throw HistoryBreak(eventId: id, description: "event #\(id) (\(Self.describe(row, fields))) carries no seal: it was added outside optout")
            }
            if HistorySeal.hash(fields, after: storedPrevious ?? "") != stored {
                let what = Self.describe(row, fields)
                let commandId = fields[9]
                if sealsRecords, let commandId, (row[20] as DatabaseValue).isNull {
                    throw HistoryBreak(eventId: id, description: "command #\(commandId), which wrote event #\(id) (\(what)), was deleted outside optout")
                }
                let command = sealsRecords && commandId != nil ? ", or its command #\(commandId ?? "")," : ""
                throw HistoryBreak(eventId: id, description: "event #\(id) (\(what))\(command) was changed after it was written: its content no longer matches its seal")
            }
            if storedPrevious != previousHash {
                let place = previousId.map { "between event #\($0) and event #\(id)" } ?? "before event #\(id)"
                throw HistoryBreak(eventId: id, description: "events were removed \(place), or one was put there outside optout: event #\(id) (\(Self.describe(row, fields))) no longer follows the event before it")
            }
            if sealsRecords {
                if recordsSealedFrom == nil { recordsSealedFrom = id }
            } else if let from = recordsSealedFrom {
                throw HistoryBreak(eventId: id, description: "event #\(id) (\(Self.describe(row, fields))) does not seal its case's records, as every event from #\(from) on does: it was added outside optout")
            }
            if let caseId = (row[1] as DatabaseValue).storage.value as? Int64 {
                lastOfCase[caseId] = CaseSealed(eventId: id, caseAfter: HistorySeal.text(row[12]), records: HistorySeal.text(row[13]))
            }
            previousHash = stored
            previousId = id
            count += 1
            if stored == expected { countAtExpected = count }
        }
        if let expected, countAtExpected == nil {
            throw HistoryBreak(eventId: previousId ?? 0, description: "the head you recorded, \(expected), is not in the history: events written before it were removed or changed (the chain as it is now has \(count) events and ends in \(previousHash))")
        }
        try verifyCases(db, against: lastOfCase)
        try verifySchema(db)
        return HistoryVerified(events: count, head: previousHash, eventsAtExpectedHead: countAtExpected)
    }

    /// What the last event of a case sealed.
    struct CaseSealed {
        var eventId: Int64
        var caseAfter: String?
        var records: String?
    }

    /// Checks every case against the last event of its history: it has one, its fields are the
    /// ones that event left, and its notices, replies and disclosures hash to the digest it sealed.
    /// One pass over each table in the order of its index, merged by case: no query per case.
    private func verifyCases(_ db: Database, against lastOfCase: [Int64: CaseSealed]) throws {
        let cases = try Row.fetchCursor(db, sql: """
            SELECT k.id, \(RecordsSeal.caseColumns.map { "k.\($0)" }.joined(separator: ", ")),
                   r.name AS recipient_name, c.name AS campaign_name
            FROM "case" k LEFT JOIN recipient r ON r.id = k.recipient_id LEFT JOIN campaign c ON c.id = k.campaign_id
            ORDER BY k.id
            """)
        var records = try RecordsSeal.tables.map { table in
            MergedRows(table: table, rows: try Row.fetchCursor(db, sql: table.ofEveryCase))
        }
        var seen = 0
        while let row = try cases.next() {
            let caseId: Int64 = (row[0] as DatabaseValue).storage.value as? Int64 ?? 0
            let name = Self.describeCase(caseId, row)
            var hasher = SHA256()
            for index in records.indices {
                if let orphan = try records[index].add(caseId, to: &hasher) {
                    throw HistoryBreak(eventId: 0, description: "\(records[index].table.name) #\(orphan) belongs to no case: it was added outside optout, or its case was deleted; restore the database from a backup")
                }
            }
            guard let sealed = lastOfCase[caseId] else {
                throw HistoryBreak(eventId: 0, description: "\(name) has no history: the case was added outside optout, or its events were deleted; restore the database from a backup")
            }
            seen += 1
            guard let caseAfter = sealed.caseAfter, let digest = sealed.records else {
                throw HistoryBreak(eventId: sealed.eventId, description: "\(name) is not sealed: its last event, #\(sealed.eventId), does not seal its records (run any optout command that writes, such as `optout init`, with a version that seals them)")
            }
            let now = RecordsSeal.caseJSON(row, from: 1)
            if now != caseAfter {
                throw HistoryBreak(eventId: sealed.eventId, description: "\(name) was changed outside optout: its \(Self.differences(now, caseAfter)), with no event to say so; restore the database from a backup, or keep it as evidence")
            }
            if RecordsSeal.hex(hasher.finalize()) != digest {
                throw HistoryBreak(eventId: sealed.eventId, description: "the records of \(name) were changed outside optout: its notices, replies and disclosures (a letter's digest, a reply, a disclosure, one added or removed) no longer match the seal of its last event, #\(sealed.eventId); restore the database from a backup, or keep it as evidence")
            }
        }
        for index in records.indices {
            var rest = SHA256()
            if let orphan = try records[index].add(Int64.max, to: &rest) {
                throw HistoryBreak(eventId: 0, description: "\(records[index].table.name) #\(orphan) belongs to no case: it was added outside optout, or its case was deleted; restore the database from a backup")
            }
        }
        if seen < lastOfCase.count, let missing = lastOfCase.keys.sorted().first(where: { id in
            (try? Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\" WHERE id = ?", arguments: [id])) == 0
        }) {
            throw HistoryBreak(eventId: lastOfCase[missing]?.eventId ?? 0, description: "case #\(missing), which has a history, was deleted outside optout; restore the database from a backup")
        }
    }

    /// Checks that the schema, its guard triggers above all, is exactly the one optout's own
    /// migrations create: compared with an empty database migrated in memory to the same version.
    private func verifySchema(_ db: Database) throws {
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        let migrator = Tracker.migrator(at: "", actor: "")
        guard let version = applied.last, migrator.migrations.contains(version) else { return }
        let reference = try DatabaseQueue()
        try migrator.migrate(reference, upTo: version)
        let sql = "SELECT type, name, IFNULL(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        let expected = try reference.read { db in try Row.fetchAll(db, sql: sql) }.map { SchemaItem(row: $0) }
        let actual = try Row.fetchAll(db, sql: sql).map { SchemaItem(row: $0) }
        let missing = expected.filter { item in !actual.contains(item) }
        let extra = actual.filter { item in !expected.contains(item) }
        if let item = missing.first {
            let altered = actual.contains { $0.type == item.type && $0.name == item.name }
            let guardNote = item.type == "trigger" ? " (a guard that keeps the history append-only or stamps records with their command)" : ""
            throw HistoryBreak(eventId: 0, description: "the \(item.type) \(item.name)\(guardNote) was \(altered ? "altered" : "dropped") outside optout\(missing.count + extra.count > 1 ? ", among \(missing.count + extra.count) changes to the schema" : ""); restore the database from a backup")
        }
        if let item = extra.first {
            throw HistoryBreak(eventId: 0, description: "the \(item.type) \(item.name) was added to the schema outside optout; restore the database from a backup")
        }
    }

    /// `recipient in campaign, action, recorded at T by actor`, from what the row holds.
    private static func describe(_ row: Row, _ fields: [String?]) -> String {
        let recipient = HistorySeal.text(row[21]) ?? "case #\(fields[1] ?? "?")"
        let campaign = HistorySeal.text(row[22]).map { " in \($0)" } ?? ""
        return "\(recipient)\(campaign), \(fields[4] ?? "no action"), recorded \(fields[2] ?? "at no time") by \(fields[3] ?? "nobody")"
    }

    /// `the case of recipient in campaign (case #n)`.
    private static func describeCase(_ id: Int64, _ row: Row) -> String {
        let recipient = HistorySeal.text(row["recipient_name"]) ?? "recipient unknown"
        let campaign = HistorySeal.text(row["campaign_name"]).map { " in \($0)" } ?? ""
        return "the case of \(recipient)\(campaign) (case #\(id))"
    }

    /// `state is X but its last event left it Y, deadline ...`: the fields of a case that differ.
    private static func differences(_ now: String, _ sealed: String) -> String {
        func fields(_ json: String) -> [String: String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
            return object.mapValues { ($0 as? String) ?? "none" }
        }
        let current = fields(now), before = fields(sealed)
        let changed = RecordsSeal.caseColumns.filter { current[$0] != before[$0] }.map { column in
            "\(column) is \(current[column] ?? "none") but its last event left it \(before[column] ?? "none")"
        }
        return changed.isEmpty ? "fields are \(now) but its last event left them \(sealed)" : changed.joined(separator: ", ")
    }
}

/// One row of `sqlite_master`.
private struct SchemaItem: Equatable {
    var type: String
    var name: String
    var sql: String

    init(row: Row) {
        type = HistorySeal.text(row[0]) ?? ""
        name = HistorySeal.text(row[1]) ?? ""
        // Runs of white space count as one, whatever SQLite version rewrote the text.
        sql = (HistorySeal.text(row[2]) ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The rows of one table of evidence, read in the order of `case_id`, handed out case by case.
private struct MergedRows {
    var table: RecordsSeal.Table
    var rows: RowCursor
    /// The row read but not yet handed out: its case, its id and its line in a case's digest.
    var pending: (caseId: Int64?, id: String, line: String)?
    var done = false

    init(table: RecordsSeal.Table, rows: RowCursor) {
        self.table = table
        self.rows = rows
    }

    /// Adds the rows of case `caseId` to `hasher`. Returns the id of a row before them that no
    /// case took (its case does not exist), if there is one.
    mutating func add(_ caseId: Int64, to hasher: inout SHA256) throws -> String? {
        while true {
            if pending == nil, !done {
                if let row = try rows.next() {
                    pending = ((row["case_id"] as DatabaseValue).storage.value as? Int64,
                               HistorySeal.text(row["id"]) ?? "?", RecordsSeal.line(row, of: table))
                } else {
                    done = true
                }
            }
            guard let next = pending else { return nil }
            guard let rowCase = next.caseId, rowCase <= caseId else {
                return next.caseId == nil ? next.id : nil
            }
            if rowCase < caseId { return next.id }
            hasher.update(data: Data(next.line.utf8))
            pending = nil
        }
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

    public var isSound: Bool {
        guard case .success = history else { return false }
        return integrityProblems.isEmpty && foreignKeyProblems.isEmpty
    }
}

extension Tracker {
    /// Integrity check, foreign-key check and the history's seals, in one read.
    public func check() throws -> CheckResult {
        try writer.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                "\(HistorySeal.text(row[0]) ?? "?") row \(HistorySeal.text(row[1]) ?? "?") points at a missing \(HistorySeal.text(row[2]) ?? "?") row"
            }
            let history: Result<HistoryVerified, HistoryBreak>
            do {
                history = .success(try verifyHistory(db, expectedHead: nil))
            } catch let broken as HistoryBreak {
                history = .failure(broken)
            }
            return CheckResult(integrityProblems: integrity, foreignKeyProblems: foreignKeys, history: history)
        }
    }

    /// A consistent copy of the database at `path` (SQLite's `VACUUM INTO`, which reads one
    /// snapshot while other processes go on writing), readable and writable by its owner only.
    /// An existing file is never overwritten. Returns the copy's history, checked.
    public func backup(to path: String) throws -> Result<HistoryVerified, HistoryBreak> {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists; name a new file" : String(cString: strerror(errno))
            throw TrackerError.invalid("cannot back up to \(path): \(reason)")
        }
        close(descriptor)
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            var configuration = Configuration()
            configuration.readonly = true
            let copy = try Tracker(writer: DatabaseQueue(path: path, configuration: configuration), actor: actor, now: now)
            do {
                return .success(try copy.verifyHistory())
            } catch let broken as HistoryBreak {
                return .failure(broken)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw TrackerError.invalid("cannot back up to \(path): \(error); nothing was written")
        }
    }
}
