import GRDB

/// A letter received from a recipient.
public struct Reply: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var caseId: Int64
    public var receivedOn: Day
    public var kind: ReplyKind
    public var summary: String?
    /// For an affiliate's case: the reply of the recipient it came through (`reply --covers`).
    public var viaReplyId: Int64?

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case caseId = "case_id"
        case receivedOn = "received_on"
        case kind
        case summary
        case viaReplyId = "via_reply_id"
    }

    public static let databaseTableName = "reply"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
