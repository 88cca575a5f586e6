import GRDB

/// One letter sent to many recipients of one category.
public struct Campaign: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public var id: Int64?
    public var name: String
    public var nameKey: String
    public var issuer: String
    public var category: Category
    /// A fixed deadline for every notice; or else `responseDays`.
    public var deadline: Day?
    /// A response window: a notice's deadline is its date plus this many calendar days.
    public var responseDays: Int?
    public var requests: Requests
    /// The name of the letter template in `Templates/letters/`.
    public var template: String
    public var createdAt: String

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case nameKey = "name_key"
        case issuer
        case category
        case deadline
        case responseDays = "response_days"
        case requests
        case template
        case createdAt = "created_at"
    }

    public static let databaseTableName = "campaign"

    public enum Columns {
        public static let name = Column("name")
        public static let nameKey = Column("name_key")
        public static let category = Column("category")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The deadline of a notice sent on `date`, unless the notice names its own.
    public func deadline(forNoticeSentOn date: Day) -> Day {
        if let deadline { return deadline }
        return date.adding(days: responseDays ?? 0)
    }

    /// The deadline rule in words: `2024-06-14` or `30 days after the notice`.
    public var deadlineRule: String {
        if let deadline { return deadline.description }
        return "\(responseDays ?? 0) days after the notice"
    }
}
