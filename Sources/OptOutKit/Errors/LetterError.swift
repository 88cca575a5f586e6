import Foundation

/// A letter file checked against the letters logged for its case (`optout letter --verify`),
/// and not vouched for. Nothing was written.
public enum LetterError: OptOutError, Equatable, Sendable {
    /// The case has no logged letter to check `path` against.
    case noLetterLogged(recipient: String, campaign: String, path: String)
    /// `path`'s digest matches none of the case's `logged` letters; `last` is the latest of them.
    case notTheLoggedLetter(
        path: String, recipient: String, campaign: String, digest: String,
        last: LoggedLetter, logged: Int)

    /// A logged letter, as a mismatch names it.
    public struct LoggedLetter: Equatable, Sendable {
        public var kind: NoticeKind
        public var sentOn: Day
        public var sha256: String

        public init(kind: NoticeKind, sentOn: Day, sha256: String) {
            self.kind = kind
            self.sentOn = sentOn
            self.sha256 = sha256
        }
    }

    public var description: String {
        switch self {
        case .noLetterLogged(let recipient, let campaign, let path):
            return
                "no letter is logged for \(recipient) in campaign \(campaign), so there is nothing to verify \(path) against; log the notice with `optout notice send` first"
        case .notTheLoggedLetter(let path, let recipient, let campaign, let digest, let last, let logged):
            let others = logged > 1 ? " (and none of the \(logged - 1) other letters logged for the case matches)" : ""
            return
                "\(path) is not the letter logged for \(recipient) in campaign \(campaign): its SHA-256 is \(digest), while the \(last.kind.rawValue) logged on \(last.sentOn) has \(last.sha256)\(others); the file was changed, or is another letter"
        }
    }
}
