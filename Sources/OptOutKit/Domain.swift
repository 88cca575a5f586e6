import GRDB

/// The words of the domain (SPEC section 2) as closed sets. Each raw value is what the user types
/// and what the database stores.
public protocol DomainWord: RawRepresentable, CaseIterable, Codable, Hashable, Sendable,
    DatabaseValueConvertible
where RawValue == String {}

extension DomainWord {
    /// The accepted values, for error messages: `a, b or c`.
    public static var choices: String {
        let all = allCases.map(\.rawValue)
        guard all.count > 1 else { return all.joined() }
        return all.dropLast().joined(separator: ", ") + " or " + (all.last ?? "")
    }
}

/// The kind of firm a recipient is; a campaign addresses one category.
public enum Category: String, DomainWord {
    case aiDeveloper = "ai-developer"
    case streamingService = "streaming-service"
    case other
}

/// The state of a case (SPEC section 3).
public enum CaseState: String, DomainWord {
    case draft, notified, acknowledged, incomplete, responded, refused, escalated, resolved

    /// The states in which a case can be overdue: the recipient still owes an answer.
    public static let awaitingAnswer: Set<CaseState> = [.notified, .acknowledged, .incomplete]
}

/// What a reply from a recipient is.
public enum ReplyKind: String, DomainWord {
    case acknowledgement
    case disclosure
    case noUse = "no-use"
    case refusal
    case extensionRequest = "extension-request"
}

/// How a notice was sent.
public enum Channel: String, DomainWord {
    case email, courier, post, other
}

/// What a logged letter is: the notice that opened the case, or a reminder of its deadline.
public enum NoticeKind: String, DomainWord {
    case notice, reminder
}

/// Why a case was closed.
public enum Resolution: String, DomainWord {
    case licensed
    case noUseConfirmed = "no-use-confirmed"
    case copiesDeleted = "copies-deleted"
    case settled
    case withdrawn
}

/// Which disclosures a campaign asks for: all six facts of SPEC section 1, or none (a letter that
/// only asks for confirmation, as the streaming-service advisory does).
public enum Requests: String, DomainWord {
    case all, none
}

/// How a recipient says it accessed a work.
public enum AccessMethod: String, DomainWord {
    case webScrape = "web-scrape"
    case streamingService = "streaming-service"
    case licensedDataset = "licensed-dataset"
    case thirdPartyDataset = "third-party-dataset"
    case purchased
    case userUpload = "user-upload"
    case other
}

/// The listing and report formats.
public enum OutputFormat: String, DomainWord {
    case table, markdown, html, csv, json
}

/// How a disclosure was matched to the rights-holder's catalogue: by its ISRC, by its title and
/// artist (`MatchKey`), or not at all (`unknown-work`: the catalogue has no such work).
public enum MatchMethod: String, DomainWord {
    case isrc
    case titleArtist = "title-artist"
    case unknownWork = "unknown-work"
}
