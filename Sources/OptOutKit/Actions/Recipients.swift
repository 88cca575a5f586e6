import Foundation
import GRDB
import GRDBSQLite

/// What a recipient import did.
public struct RecipientImport: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// `draft` cases opened for the added (or re-categorised) recipients.
    public var casesOpened = 0
}

extension Tracker {
    /// Adds one recipient and opens its `draft` cases. A recipient of that name must not exist.
    public func addRecipient(_ recipient: Recipient) throws -> (recipient: Recipient, casesOpened: Int) {
        try transaction { db in
            if try Recipient.filter(Recipient.Columns.nameKey == recipient.nameKey).fetchCount(db) > 0 {
                throw CaseError.recipientExists(name: recipient.name)
            }
            var parents = try Self.parents(db)
            parents[recipient.nameKey] = recipient.parent.map(NameKey.of)
            if let cycle = Self.parentCycles(parents, from: [recipient.nameKey]).first {
                throw ParentCycleError(names: try Self.names(of: cycle, db, adding: [recipient]))
            }
            var recipient = recipient
            try recipient.insert(db)
            let opened = try openDraftCases(db, recipientId: recipient.id)
            return (recipient, opened)
        }
    }

    /// Imports recipients in one transaction: new names are added, known names updated.
    /// Every recipient gets a `draft` case in each campaign of its category.
    /// With the `lines` the recipients are on in the file at `path`, a parent cycle is reported
    /// by line.
    ///
    /// Set-based: the recipients are staged in `temp.recipient_staging` through one prepared
    /// statement, then classified against the stored ones by `name_key` (added, updated,
    /// unchanged, as `Recipient.sameDetails` says), and the new and changed ones written by one
    /// statement each. `importRecipientsRowByRow` is the reference the tests compare it with.
    public func importRecipients(_ recipients: [Recipient], lines: [Int]? = nil, path: String? = nil) throws
        -> RecipientImport
    {
        try transaction(bulk: true) { db in
            try Self.refuseParentCycles(recipients, lines: lines, path: path, db)
            try db.execute(
                sql: """
                    DROP TABLE IF EXISTS temp.recipient_staging;
                    CREATE TEMP TABLE recipient_staging (
                        seq INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, category TEXT NOT NULL,
                        country TEXT, email TEXT, contact TEXT, parent TEXT,
                        target INTEGER, same INTEGER NOT NULL DEFAULT 0)
                    """)
            defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.recipient_staging") }
            var counter = ProgressCounter(progress, what: "recipients imported", total: recipients.count)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO temp.recipient_staging (seq, name, name_key, category, country, email, contact, parent)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (offset, recipient) in recipients.enumerated() {
                try Self.stage(insert, seq: Int64(offset + 1), recipient, db)
                counter.add()
            }
            counter.finish()
            // Each staged row's stored namesake, and whether it is byte for byte the same.
            try db.execute(
                sql: """
                    UPDATE temp.recipient_staging
                    SET target = (SELECT r.id FROM main.recipient r WHERE r.name_key = recipient_staging.name_key);
                    UPDATE temp.recipient_staging SET same = 1
                    WHERE target IS NOT NULL AND EXISTS (
                        SELECT 1 FROM main.recipient r WHERE r.id = recipient_staging.target
                        AND r.name = recipient_staging.name AND r.category = recipient_staging.category
                        AND r.country IS NOT DISTINCT FROM recipient_staging.country AND r.email IS NOT DISTINCT FROM recipient_staging.email
                        AND r.contact IS NOT DISTINCT FROM recipient_staging.contact AND r.parent IS NOT DISTINCT FROM recipient_staging.parent)
                    """)
            // The rest of the namesakes (as many as rows updated) compared as Swift compares them:
            // text equal up to Unicode canonical equivalence is the same detail.
            let differing = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.seq, r.*
                    FROM temp.recipient_staging s JOIN main.recipient r ON r.id = s.target
                    WHERE s.same = 0 ORDER BY s.seq
                    """)
            var sameSeqs: [Int64] = []
            var categoryChanged = false
            while let row = try differing.next() {
                let seq: Int64 = try row.decode(forColumn: "seq")
                let known = try Recipient(columnsOf: row)
                guard seq >= 1, seq <= recipients.count else { continue }
                let recipient = recipients[Int(seq - 1)]
                if known.sameDetails(as: recipient) {
                    sameSeqs.append(seq)
                } else if known.category != recipient.category {
                    categoryChanged = true
                }
            }
            for seq in sameSeqs {
                try db.execute(sql: "UPDATE temp.recipient_staging SET same = 1 WHERE seq = ?", arguments: [seq])
            }
            var summary = RecipientImport()
            if let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FILTER (WHERE target IS NULL) AS added,
                           COUNT(*) FILTER (WHERE target IS NOT NULL AND same = 0) AS updated,
                           COUNT(*) FILTER (WHERE target IS NOT NULL AND same = 1) AS unchanged
                    FROM temp.recipient_staging
                    """)
            {
                summary.added = try counts.decode(forColumn: "added")
                summary.updated = try counts.decode(forColumn: "updated")
                summary.unchanged = try counts.decode(forColumn: "unchanged")
            }
            if summary.updated > 0 {
                // A name twice in the list: the last changed row wins, as row by row.
                try db.execute(
                    sql: """
                        UPDATE main.recipient SET (name, name_key, category, country, email, contact, parent) = (
                            SELECT s.name, s.name_key, s.category, s.country, s.email, s.contact, s.parent
                            FROM temp.recipient_staging s WHERE s.target = recipient.id AND s.same = 0
                            ORDER BY s.seq DESC LIMIT 1)
                        WHERE id IN (SELECT target FROM temp.recipient_staging WHERE target IS NOT NULL AND same = 0)
                        """)
            }
            if summary.added > 0 {
                try db.execute(
                    sql: """
                        INSERT INTO main.recipient (name, name_key, category, country, email, contact, parent)
                        SELECT name, name_key, category, country, email, contact, parent
                        FROM temp.recipient_staging WHERE target IS NULL ORDER BY seq
                        """)
            }
            if summary.added > 0 || categoryChanged {
                summary.casesOpened = try openDraftCases(db)
            }
            return summary
        }
    }

    /// The row-by-row import `importRecipients` replaced, kept as the reference its tests compare
    /// the set-based one with.
    func importRecipientsRowByRow(_ recipients: [Recipient], lines: [Int]? = nil, path: String? = nil) throws
        -> RecipientImport
    {
        try transaction(bulk: true) { db in
            try Self.refuseParentCycles(recipients, lines: lines, path: path, db)
            var summary = RecipientImport()
            var existing: [String: Recipient] = [:]
            for recipient in try Recipient.fetchAll(db) { existing[recipient.nameKey] = recipient }
            var categoryChanged = false
            for var recipient in recipients {
                if let known = existing[recipient.nameKey] {
                    if known.sameDetails(as: recipient) {
                        summary.unchanged += 1
                        continue
                    }
                    recipient.id = known.id
                    categoryChanged = categoryChanged || known.category != recipient.category
                    try recipient.update(db)
                    summary.updated += 1
                } else {
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO recipient (name, name_key, category, country, email, contact, parent)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """
                    ).execute(arguments: [
                        recipient.name, recipient.nameKey, recipient.category, recipient.country,
                        recipient.email, recipient.contact, recipient.parent,
                    ])
                    summary.added += 1
                }
            }
            if summary.added > 0 || categoryChanged {
                summary.casesOpened = try openDraftCases(db)
            }
            return summary
        }
    }

    /// Stages one recipient in the prepared insert, bound straight through SQLite's API (GRDB's
    /// arguments box every value of every row).
    private static func stage(_ statement: StoreStatement, seq: Int64, _ recipient: Recipient, _ db: Store) throws {
        try statement.runStaged(
            seq,
            [
                recipient.name, recipient.nameKey, recipient.category.rawValue, recipient.country,
                recipient.email, recipient.contact, recipient.parent,
            ], db)
    }
}

/// Recipients whose chain of parents comes back to where it started (A's parent is B, B's
/// parent is A; or A its own parent): no group has a head, so they are refused.
public struct ParentCycleError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The recipients of the cycle, in order, the first one repeated at the end.
    public var names: [String]

    public var description: String {
        let first = names.first ?? "a recipient"
        return
            "\(quoted(first)) would be its own parent through the chain \(names.joined(separator: " → ")); a firm cannot head its own group, so change or remove one of these parents"
    }

    public var errorDescription: String? { description }
}

extension Tracker {
    /// Every recipient's parent, by `name_key` (`nil`: none).
    static func parents(_ db: Store) throws -> [String: String?] {
        var parents: [String: String?] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT name_key, parent FROM recipient")
        while let row = try rows.next() {
            parents[try row.decode(String.self, forColumn: "name_key")] =
                try row.decode(String?.self, forColumn: "parent").map(NameKey.of)
        }
        return parents
    }

    /// The cycles of `parents` reached from `starts`, each as its name keys in order, the first
    /// repeated at the end. Each recipient has one parent, so each walk is followed once.
    static func parentCycles(_ parents: [String: String?], from starts: [String]) -> [[String]] {
        var done = Set<String>()
        var cycles: [[String]] = []
        for start in starts where !done.contains(start) {
            var path: [String] = []
            var onPath: [String: Int] = [:]
            var node: String? = start
            while let key = node, !done.contains(key) {
                if let index = onPath[key] {
                    cycles.append(Array(path[index...]) + [key])
                    break
                }
                onPath[key] = path.count
                path.append(key)
                node = parents[key] ?? nil
            }
            done.formUnion(path)
        }
        return cycles
    }

    /// The names of the recipients of `keys`, as stored or as being added.
    static func names(of keys: [String], _ db: Store, adding recipients: [Recipient]) throws -> [String] {
        var names: [String: String] = [:]
        for recipient in recipients { names[recipient.nameKey] = recipient.name }
        return try keys.map { key in
            if let name = names[key] { return name }
            return try String.fetchOne(db, sql: "SELECT name FROM recipient WHERE name_key = ?", arguments: [key])
                ?? key
        }
    }

    /// Throws if importing `recipients` (updating those that exist) would close a chain of parents.
    static func refuseParentCycles(_ recipients: [Recipient], lines: [Int]?, path: String?, _ db: Store) throws {
        guard recipients.contains(where: { $0.parent != nil }) else { return }
        var parents = try Self.parents(db)
        for recipient in recipients { parents[recipient.nameKey] = recipient.parent.map(NameKey.of) }
        let cycles = parentCycles(parents, from: recipients.map(\.nameKey))
        guard let first = cycles.first else { return }
        guard let lines, let path, lines.count == recipients.count else {
            throw ParentCycleError(names: try names(of: first, db, adding: recipients))
        }
        var lineOf: [String: Int] = [:]
        for (recipient, line) in zip(recipients, lines) { lineOf[recipient.nameKey] = line }
        var problems: [FileProblem] = []
        for cycle in cycles {
            let error = ParentCycleError(names: try names(of: cycle, db, adding: recipients))
            let line = cycle.compactMap { lineOf[$0] }.min()
            let onLines = cycle.dropLast().compactMap { lineOf[$0] }.sorted()
            problems.append(FileProblem(line: line, .parentCycle(error, lines: onLines)))
        }
        throw FileError.rejected(path: path, problems: problems)
    }
}
