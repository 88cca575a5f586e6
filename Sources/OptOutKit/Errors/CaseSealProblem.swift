import Foundation

/// How one case's seal no longer holds, as a command that checks only that case finds it
/// (`letter --verify`); `optout verify` then names the place in the whole history.
public enum CaseSealProblem: Equatable, Sendable, CustomStringConvertible {
    /// An event of the case no longer matches its seal.
    case eventChanged(eventId: Int64)
    /// An event of the case no longer sits between its neighbours in the chain.
    case eventOutOfChain(eventId: Int64)
    case noHistory
    /// The case's last event does not seal its records.
    case recordsNotSealed(eventId: Int64)
    /// The case's state or dates differ from what its last event sealed.
    case fieldsDiffer(eventId: Int64)
    /// Its notices, replies or disclosures differ from what its last event sealed.
    case recordsDiffer(eventId: Int64)

    public var description: String {
        switch self {
        case .eventChanged(let id): "event #\(id) no longer matches its seal"
        case .eventOutOfChain(let id):
            "event #\(id) no longer follows the event before it, or is no longer followed by the event after it"
        case .noHistory: "the case has no history"
        case .recordsNotSealed(let id): "its last event, #\(id), does not seal its records"
        case .fieldsDiffer(let id): "its state or dates differ from those its last event, #\(id), sealed"
        case .recordsDiffer(let id):
            "its notices, replies or disclosures differ from those its last event, #\(id), sealed"
        }
    }
}
