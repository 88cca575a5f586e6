import GRDB

/// A letter received from a recipient.
public struct Reply: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var caseId: Int64
    public var receivedOn: Day
    public var kind: ReplyKind
    public var summary: String?

    public static let databaseTableName = "reply"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
