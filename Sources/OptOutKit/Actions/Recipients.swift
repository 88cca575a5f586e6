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
            var recipient = recipient
            try recipient.insert(db)
            let opened = try openDraftCases(db, recipientId: recipient.id)
            return (recipient, opened)
        }
    }

    /// Imports recipients in one transaction: new names are added, known names updated.
    /// Every recipient gets a `draft` case in each campaign of its category.
    public func importRecipients(_ recipients: [Recipient]) throws -> RecipientImport {
        try transaction { db in
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
                    // A cached statement: GRDB builds an insert per record, which dominated big imports.
                    try db.cachedStatement(sql: """
                        INSERT INTO recipient (name, name_key, category, country, email, contact, parent)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [recipient.name, recipient.nameKey, recipient.category, recipient.country,
                                                 recipient.email, recipient.contact, recipient.parent])
                    summary.added += 1
                }
            }
            if summary.added > 0 || categoryChanged {
                summary.casesOpened = try openDraftCases(db)
            }
            return summary
        }
    }
}
