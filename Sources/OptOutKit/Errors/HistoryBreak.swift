import Foundation

/// The first place where the sealed history no longer holds: an event, a case, a record or the
/// schema changed, added or removed outside optout. `event` and `theCase` carry what verify read
/// of them (`BrokenEvent`, `BrokenCase`), worded when the break is printed.
public enum HistoryBreak: OptOutError, Equatable, Sendable {
    /// An event without a seal.
    case unsealedEvent(eventId: Int64, event: BrokenEvent)
    /// The command row of a sealed event was deleted.
    case commandDeleted(commandId: String, eventId: Int64, event: BrokenEvent)
    /// An event's content no longer matches its seal; `commandId` when the seal covers its command.
    case eventChanged(eventId: Int64, event: BrokenEvent, commandId: String?)
    /// An event no longer follows the one before it (`after`; `nil` when it is the first).
    case eventsRemoved(eventId: Int64, after: Int64?, event: BrokenEvent)
    /// An event without the records' seal, after events that carry it from `sealedFrom` on.
    case recordsUnsealed(eventId: Int64, event: BrokenEvent, sealedFrom: Int64)
    /// The head written down earlier is not in the chain of `events` events ending in `endsIn`.
    case headNotFound(head: String, lastEventId: Int64, events: Int, endsIn: String)
    /// A notice, reply or disclosure (`table #id`) whose case does not exist.
    case orphanRecord(table: String, id: String)
    case caseWithoutHistory(theCase: BrokenCase)
    /// The case's last event does not seal its records.
    case caseRecordsNotSealed(theCase: BrokenCase, eventId: Int64)
    /// The case's fields differ from what its last event left.
    case caseChanged(theCase: BrokenCase, eventId: Int64, differences: CaseDifferences)
    case caseRecordsChanged(theCase: BrokenCase, eventId: Int64)
    /// A case with a history (its last event `eventId`) was deleted; `caseId` `nil` when not a number.
    case caseDeleted(caseId: Int64?, eventId: Int64)
    /// A view, trigger, table or index of optout's schema altered or dropped; `changes` in all.
    case schemaObjectChanged(type: String, name: String, altered: Bool, changes: Int)
    /// An object added to the schema; `changes` in all.
    case schemaObjectAdded(type: String, name: String, changes: Int)

    /// The event where the break was found (0 when it is not one event's).
    public var eventId: Int64 {
        switch self {
        case .unsealedEvent(let id, _), .commandDeleted(_, let id, _), .eventChanged(let id, _, _),
            .eventsRemoved(let id, _, _),
            .recordsUnsealed(let id, _, _), .headNotFound(_, let id, _, _), .caseRecordsNotSealed(_, let id),
            .caseChanged(_, let id, _), .caseRecordsChanged(_, let id), .caseDeleted(_, let id):
            id
        case .orphanRecord, .caseWithoutHistory, .schemaObjectChanged, .schemaObjectAdded:
            0
        }
    }

    static let whatToDo = "restore the database from a backup, or keep it as evidence"

    public var description: String {
        switch self {
        case .unsealedEvent(let id, let event):
            return "event #\(id) (\(event)) carries no seal: it was added outside optout; \(Self.whatToDo)"
        case .commandDeleted(let commandId, let id, let event):
            return
                "command #\(commandId), which wrote event #\(id) (\(event)), was deleted outside optout; \(Self.whatToDo)"
        case .eventChanged(let id, let event, let commandId):
            let command = commandId.map { ", or its command #\($0)," } ?? ""
            return
                "event #\(id) (\(event))\(command) was changed after it was written: its content no longer matches its seal; \(Self.whatToDo)"
        case .eventsRemoved(let id, let after, let event):
            let place = after.map { "between event #\($0) and event #\(id)" } ?? "before event #\(id)"
            return
                "events were removed \(place), or one was put there outside optout: event #\(id) (\(event)) no longer follows the event before it; \(Self.whatToDo)"
        case .recordsUnsealed(let id, let event, let from):
            return
                "event #\(id) (\(event)) does not seal its case's records, as every event from #\(from) on does: it was added outside optout; \(Self.whatToDo)"
        case .headNotFound(let head, _, let events, let endsIn):
            return
                "the head you recorded, \(head), is not in the history: events written before it were removed or changed (the chain as it is now has \(events) events and ends in \(endsIn))"
        case .orphanRecord(let table, let id):
            return
                "\(table) #\(id) belongs to no case: it was added outside optout, or its case was deleted; restore the database from a backup"
        case .caseWithoutHistory(let theCase):
            return
                "\(theCase) has no history: the case was added outside optout, or its events were deleted; restore the database from a backup"
        case .caseRecordsNotSealed(let theCase, let id):
            return
                "\(theCase) does not match its history: its last event, #\(id), does not seal its records, as every case's last event has done since records were sealed; events were removed, or the case was added, outside optout; restore the database from a backup"
        case .caseChanged(let theCase, _, let differences):
            return
                "\(theCase) was changed outside optout: its \(differences), with no event to say so; \(Self.whatToDo)"
        case .caseRecordsChanged(let theCase, let id):
            return
                "the records of \(theCase) were changed outside optout: its notices, replies and disclosures (a letter's digest, a reply, a disclosure, one added or removed) no longer match the seal of its last event, #\(id); \(Self.whatToDo)"
        case .caseDeleted(let caseId, let id):
            let name = caseId.map { "case #\($0)" } ?? "a case that is not a number"
            return
                "\(name), which has a history (its last event is #\(id)), was deleted outside optout; restore the database from a backup"
        case .schemaObjectChanged(let type, let name, let altered, let changes):
            let guardNote =
                type == "trigger"
                ? " (a guard that keeps the history append-only or stamps records with their command)" : ""
            return
                "the \(type) \(name)\(guardNote) was \(altered ? "altered" : "dropped") outside optout\(Self.among(changes)); restore the database from a backup"
        case .schemaObjectAdded(let type, let name, let changes):
            return
                "the \(type) \(name) was added to the schema outside optout\(Self.among(changes)); restore the database from a backup"
        }
    }

    /// A break found while a command checks the history (verify prints `description` in its own line).
    public var errorLine: String { "the history was altered outside optout: \(description)" }

    private static func among(_ changes: Int) -> String {
        changes > 1 ? ", among \(changes) changes to the schema" : ""
    }
}
