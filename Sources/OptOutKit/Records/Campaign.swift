import GRDB

/// One letter sent to many recipients of one category.
public struct Campaign: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var name: String
    public var nameKey: String
    public var issuer: String
    public var category: Category
    /// A fixed deadline for every notice; or else `responseDays`.
    public var deadline: Day?
    /// A response window: a notice's deadline is this many `responseUnit`s after its date.
    public var responseDays: Int?
    public var requests: Requests
    /// The name of the letter template in `Templates/letters/`.
    public var template: String
    public var createdAt: String
    /// What `responseDays` counts: calendar days (every campaign made before schema 10),
    /// business days, or months.
    public var responseUnit: ResponseUnit = .days
    /// The holiday calendar of its business days (`nil`: Monday to Friday, and no roll).
    public var calendar: String? = nil

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
        case responseUnit = "response_unit"
        case calendar
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

    /// The deadline of a notice sent on `date`, unless the notice names its own, with the
    /// business days of `calendar` (the campaign's own: `Tracker.businessCalendar(for:)`).
    public func deadline(forNoticeSentOn date: Day, calendar business: BusinessCalendar) -> Day {
        DeadlineComputation(campaign: self, noticeDate: date, calendar: business).result
    }

    /// The deadline rule in words: `2024-06-14`, `30 days after the notice`, or
    /// `20 business days after the notice (GB-ENG)`.
    public var deadlineRule: String {
        if let deadline { return deadline.description }
        let count = responseDays ?? 0
        let words: String
        switch responseUnit {
        case .days: words = "\(count) days after the notice"
        case .businessDays: words = "\(count) business day\(count == 1 ? "" : "s") after the notice"
        case .months: words = "\(count) month\(count == 1 ? "" : "s") after the notice"
        }
        if let calendar { return "\(words) (\(calendar))" }
        return words
    }
}

/// What a campaign's response window counts.
public enum ResponseUnit: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
    case days
    case businessDays = "business-days"
    case months
}
