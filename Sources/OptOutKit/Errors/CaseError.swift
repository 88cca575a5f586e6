import Foundation

/// What the tracker refuses about recipients, campaigns and their cases: a name that matches
/// none or several, a recipient or campaign that cannot be registered, a transition the case's
/// state does not allow, a date that does not fit. Each case carries the facts; the message
/// says what is wrong and how to fix it. Nothing was written.
public enum CaseError: OptOutError, Equatable, Sendable {
    // Naming recipients and campaigns
    /// No recipient has that name or id; `suggestions` are the known names closest to it.
    case unknownRecipient(name: String, suggestions: [String] = [])
    /// `candidates` are shown as `name (id N)`.
    case ambiguousRecipient(name: String, candidates: [String])
    /// No campaign has that name or id; `suggestions` are the known names closest to it.
    case unknownCampaign(name: String, known: [String], suggestions: [String] = [])
    /// `candidates` are shown as `name (id N)`.
    case ambiguousCampaign(name: String, candidates: [String])
    /// No `--campaign` given, and there is more than one.
    case campaignNeeded(known: [String])
    case noCampaigns

    // Registering recipients and campaigns
    case campaignExists(name: String)
    case recipientExists(name: String)
    /// A recipient typed or imported with these faults (at least one).
    case unacceptableRecipient(faults: [RecipientFault])
    case campaignNameEmpty
    case issuerEmpty
    /// A campaign needs exactly one of a fixed deadline and a number of response days.
    case deadlineRuleNeeded
    case responseDaysOutOfRange(days: Int)

    // Cases and their transitions
    case notInCampaign(recipient: String, campaign: String, category: Category)
    case refused(recipient: String, campaign: String, state: CaseState, action: CaseAction)
    /// `notice send --all` found no `draft` case; `alreadyNotified` counts the cases past it.
    case noDraftCase(campaign: String, category: Category, alreadyNotified: Int)
    /// `--covers` named the replying recipient itself.
    case coversTheRecipient(name: String)
    /// `--covers` named a firm outside the replying recipient's group.
    case notAnAffiliate(affiliate: GroupPlace, recipient: GroupPlace)
    /// A disclosures file given with a reply of another kind.
    case disclosuresNeedDisclosureKind(kind: ReplyKind)

    // Dates
    /// A date given for something that happened is later than today.
    case dateInFuture(what: DateGiven, day: Day, today: Day)
    case deadlineNotLater(recipient: String, campaign: String, current: Day?, requested: Day)
    case replyBeforeNotice(recipient: String, campaign: String, reply: Day, notice: Day)
    case deadlineBeforeNotice(recipient: String, deadline: Day, notice: Day)

    public var description: String {
        switch self {
        case .unknownRecipient(let name, let suggestions):
            guard !suggestions.isEmpty else {
                return
                    "no recipient is named \(quoted(name)); see `optout recipient list`, or add it with `optout recipient add`"
            }
            return
                "no recipient is named \(quoted(name)); \(Self.didYouMean(suggestions)) (or see `optout recipient list`)"
        case .ambiguousRecipient(let name, let candidates):
            return
                "\(quoted(name)) names \(candidates.count) recipients (\(candidates.joined(separator: ", "))); name one by its id"
        case .unknownCampaign(let name, let known, let suggestions):
            let list =
                known.isEmpty
                ? "there are none yet; add one with `optout campaign add`"
                : "campaigns: \(known.joined(separator: ", "))"
            guard !suggestions.isEmpty else { return "no campaign is named \(quoted(name)); \(list)" }
            return "no campaign is named \(quoted(name)); \(Self.didYouMean(suggestions)) (\(list))"
        case .ambiguousCampaign(let name, let candidates):
            return
                "\(quoted(name)) names \(candidates.count) campaigns (\(candidates.joined(separator: ", "))); name one by its full name"
        case .campaignNeeded(let known):
            return "there are \(known.count) campaigns; say which with --campaign (\(known.joined(separator: ", ")))"
        case .noCampaigns:
            return "there is no campaign yet; add one with `optout campaign add`"
        case .campaignExists(let name):
            return "a campaign named \(quoted(name)) already exists; choose another name"
        case .recipientExists(let name):
            return
                "a recipient named \(quoted(name)) already exists; use `optout recipient import` to update recipients"
        case .unacceptableRecipient(let faults):
            return faults.map(\.description).joined(separator: "; ")
        case .campaignNameEmpty:
            return "the campaign name is empty; give it a name"
        case .issuerEmpty:
            return "the issuer is empty; give --issuer the rights-holder's name"
        case .deadlineRuleNeeded:
            return "give the campaign either --deadline DATE or --response-days N, not both and not neither"
        case .responseDaysOutOfRange(let days):
            return "--response-days must be from 1 to 3650 calendar days; \(days) is not"
        case .notInCampaign(let recipient, let campaign, let category):
            return "\(recipient) is not in campaign \(campaign), which addresses \(category.rawValue) recipients"
        case .refused(let recipient, let campaign, let state, let action):
            return
                "cannot \(action) for \(recipient) in campaign \(campaign): the case is \(state.rawValue)\(Self.hint(state: state, action: action))"
        case .noDraftCase(let campaign, let category, let alreadyNotified):
            return
                "campaign \(campaign) has no draft case to notify (\(alreadyNotified) already notified); add recipients of category \(category.rawValue) first"
        case .coversTheRecipient(let name):
            return "\(name) is the recipient of the reply; --covers names its affiliates"
        case .notAnAffiliate(let affiliate, let recipient):
            return
                "\(affiliate.name) is not an affiliate of \(recipient.name): \(affiliate), and \(recipient); record the parent firm with `optout recipient import` (column parent) and run the command again"
        case .disclosuresNeedDisclosureKind(let kind):
            return "a disclosures file goes with --kind disclosure, not \(kind.rawValue)"
        case .dateInFuture(let what, let day, let today):
            return "the \(what) \(day) is after today (\(today)); give the date it happened"
        case .deadlineNotLater(let recipient, let campaign, let current, let requested):
            return
                "the extension for \(recipient) in campaign \(campaign) must end after the current deadline \(current.map(\.description) ?? "(none)"); \(requested) is not later"
        case .replyBeforeNotice(let recipient, let campaign, let reply, let notice):
            return
                "the reply date \(reply) for \(recipient) in campaign \(campaign) is before its notice of \(notice); check --date"
        case .deadlineBeforeNotice(let recipient, let deadline, let notice):
            return
                "the deadline \(deadline) for \(recipient) is before the notice date \(notice); check --deadline or the campaign's rule"
        }
    }

    /// `did you mean 'A'?`, `did you mean 'A' or 'B'?`, `did you mean 'A', 'B' or 'C'?`
    private static func didYouMean(_ names: [String]) -> String {
        let quotedNames = names.map(quoted)
        let list =
            quotedNames.count > 1
            ? quotedNames.dropLast().joined(separator: ", ") + " or " + (quotedNames.last ?? "") : quotedNames.joined()
        return "did you mean \(list)?"
    }

    private static func hint(state: CaseState, action: CaseAction) -> String {
        switch (state, action) {
        case (.draft, .reply): "; log the notice first with `optout notice send`"
        case (.draft, _): "; no notice has been logged"
        case (.resolved, _): "; it is closed"
        case (_, .sendNotice): "; a notice was already logged"
        default: ""
        }
    }
}

/// Which date a user gave, as an error names it.
public enum DateGiven: Equatable, Sendable, CustomStringConvertible {
    case notice, reminder, reply
    /// The date of a notice on `line` of the notices file `path`.
    case noticeInFile(line: Int, path: String)

    public var description: String {
        switch self {
        case .notice: "notice date"
        case .reminder: "reminder date"
        case .reply: "reply date"
        case .noticeInFile(let line, let path): "notice date on line \(line) of \(path),"
        }
    }
}

/// Where a recipient sits in its group of firms: its parent, and the firm at the top of its
/// chain of parents (`group`; its own name when it has no parent).
public struct GroupPlace: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var parent: String?
    public var group: String

    public init(name: String, parent: String?, group: String) {
        self.name = name
        self.parent = parent
        self.group = group
    }

    public var description: String {
        guard let parent else { return "\(name) has no parent firm" }
        return NameKey.of(parent) == NameKey.of(group)
            ? "\(name)'s parent is \(parent)"
            : "\(name)'s parent is \(parent), of the \(group) group"
    }
}
