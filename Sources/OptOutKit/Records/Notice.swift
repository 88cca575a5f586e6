import GRDB

/// A letter logged as sent.
public struct Notice: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var caseId: Int64
    /// The notice that opened the case, or a later reminder.
    public var kind: NoticeKind = .notice
    public var sentOn: Day
    public var channel: Channel
    public var reference: String?
    public var deadline: Day
    /// The template the letter was rendered from.
    public var template: String
    /// The SHA-256 (hex) of exactly the text `optout letter` prints for this notice.
    public var letterSha256: String

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case caseId = "case_id"
        case kind
        case sentOn = "sent_on"
        case channel
        case reference
        case deadline
        case template
        case letterSha256 = "letter_sha256"
    }

    public static let databaseTableName = "notice"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
