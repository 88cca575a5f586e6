import Foundation
import GRDB

/// What `undo` will reverse: one command of the current actor and each change it made to a case.
public struct UndoPlan: Sendable {
    public var commandId: Int64
    /// What the user ran, when.
    public var command: String
    public var at: String
    /// The first `UndoPlan.shown` events it reverses, in order (the prompt lists them).
    public var steps: [Step]
    /// How many events it reverses in all.
    public var count: Int
    /// How many messages it delivered (`--deliver`): they cannot be recalled.
    public var delivered = 0

    /// How many steps a plan carries: a 100,000-notice command is not held in memory to ask.
    public static let shown = 20

    /// One event to reverse.
    public struct Step: Sendable {
        public var eventId: Int64
        public var recipient: String
        public var campaign: String
        public var action: String
        public var onDate: Day?
        /// The state the case is in now, and the one it goes back to.
        public var from: CaseState
        public var backTo: CaseState
    }
}

extension Tracker {
    /// The last command of the current actor that can be reversed, and what reversing it does.
    /// Throws, saying why, when there is none.
    public func undoPlan() throws -> UndoPlan {
        try read { db in try undoPlan(db) }
    }

    /// Reverses the command of `plan` (if it is still the one `undoPlan` gives): every case it
    /// changed goes back to how it was, by compensating events that name the events they reverse;
    /// the notices, replies and disclosures it wrote move to `undone_record`. The original events
    /// stay in the history.
    @discardableResult
    public func undo(_ plan: UndoPlan) throws -> UndoPlan {
        let at = timestamp
        return try transaction(bulk: true) { db in
            // Still the command asked about, and still reversible (the checks of `undoPlan`, without
            // reading its events again: they are read once, below, as they are reversed).
            let current = try undoPlan(db, steps: 0)
            guard current.commandId == plan.commandId else {
                throw UndoError.changedWhileAsking
            }
            // The undo's command names the command it reverses before any event is sealed: each
            // event's seal covers its command.
            try db.execute(
                sql: "UPDATE command SET undoes = ? WHERE id = (SELECT MAX(id) FROM command)",
                arguments: [plan.commandId])
            // The records the command wrote: a disclosure it superseded is current again.
            try db.execute(
                sql: """
                    UPDATE disclosure SET superseded_by = NULL
                    WHERE superseded_by IN (SELECT id FROM disclosure WHERE command_id = ?) AND command_id IS DISTINCT FROM ?
                    """, arguments: [plan.commandId, plan.commandId])
            let undoCommand = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM command")
            let undoneInsert = try db.makeStatement(
                sql: """
                    INSERT INTO undone_record (command_id, table_name, row_id, content) VALUES (?, ?, ?, ?)
                    """)
            // A notice's delivery (schema version 9) goes with it: the message it proves went out
            // cannot be recalled, but the case is back as it was before it.
            for table in try RecordsSeal.tables(in: db).reversed().map(\.name) {
                // Each row kept whole as JSON: every column, under its own name, in the table's order.
                let rows = try SQLRequest<Row>(
                    "SELECT * FROM \(identifier: table) WHERE command_id = \(plan.commandId) ORDER BY id"
                ).fetchCursor(db)
                while let row = try rows.next() {
                    var rowId: Int64?
                    let content = JSONValue.object(
                        row.map { name, value in
                            if case .int64(let number) = value.storage {
                                if name == "id" { rowId = number }
                                return (name, .number(Int(number)))
                            }
                            return (name, .text(HistorySeal.text(value)))
                        })
                    try undoneInsert.execute(arguments: [undoCommand, table, rowId, content.compactText])
                }
                try db.execute(literal: "DELETE FROM \(identifier: table) WHERE command_id = \(plan.commandId)")
            }
            // The case goes back, then its compensating event seals it and its records as they now stand.
            // Read in batches (the events written since are the undo's, with another command): a
            // 100,000-notice command has 100,000 events, never all in memory.
            let batch = try db.makeStatement(
                sql: """
                    SELECT id, case_id, action, on_date, at, actor, case_before FROM event
                    WHERE command_id = ? AND id < ? ORDER BY id DESC LIMIT 1000
                    """)
            let caseNow = try db.makeStatement(
                sql: """
                    SELECT \(RecordsSeal.caseColumns.joined(separator: ", ")) FROM "case" WHERE id = ?
                    """)
            let restore = try db.makeStatement(
                sql: """
                    UPDATE "case" SET state = ?, sent_on = ?, deadline = ?, last_reply_on = ?, resolution = ? WHERE id = ?
                    """)
            var counter = ProgressCounter(progress, what: "events undone", total: current.count)
            defer { counter.finish() }
            var below = Int64.max
            while true {
                let events = try UndoneEvent.fetchAll(batch, arguments: [plan.commandId, below])
                guard let last = events.last else { break }
                below = last.id
                for event in events {
                    let eventId = event.id
                    let caseId = event.caseId
                    guard let json = event.caseBefore, let before = CaseFields(json: json),
                        let row = try Row.fetchOne(caseNow, arguments: [caseId])
                    else { throw UndoError.noStateBefore(eventId: eventId) }
                    let now = try caseNow.sqlite == nil ? CaseFields(named: row) : CaseFields(row: row)
                    try restore.execute(arguments: [
                        before.state, before.sentOn, before.deadline, before.lastReplyOn,
                        before.resolution, caseId,
                    ])
                    var note = "undid event #\(eventId) (\(event.action)"
                    if let day = event.onDate { note += " of \(day)" }
                    note += ", recorded \(event.at) by \(event.actor))"
                    try appendEvent(
                        db, caseId: caseId, before: now, action: "undone", to: before.state, on: nil, note: note,
                        at: at, undoes: eventId)
                    counter.add()
                }
            }
            return current
        }
    }

    /// The plan of the actor's last reversible command, with its first `steps` steps. Its events
    /// are read as a stream: each is checked, the first few kept.
    func undoPlan(_ db: Store, steps shown: Int = UndoPlan.shown) throws -> UndoPlan {
        // The actor's latest command that wrote events, is not an undo and was not undone.
        guard
            let command = try Row.fetchOne(
                db,
                sql: """
                    SELECT c.id, c.at, c.name FROM command c
                    WHERE c.actor = ? AND c.undoes IS NULL
                      AND NOT EXISTS (SELECT 1 FROM command u WHERE u.undoes = c.id)
                      AND EXISTS (SELECT 1 FROM event e WHERE e.command_id = c.id)
                    ORDER BY c.id DESC LIMIT 1
                    """, arguments: [actor])
        else {
            throw UndoError.nothingToUndo(actor: actor)
        }
        let commandId: Int64 = try command.decode(forColumn: "id")
        let at: String = try command.decode(forColumn: "at")
        let name: String = try command.decode(forColumn: "name")
        // Every event is checked (a case_before undo cannot read makes the command irreversible);
        // the names of a case are read only for the steps shown.
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT e.id, e.case_id, e.action, e.on_date, e.case_before, k.state AS case_state
                FROM event e JOIN "case" k ON k.id = e.case_id
                WHERE e.command_id = ? ORDER BY e.id
                """, arguments: [commandId])
        let names = try db.makeStatement(
            sql: """
                SELECT r.name AS recipient, c.name AS campaign FROM "case" k JOIN recipient r ON r.id = k.recipient_id
                JOIN campaign c ON c.id = k.campaign_id WHERE k.id = ?
                """)
        var steps: [UndoPlan.Step] = []
        var count = 0
        while let row = try rows.next() {
            let action: String = try row.decode(forColumn: "action")
            guard let json = try row.decode(String?.self, forColumn: "case_before"), let before = CaseFields(json: json)
            else {
                throw UndoError.notReversible(command: name, at: at, action: action)
            }
            count += 1
            guard steps.count < shown else { continue }
            let caseId: Int64 = try row.decode(forColumn: "case_id")
            // The case's recipient and campaign.
            guard let named = try Row.fetchOne(names, arguments: [caseId]) else { continue }
            steps.append(
                UndoPlan.Step(
                    eventId: try row.decode(forColumn: "id"),
                    recipient: try named.decode(forColumn: "recipient"),
                    campaign: try named.decode(forColumn: "campaign"),
                    action: action, onDate: try row.decode(forColumn: "on_date"),
                    from: try row.decode(forColumn: "case_state"), backTo: before.state))
        }
        // A case changed since by a command that still stands must be undone from that one first.
        if let later = try Row.fetchOne(
            db,
            sql: """
                SELECT e.action, e.actor, e.at, r.name AS recipient, c.name AS campaign
                FROM event e JOIN command m ON m.id = e.command_id JOIN "case" k ON k.id = e.case_id
                JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
                WHERE e.command_id > ? AND e.case_id IN (SELECT case_id FROM event WHERE command_id = ?)
                  AND m.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM command u WHERE u.undoes = m.id)
                ORDER BY e.id LIMIT 1
                """, arguments: [commandId, commandId])
        {
            let recipient: String = later["recipient"]
            let campaign: String = later["campaign"]
            let action: String = later["action"]
            let by: String = later["actor"]
            let when: String = later["at"]
            throw UndoError.changedSince(
                command: name, at: at, recipient: recipient, campaign: campaign, action: action, by: by, when: when)
        }
        var plan = UndoPlan(commandId: commandId, command: name, at: at, steps: steps, count: count)
        if try db.tableExists(RecordsSeal.deliveryTable.name) {
            plan.delivered =
                try SQLRequest<Int>(
                    "SELECT COUNT(*) FROM delivery WHERE command_id = \(commandId) AND method = 'email'"
                ).fetchOne(db) ?? 0
        }
        return plan
    }
}

/// An event `undo` reverses, as its batch query reads it.
struct UndoneEvent: FetchableRecord, Decodable {
    var id: Int64
    var caseId: Int64
    var action: String
    var onDate: Day?
    var at: String
    var actor: String
    var caseBefore: String?

    enum CodingKeys: String, CodingKey {
        case id, action, at, actor
        case caseId = "case_id"
        case onDate = "on_date"
        case caseBefore = "case_before"
    }
}
