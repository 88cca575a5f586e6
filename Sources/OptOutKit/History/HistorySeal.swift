import Crypto
import Foundation
import GRDB

/// The seal that makes the history tamper-evident: each event's `hash` is the SHA-256 of the
/// hash of the event before it and of the event's own content, so no event can be changed,
/// removed or slipped in without breaking the chain from that point on.
public enum HistorySeal {
    /// The `prev_hash` of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The content an event's hash covers, written unambiguously: every field as its length in
    /// UTF-8 bytes, a colon and its text, or `-` when it has no value.
    static func content(of event: Event) -> String {
        let fields: [String?] = [
            event.id.map(String.init), String(event.caseId), event.at, event.actor, event.action,
            event.fromState?.rawValue, event.toState.rawValue, event.onDate?.description, event.note,
            event.commandId.map(String.init), event.caseBefore, event.undoes.map(String.init),
        ]
        return fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
    }

    /// The hash of `event` following an event sealed with `previous`.
    public static func hash(of event: Event, after previous: String) -> String {
        Letter.hex(SHA256.hash(data: Data((previous + "|" + content(of: event)).utf8)))
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
