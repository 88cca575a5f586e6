import GRDB

/// One recipient within one campaign: it carries the state, the deadline and the history.
public struct Case: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var campaignId: Int64
    public var recipientId: Int64
    public var state: CaseState
    public var sentOn: Day?
    public var deadline: Day?
    public var lastReplyOn: Day?
    public var resolution: Resolution?

    public static let databaseTableName = "case"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let campaignId = Column("campaign_id")
        public static let recipientId = Column("recipient_id")
        public static let state = Column("state")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
