import Foundation
import GRDB

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
                throw TrackerError.recipientExists(recipient.name)
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
    public func importRecipients(_ recipients: [Recipient], lines: [Int]? = nil, path: String? = nil) throws -> RecipientImport {
        try transaction(bulk: true) { db in
            try Self.refuseParentCycles(recipients, lines: lines, path: path, db)
            var summary = RecipientImport()
            var existing: [String: Recipient] = [:]
            for recipient in try Recipient.fetchAll(db) { existing[recipient.nameKey] = recipient }
            var categoryChanged = false
            var counter = ProgressCounter(progress, what: "recipients imported", total: recipients.count)
            for var recipient in recipients {
                counter.add()
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
                    // A cached statement: GRDB builds an insert per record, which dominated big imports.
                    try db.cachedStatement(sql: """
                        INSERT INTO recipient (name, name_key, category, country, email, contact, parent)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [recipient.name, recipient.nameKey, recipient.category, recipient.country,
                                                 recipient.email, recipient.contact, recipient.parent])
                    summary.added += 1
                }
            }
            counter.finish()
            if summary.added > 0 || categoryChanged {
                summary.casesOpened = try openDraftCases(db)
            }
            return summary
        }
    }
}

/// Recipients whose chain of parents comes back to where it started (A's parent is B, B's
/// parent is A; or A its own parent): no group has a head, so they are refused.
public struct ParentCycleError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The recipients of the cycle, in order, the first one repeated at the end.
    public var names: [String]

    public var description: String {
        let first = names.first ?? "a recipient"
        return "\(quoted(first)) would be its own parent through the chain \(names.joined(separator: " → ")); a firm cannot head its own group, so change or remove one of these parents"
    }

    public var errorDescription: String? { description }
}

extension Tracker {
    /// Every recipient's parent, by `name_key` (`nil`: none).
    static func parents(_ db: Database) throws -> [String: String?] {
        var parents: [String: String?] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT name_key, parent FROM recipient")
        while let row = try rows.next() {
            parents[try row.decode(String.self, atIndex: 0)] = try row.decode(String?.self, atIndex: 1).map(NameKey.of)
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
    static func names(of keys: [String], _ db: Database, adding recipients: [Recipient]) throws -> [String] {
        var names: [String: String] = [:]
        for recipient in recipients { names[recipient.nameKey] = recipient.name }
        return try keys.map { key in
            if let name = names[key] { return name }
            return try String.fetchOne(db, sql: "SELECT name FROM recipient WHERE name_key = ?", arguments: [key]) ?? key
        }
    }

    /// Throws if importing `recipients` (updating those that exist) would close a chain of parents.
    static func refuseParentCycles(_ recipients: [Recipient], lines: [Int]?, path: String?, _ db: Database) throws {
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
            let onLines = cycle.dropLast().compactMap { lineOf[$0] }.sorted().map(String.init)
            problems.append(FileProblem(line: line, "\(error.description) (lines \(onLines.joined(separator: ", ")))"))
        }
        throw TrackerError.badFile(path: path, problems: problems)
    }
}
