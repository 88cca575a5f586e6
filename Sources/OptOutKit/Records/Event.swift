import GRDB

/// One entry in the append-only history of a case.
public struct Event: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public var id: Int64?
    public var caseId: Int64
    /// When it was recorded: ISO 8601, UTC.
    public var at: String
    public var actor: String
    /// `registered`, or a `CaseAction.eventName`.
    public var action: String
    public var fromState: CaseState?
    public var toState: CaseState
    /// The date the action names (the notice's or the reply's date, a new deadline).
    public var onDate: Day?
    public var note: String?
    /// The command that wrote it (events written before schema version 3 have none).
    public var commandId: Int64?
    /// The case's fields before this event (`CaseFields` as JSON), for undo.
    public var caseBefore: String?
    /// For a compensating event written by `undo`: the event it reverses.
    public var undoes: Int64?
    /// The case's fields right after this event (`CaseFields` as JSON; from schema version 5).
    public var caseAfter: String?
    /// SHA-256 of the case's notices, replies and disclosures right after this event: see
    /// `RecordsSeal` (from schema version 5).
    public var recordsSha256: String?
    /// The seal of the event before it (64 zeros for the first event).
    public var prevHash: String?
    /// SHA-256 of `prevHash` and this event's content: see `HistorySeal`.
    public var hash: String?

    /// The columns, by their names in `Schema/`. (Explicit keys: GRDB's snake-case strategy
    /// converts every key on every insert, which dominated bulk imports.)
    enum CodingKeys: String, CodingKey {
        case id
        case caseId = "case_id"
        case at
        case actor
        case action
        case fromState = "from_state"
        case toState = "to_state"
        case onDate = "on_date"
        case note
        case commandId = "command_id"
        case caseBefore = "case_before"
        case undoes
        case caseAfter = "case_after"
        case recordsSha256 = "records_sha256"
        case prevHash = "prev_hash"
        case hash
    }

    public static let databaseTableName = "event"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
