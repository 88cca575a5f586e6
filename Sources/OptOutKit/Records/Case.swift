import GRDB

/// One recipient within one campaign: it carries the state, the deadline and the history.
public struct Case: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var campaignId: Int64
    public var recipientId: Int64
    public var state: CaseState
    public var sentOn: Day?
    public var deadline: Day?
    public var lastReplyOn: Day?
    public var resolution: Resolution?

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case campaignId = "campaign_id"
        case recipientId = "recipient_id"
        case state
        case sentOn = "sent_on"
        case deadline
        case lastReplyOn = "last_reply_on"
        case resolution
    }

    public static let databaseTableName = "case"

    public enum Columns {
        public static let campaignId = Column("campaign_id")
        public static let recipientId = Column("recipient_id")
        public static let state = Column("state")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
