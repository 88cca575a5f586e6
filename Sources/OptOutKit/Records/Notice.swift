import GRDB

/// A letter logged as sent.
public struct Notice: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var caseId: Int64
    public var sentOn: Day
    public var channel: Channel
    public var reference: String?
    public var deadline: Day
    /// The template the letter was rendered from.
    public var template: String
    /// The SHA-256 (hex) of exactly the text `optout letter` prints for this notice.
    public var letterSha256: String

    public static let databaseTableName = "notice"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
