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
    static let sealedColumns = [
        "id", "case_id", "at", "actor", "action", "from_state", "to_state", "on_date", "note",
        "command_id", "case_before", "undoes",
    ]

    /// The content an event's hash covers, written unambiguously: every field as its length in
    /// UTF-8 bytes, a colon and its text, or `-` when it has no value.
    static func content(_ fields: [String?]) -> String {
        fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
    }

    static func fields(of event: Event) -> [String?] {
        [
            event.id.map(String.init), String(event.caseId), event.at, event.actor, event.action,
            event.fromState?.rawValue, event.toState.rawValue, event.onDate?.description, event.note,
            event.commandId.map(String.init), event.caseBefore, event.undoes.map(String.init),
        ]
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
        var sealed = SealedBytes()
        sealed.start(after: previous)
        for field in fields { sealed.add(field) }
        return sealed.hash()
    }

    /// The hash of `event` following an event sealed with `previous`.
    public static func hash(of event: Event, after previous: String) -> String {
        hash(fields(of: event), after: previous)
    }

    // The sealing of the events written before version 3 is migration 003's, frozen in
    // `Store/Migrations/Migration003.swift`.

    /// The hash of the last event, the history's head.
    static func head(_ db: Store) throws -> String {
        try String.fetchOne(db, sql: "SELECT hash FROM event ORDER BY id DESC LIMIT 1") ?? genesis
    }
}

/// The bytes an event's hash covers, `previous|content` as `HistorySeal.content` writes them,
/// built in one reusable buffer (no string per field): a history of a million events is sealed
/// and verified without an allocation per field.
struct SealedBytes {
    private(set) var bytes: [UInt8] = []
    private var fields = 0

    init() { bytes.reserveCapacity(1024) }

    /// Starts the content of an event that follows the event sealed with `previous`.
    mutating func start(after previous: String) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: previous.utf8)
        bytes.append(UInt8(ascii: "|"))
        fields = 0
    }

    /// Starts the content of an event that follows the event sealed with these bytes.
    mutating func start<C: Collection>(afterBytes previous: C) where C.Element == UInt8 {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: previous)
        bytes.append(UInt8(ascii: "|"))
        fields = 0
    }

    private mutating func separate() {
        if fields > 0 { bytes.append(UInt8(ascii: "|")) }
        fields += 1
    }

    /// A field: its length in UTF-8 bytes, a colon and its text, or `-` with no value.
    mutating func add(_ field: String?) {
        separate()
        guard var field else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        field.withUTF8 { utf8 in
            appendDecimal(utf8.count)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A field given as the UTF-8 bytes of its text (`nil`: no value).
    mutating func add<C: Collection>(bytes field: C?) where C.Element == UInt8 {
        separate()
        guard let field else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        appendDecimal(field.count)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field)
    }

    private mutating func appendDecimal(_ number: Int) {
        // A small string: no allocation.
        bytes.append(contentsOf: String(number).utf8)
    }

    /// The SHA-256 of the bytes.
    func digest() -> SHA256.Digest { SHA256.hash(data: bytes) }

    /// The SHA-256 of the bytes, in lower-case hex.
    func hash() -> String { Letter.hex(digest()) }
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
        // What `JSONValue.object(…).compactText` writes (`jsonByValue`), without building it:
        // undo and bulk commands write one per event.
        func text(_ value: String?) -> String { value.map(JSON.string) ?? "null" }
        return "{\"state\":" + JSON.string(state.rawValue) + ",\"sent_on\":" + text(sentOn?.description)
            + ",\"deadline\":" + text(deadline?.description) + ",\"last_reply_on\":" + text(lastReplyOn?.description)
            + ",\"resolution\":" + text(resolution?.rawValue) + "}"
    }

    /// `json` as the general JSON writer gives it (what `json` must equal).
    var jsonByValue: String {
        JSONValue.object([
            ("state", .string(state.rawValue)), ("sent_on", .text(sentOn?.description)),
            ("deadline", .text(deadline?.description)), ("last_reply_on", .text(lastReplyOn?.description)),
            ("resolution", .text(resolution?.rawValue)),
        ]).compactText
    }

    /// The fields of a case as stored (`RecordsSeal.caseColumns`, from column `start`). By
    /// position: the seal reads these for every event it writes or verifies.
    /// The fields of a case from a row that names them (a server's rows are read by name).
    init(named row: Row) throws {
        state = try row.decode(CaseState.self, forColumn: "state")
        sentOn = try row.decode(Day?.self, forColumn: "sent_on")
        deadline = try row.decode(Day?.self, forColumn: "deadline")
        lastReplyOn = try row.decode(Day?.self, forColumn: "last_reply_on")
        resolution = try row.decode(Resolution?.self, forColumn: "resolution")
    }

    init(row: Row, from start: Int = 0) throws {
        state = try row.decode(CaseState.self, atIndex: start)
        sentOn = try row.decode(Day?.self, atIndex: start + 1)
        deadline = try row.decode(Day?.self, atIndex: start + 2)
        lastReplyOn = try row.decode(Day?.self, atIndex: start + 3)
        resolution = try row.decode(Resolution?.self, atIndex: start + 4)
    }

    init?(json: String) {
        if let fields = Self.canonical(json) {
            self = fields
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let state = (object["state"] as? String).flatMap(CaseState.init(rawValue:))
        else { return nil }
        self.state = state
        sentOn = (object["sent_on"] as? String).flatMap(Day.init)
        deadline = (object["deadline"] as? String).flatMap(Day.init)
        lastReplyOn = (object["last_reply_on"] as? String).flatMap(Day.init)
        resolution = (object["resolution"] as? String).flatMap(Resolution.init(rawValue:))
    }

    /// The fields of `json` when it has exactly the form `json` writes (keys in order, each value
    /// `null` or a string with no escapes), read without a JSON parser: undo reads one per event.
    /// Anything else is left to the parser (`nil`).
    private static func canonical(_ json: String) -> CaseFields? {
        var json = json
        return json.withUTF8 { bytes -> CaseFields? in
            var at = 0
            func expect(_ literal: StaticString) -> Bool {
                let count = literal.utf8CodeUnitCount
                guard at + count <= bytes.count else { return false }
                let matches = literal.withUTF8Buffer { expected in
                    (0..<count).allSatisfy { bytes[at + $0] == expected[$0] }
                }
                if matches { at += count }
                return matches
            }
            /// `null` (`.some(nil)`), a string with no escapes, or `nil` for anything else.
            func value() -> String?? {
                if expect("null") { return .some(nil) }
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
                let start = at + 1
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"),
                    bytes[end] >= 0x20
                {
                    end += 1
                }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
                at = end + 1
                return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            guard expect("{\"state\":"), case .some(let state?) = value(), let parsedState = CaseState(rawValue: state),
                expect(",\"sent_on\":"), case .some(let sentOn) = value(),
                expect(",\"deadline\":"), case .some(let deadline) = value(),
                expect(",\"last_reply_on\":"), case .some(let lastReplyOn) = value(),
                expect(",\"resolution\":"), case .some(let resolution) = value(),
                expect("}"), at == bytes.count
            else { return nil }
            return CaseFields(
                state: parsedState, sentOn: sentOn.flatMap(Day.init), deadline: deadline.flatMap(Day.init),
                lastReplyOn: lastReplyOn.flatMap(Day.init),
                resolution: resolution.flatMap(Resolution.init(rawValue:)))
        }
    }

    private init(state: CaseState, sentOn: Day?, deadline: Day?, lastReplyOn: Day?, resolution: Resolution?) {
        self.state = state
        self.sentOn = sentOn
        self.deadline = deadline
        self.lastReplyOn = lastReplyOn
        self.resolution = resolution
    }
}
