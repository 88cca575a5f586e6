import Foundation
import GRDB

/// What a case's seal says against the case as it is stored.
public enum SealError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The case's history or records were altered outside optout: `problem` says how.
    case recordsAltered(recipient: String, campaign: String, problem: CaseSealProblem)
    /// The database was written by a version of optout that did not seal records yet, and has not
    /// been upgraded (a command that only reads never upgrades it).
    case recordsNotSealedYet

    /// The migration that seals records.
    static let sealingMigration = "005_sealed_records"

    /// Throws `recordsNotSealedYet` unless the database has been upgraded to seal its records.
    static func requireSealedRecords(_ db: Store) throws {
        // A team database is made whole by its own schema files, which seal records from the start.
        if db.isServer { return }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        if !applied.contains(sealingMigration) { throw SealError.recordsNotSealedYet }
    }

    public var description: String {
        switch self {
        case .recordsAltered(let recipient, let campaign, let problem):
            return
                "the records of \(recipient) in campaign \(campaign) were altered outside optout (\(problem)), so no letter can be verified against them; run `optout verify` to see where, and restore the database from a backup"
        case .recordsNotSealedYet:
            return
                "this database was written by an older version of optout, before notices, replies and disclosures were sealed; run `optout init` to upgrade it (its records are then sealed as they stand), then run the command again"
        }
    }

    public var errorDescription: String? { description }
}

extension Tracker {
    /// Checks one case's sealed records without walking the whole history: each of the case's
    /// events against its seal and its neighbours in the chain, the case's fields against its last
    /// event's `case_after`, and its notices, replies and disclosures against that event's
    /// `records_sha256`. Returns what is wrong, or `nil` when all holds.
    func caseSealProblem(_ db: Store, caseId: Int64) throws -> CaseSealProblem? {
        try SealError.requireSealedRecords(db)
        let events = try Row.fetchCursor(
            db,
            sql: """
                SELECT \(SealedEventRow.columns.joined(separator: ", ")) FROM sealed_event WHERE case_id = ? ORDER BY id
                """, arguments: [caseId])
        var last: (id: Int64, caseAfter: String?, records: String?)?
        while let next = try events.next() {
            let row = SealedEventRow(row: next, byName: db.isServer)
            let id = row.id
            guard let hash = row.hash, let previous = row.prevHash,
                HistorySeal.hash(row.sealedFields, after: previous) == hash
            else { return .eventChanged(eventId: id) }
            let before =
                try String.fetchOne(
                    db, sql: "SELECT hash FROM event WHERE id < ? ORDER BY id DESC LIMIT 1",
                    arguments: [id]) ?? HistorySeal.genesis
            let after = try Row.fetchOne(
                db, sql: "SELECT prev_hash FROM event WHERE id > ? ORDER BY id LIMIT 1", arguments: [id])
            if before != previous || after.map({ HistorySeal.text($0[0]) != hash }) == true {
                return .eventOutOfChain(eventId: id)
            }
            last = (id, row.caseAfter, row.records)
        }
        guard let last else { return .noHistory }
        guard let caseAfter = last.caseAfter, let records = last.records else {
            return .recordsNotSealed(eventId: last.id)
        }
        if try RecordsSeal.caseAfter(db, caseId: caseId) != caseAfter {
            return .fieldsDiffer(eventId: last.id)
        }
        if try RecordsSeal.digest(db, caseId: caseId) != records {
            return .recordsDiffer(eventId: last.id)
        }
        return nil
    }
}
