import Foundation

/// A step of the tracker's own that did not finish as it must: a fault of optout, not of what
/// the user gave. Nothing was written.
public enum InternalError: OptOutError, Equatable, Sendable {
    /// A write transaction returned without its result.
    case transactionIncomplete
    /// A dry run (done, checked, rolled back) returned without its result.
    case dryRunIncomplete
    /// An event was asked for a case that has no id (never stored).
    case eventWithoutStoredCase
    /// A set of notices was written but not every one came back (inserted, its case moved, its
    /// records read).
    case noticesNotLogged(planned: Int, logged: Int)

    public var description: String {
        switch self {
        case .transactionIncomplete: "the transaction did not complete"
        case .dryRunIncomplete: "the dry run did not complete"
        case .eventWithoutStoredCase: "an event needs a stored case"
        case .noticesNotLogged(let planned, let logged):
            "only \(logged) of \(planned) notices could be logged; nothing was written"
        }
    }
}
