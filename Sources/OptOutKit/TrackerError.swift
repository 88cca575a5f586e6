import Foundation

/// What is left of the old catch-all error: only the demo's three checks throw it, and they move
/// with the demo to its own target (issue 11, item 3), where each becomes a case of the demo's
/// own error type. Everything else throws an error of its concern (`StoreError`, `FileError`,
/// `CaseError`, `LetterError`, `ReminderError`, `TemplateError`, `UndoError`, …).
public enum TrackerError: OptOutError, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
