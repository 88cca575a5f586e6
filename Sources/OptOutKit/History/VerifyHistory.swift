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
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.*, r.name AS recipient_name, c.name AS campaign_name
            FROM event e LEFT JOIN "case" k ON k.id = e.case_id
            LEFT JOIN recipient r ON r.id = k.recipient_id LEFT JOIN campaign c ON c.id = k.campaign_id
            ORDER BY e.id
            """)
        while let row = try rows.next() {
            let fields = HistorySeal.fields(of: row)
            let id: Int64 = (row["id"] as DatabaseValue).storage.value as? Int64 ?? 0
            let stored = HistorySeal.text(row["hash"])
            let storedPrevious = HistorySeal.text(row["prev_hash"])
            let what = Self.describe(row, fields)
            guard let stored else {
                throw HistoryBreak(eventId: id, description: "event #\(id) (\(what)) carries no seal: it was added outside optout")
            }
            if HistorySeal.hash(fields, after: storedPrevious ?? "") != stored {
                throw HistoryBreak(eventId: id, description: "event #\(id) (\(what)) was changed after it was written: its content no longer matches its seal")
            }
            if storedPrevious != previousHash {
                let place = previousId.map { "between event #\($0) and event #\(id)" } ?? "before event #\(id)"
                throw HistoryBreak(eventId: id, description: "events were removed \(place), or one was put there outside optout: event #\(id) (\(what)) no longer follows the event before it")
            }
            previousHash = stored
            previousId = id
            count += 1
            if stored == expected { countAtExpected = count }
        }
        if let expected, countAtExpected == nil {
            throw HistoryBreak(eventId: previousId ?? 0, description: "the head you recorded, \(expected), is not in the history: events written before it were removed or changed (the chain as it is now has \(count) events and ends in \(previousHash))")
        }
        return HistoryVerified(events: count, head: previousHash, eventsAtExpectedHead: countAtExpected)
    }

    /// `recipient in campaign, action, recorded at T by actor`, from what the row holds.
    private static func describe(_ row: Row, _ fields: [String?]) -> String {
        let recipient = HistorySeal.text(row["recipient_name"]) ?? "case #\(fields[1] ?? "?")"
        let campaign = HistorySeal.text(row["campaign_name"]).map { " in \($0)" } ?? ""
        return "\(recipient)\(campaign), \(fields[4] ?? "no action"), recorded \(fields[2] ?? "at no time") by \(fields[3] ?? "nobody")"
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
            return CheckResult(integrityProblems: integrity, foreignKeyProblems: foreignKeys, history: history,
                               storedValueProblems: try StoredValues.problems(db))
        }
    }

    /// A consistent copy of the database at `path` (SQLite's `VACUUM INTO`, which reads one
    /// snapshot while other processes go on writing), readable and writable by its owner only.
    /// An existing file is never overwritten; a copy that fails (a full disk) is removed with the
    /// journal SQLite left beside it. Returns the copy's history, checked.
    public func backup(to path: String) throws -> Result<HistoryVerified, HistoryBreak> {
        try StoreError.checkPath(path)
        // Companion files that were there before are someone else's and stay.
        let strangers = StoreFile.companions.filter { FileManager.default.fileExists(atPath: path + $0) }
        if let stranger = strangers.first {
            throw StoreError.backupFailed(target: path, cause: "\(path)\(stranger) is already there (left by another program?); name a new file")
        }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists; name a new file" : String(cString: strerror(errno))
            throw StoreError.backupFailed(target: path, cause: reason)
        }
        close(descriptor)
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            var configuration = Configuration()
            configuration.readonly = true
            let copy = Tracker(checked: try DatabaseQueue(path: path, configuration: configuration), actor: actor, now: now,
                               letters: letters)
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
