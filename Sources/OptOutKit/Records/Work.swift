import GRDB

/// One of the rights-holder's own works in its catalogue: a recording (ISRC), a composition
/// (ISWC), or both. Disclosures are matched to works.
public struct Work: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var title: String
    public var artist: String
    /// Normalised: 12 characters, upper case, no hyphens.
    public var isrc: String?
    /// Normalised: `T` and ten digits (`Validation.formattedISWC` writes it as people do).
    public var iswc: String?
    /// The label or publishing entity that holds it.
    public var owner: String?
    /// `YYYY` or `YYYY-MM-DD`.
    public var released: String?
    /// `MatchKey.of(title:artist:)`.
    public var matchKey: String?

    /// The columns, by their names in `Schema/`.
    enum CodingKeys: String, CodingKey {
        case id
        case title
        case artist
        case isrc
        case iswc
        case owner
        case released
        case matchKey = "match_key"
    }

    public static let databaseTableName = "work"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
