import Crypto
import Foundation
import GRDB

/// The seal that makes the history tamper-evident: each event's `hash` is the SHA-256 of the
/// hash of the event before it and of the event's own content, so no event can be changed,
/// removed or slipped in without breaking the chain from that point on.
public enum HistorySeal {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The columns an event's hash covers, in order.
    static let sealedColumns = ["id", "case_id", "at", "actor", "action", "from_state", "to_state", "on_date", "note",
                                "command_id", "case_before", "undoes"]

    /// The content an event's hash covers, written unambiguously: every field as its length in
    /// UTF-8 bytes, a colon and its text, or `-` when it has no value.
    static func content(_ fields: [String?]) -> String {
        fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
    }

    static func fields(of event: Event) -> [String?] {
        [event.id.map(String.init), String(event.caseId), event.at, event.actor, event.action,
         event.fromState?.rawValue, event.toState.rawValue, event.onDate?.description, event.note,
         event.commandId.map(String.init), event.caseBefore, event.undoes.map(String.init)]
    }

    /// The sealed fields of an event row as stored, whatever was written into it.
    static func fields(of row: Row) -> [String?] {
        sealedColumns.map { column in text(row[column] as DatabaseValue) }
    }

    /// A stored value as text, whatever its type.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): "blob:" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The hash of an event with these fields, following an event sealed with `previous`.
    static func hash(_ fields: [String?], after previous: String) -> String {
        Letter.hex(SHA256.hash(data: Data((previous + "|" + content(fields)).utf8)))
    }

    /// The hash of `event` following an event sealed with `previous`.
    public static func hash(of event: Event, after previous: String) -> String {
        hash(fields(of: event), after: previous)
    }

    /// The hash of the last event, the history's head.
    static func head(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1") ?? genesis
    }

    /// Seals, in order, the events written before schema version 3, which have no hash.
    static func sealUnsealed(_ db: Database) throws {
        var previous = genesis
        let events = try Event.order(Column("id")).fetchCursor(db)
        let update = try db.makeStatement(sql: "UPDATE event SET prev_hash = ?, hash = ? WHERE id = ?")
        while let event = try events.next() {
            if let hash = event.hash { previous = hash; continue }
            let hash = Self.hash(of: event, after: previous)
            try update.execute(arguments: [previous, hash, event.id])
            previous = hash
        }
    }
}

/// A case's fields that events change, as `case_before` keeps them.
struct CaseFields: Codable, Equatable {
    var state: CaseState
    var sentOn: Day?
    var deadline: Day?
    var lastReplyOn: Day?
    var resolution: Resolution?

    init(_ theCase: Case) {
        state = theCase.state
        sentOn = theCase.sentOn
        deadline = theCase.deadline
        lastReplyOn = theCase.lastReplyOn
        resolution = theCase.resolution
    }

    /// One line of JSON with keys in a fixed order.
    var json: String {
        JSONValue.object([
            ("state", .string(state.rawValue)), ("sent_on", .text(sentOn?.description)),
            ("deadline", .text(deadline?.description)), ("last_reply_on", .text(lastReplyOn?.description)),
            ("resolution", .text(resolution?.rawValue)),
        ]).compactText
    }

    init?(json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let state = (object["state"] as? String).flatMap(CaseState.init(rawValue:))
        else { return nil }
        self.state = state
        sentOn = (object["sent_on"] as? String).flatMap(Day.init)
        deadline = (object["deadline"] as? String).flatMap(Day.init)
        lastReplyOn = (object["last_reply_on"] as? String).flatMap(Day.init)
        resolution = (object["resolution"] as? String).flatMap(Resolution.init(rawValue:))
    }
}
