import Foundation

/// What `optout undo` cannot reverse, and why. Nothing was written.
public enum UndoError: OptOutError, Equatable, Sendable {
    /// The actor has no command of their own left that wrote events and was not undone.
    case nothingToUndo(actor: String)
    /// The last command changed between the plan shown and the undo asked for.
    case changedWhileAsking
    /// The last command wrote an event that does not record its case's state before (such as
    /// registering recipients or campaigns). `action` is the event's action.
    case notReversible(command: String, at: String, action: String)
    /// A case of the last command was changed since by a command that still stands.
    case changedSince(
        command: String, at: String, recipient: String, campaign: String, action: String, by: String,
        when: String)
    /// An event to reverse holds no readable record of its case before it.
    case noStateBefore(eventId: Int64)

    public var description: String {
        switch self {
        case .nothingToUndo(let actor):
            return
                "\(actor) has no command left to undo; undo reverses your own commands, last first (run as another actor with $OPTOUT_ACTOR)"
        case .changedWhileAsking:
            return "your last command changed while undo was asking; run `optout undo` again"
        case .notReversible(let command, let at, let action):
            let did = action == "registered" ? "registered recipients or campaigns" : "did \(action)"
            return
                "your last command, `\(command)` at \(at), \(did), which undo cannot reverse; undo reverses notices, reminders, replies, extensions, escalations and resolutions"
        case .changedSince(let command, let at, let recipient, let campaign, let action, let by, let when):
            return
                "cannot undo your last command, `\(command)` at \(at): \(recipient) in \(campaign) has changed since (\(action) by \(by) at \(when)); that must be undone first"
        case .noStateBefore(let eventId):
            return "event #\(eventId) cannot be reversed: it does not say how its case was before"
        }
    }
}
