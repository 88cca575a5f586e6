import GRDB

/// One work a recipient says it used, with the six facts the notice asks for. Any fact may be
/// missing (`nil`); `missingItems` says which.
public struct Disclosure: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var replyId: Int64
    public var caseId: Int64
    public var title: String?
    public var artist: String?
    /// Normalised: 12 characters, upper case, no hyphens.
    public var isrc: String?
    /// The work's title and artist as `NameKey`s, to find a later disclosure of the same work.
    public var workKey: String?
    public var accessMethod: AccessMethod?
    public var copiesMade: Int?
    public var copiesExist: Bool?
    public var heldFrom: Day?
    public var heldUntil: Day?
    public var justification: String?
    /// `missingItems` as stored, comma-separated: the report finds incomplete works by it.
    public var missing: String = ""
    /// The later disclosure of the same work that replaces this one.
    public var supersededBy: Int64?
    /// The title and artist as `MatchKey` folds them, to match the work in the catalogue.
    public var matchKey: String?
    /// The catalogue's work this disclosure names, when it was found there.
    public var workId: Int64?
    /// How the work was found in the catalogue; `nil` while there is no catalogue.
    public var matchedBy: MatchMethod?
    /// For an affiliate's case: the disclosure of the parent's reply that this one repeats.
    public var viaDisclosureId: Int64?

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case replyId = "reply_id"
        case caseId = "case_id"
        case title
        case artist
        case isrc
        case workKey = "work_key"
        case accessMethod = "access_method"
        case copiesMade = "copies_made"
        case copiesExist = "copies_exist"
        case heldFrom = "held_from"
        case heldUntil = "held_until"
        case justification
        case missing
        case supersededBy = "superseded_by"
        case matchKey = "match_key"
        case workId = "work_id"
        case matchedBy = "matched_by"
        case viaDisclosureId = "via_disclosure_id"
    }

    public static let databaseTableName = "disclosure"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The requested items, by the names of the disclosures file's columns.
    public enum Item: String, CaseIterable, Sendable {
        case work
        case accessMethod = "access_method"
        case copiesMade = "copies_made"
        case copiesExist = "copies_exist"
        case heldFrom = "held_from"
        case heldUntil = "held_until"
        case justification

        /// How a letter asks for the item.
        public var request: String {
            switch self {
            case .work: "which work it is (title and artist, or ISRC)"
            case .accessMethod: "how it was accessed"
            case .copiesMade: "how many copies were made"
            case .copiesExist: "whether the copies still exist"
            case .heldFrom: "from when the copies existed"
            case .heldUntil: "until when the copies existed"
            case .justification: "why it was necessary for the copies to exist for that long"
            }
        }
    }

    /// The requested items this disclosure leaves out. `held_until` is needed only once the
    /// copies no longer exist (or when it is not said whether they do).
    public var missingItems: [Item] {
        var missing: [Item] = []
        if isrc == nil && (title == nil || artist == nil) { missing.append(.work) }
        if accessMethod == nil { missing.append(.accessMethod) }
        if copiesMade == nil { missing.append(.copiesMade) }
        if copiesExist == nil { missing.append(.copiesExist) }
        if heldFrom == nil { missing.append(.heldFrom) }
        if heldUntil == nil && copiesExist != true { missing.append(.heldUntil) }
        if justification == nil { missing.append(.justification) }
        return missing
    }

    public var isComplete: Bool { missingItems.isEmpty }

    /// How the report names the work: `Title — Artist (ISRC)`, with what is known.
    public var workLabel: String {
        var parts: [String] = []
        if let title { parts.append(title) }
        if let artist { parts.append(artist) }
        var label = parts.joined(separator: " — ")
        if let isrc { label = label.isEmpty ? isrc : "\(label) (\(isrc))" }
        return label.isEmpty ? "unnamed work" : label
    }
}
