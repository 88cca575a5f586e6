import Foundation

/// Everything the tracker refuses, with the facts, and a message that says what is wrong and
/// how to fix it. Nothing was written when one of these is thrown.
public enum TrackerError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case noDatabase(path: String)
    case databaseExists(path: String)
    case newerSchema(path: String)
    case notADatabase(path: String, reason: String)
    /// No recipient has that name or id; `suggestions` are the known names closest to it.
    case unknownRecipient(String, suggestions: [String] = [])
    case ambiguousRecipient(String, candidates: [String])
    case unknownCampaign(String, known: [String], suggestions: [String] = [])
    case campaignNeeded(known: [String])
    case noCampaigns
    case campaignExists(String)
    case recipientExists(String)
    case notInCampaign(recipient: String, campaign: String, category: Category)
    case refused(recipient: String, campaign: String, state: CaseState, action: CaseAction)
    case deadlineNotLater(recipient: String, campaign: String, current: Day?, requested: Day)
    case replyBeforeNotice(recipient: String, campaign: String, reply: Day, notice: Day)
    case deadlineBeforeNotice(recipient: String, deadline: Day, notice: Day)
    /// A file rejected whole; `more` counts problems found beyond those listed (kept only as a count).
    case badFile(path: String, problems: [FileProblem], more: Int = 0)
    case unreadableFile(path: String, reason: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path); run `optout init` to create it, or name another with --db or $OPTOUT_DB"
        case .databaseExists(let path):
            return "\(path) already exists and is left untouched; name a new file with --db"
        case .newerSchema(let path):
            return "\(path) was written by a newer version of optout; use that version (this one would not understand its records)"
        case .notADatabase(let path, let reason):
            return "cannot open \(path) as an optout database (\(reason)); check the --db path"
        case .unknownRecipient(let name, let suggestions):
            guard !suggestions.isEmpty else {
                return "no recipient is named \(quoted(name)); see `optout recipient list`, or add it with `optout recipient add`"
            }
            return "no recipient is named \(quoted(name)); \(didYouMean(suggestions)) (or see `optout recipient list`)"
        case .ambiguousRecipient(let name, let candidates):
            return "\(quoted(name)) names \(candidates.count) recipients (\(candidates.joined(separator: ", "))); name one by its id"
        case .unknownCampaign(let name, let known, let suggestions):
            let list = known.isEmpty ? "there are none yet; add one with `optout campaign add`" : "campaigns: \(known.joined(separator: ", "))"
            guard !suggestions.isEmpty else { return "no campaign is named \(quoted(name)); \(list)" }
            return "no campaign is named \(quoted(name)); \(didYouMean(suggestions)) (\(list))"
        case .campaignNeeded(let known):
            return "there are \(known.count) campaigns; say which with --campaign (\(known.joined(separator: ", ")))"
        case .noCampaigns:
            return "there is no campaign yet; add one with `optout campaign add`"
        case .campaignExists(let name):
            return "a campaign named \(quoted(name)) already exists; choose another name"
        case .recipientExists(let name):
            return "a recipient named \(quoted(name)) already exists; use `optout recipient import` to update recipients"
        case .notInCampaign(let recipient, let campaign, let category):
            return "\(recipient) is not in campaign \(campaign), which addresses \(category.rawValue) recipients"
        case .refused(let recipient, let campaign, let state, let action):
            return "cannot \(action) for \(recipient) in campaign \(campaign): the case is \(state.rawValue)\(hint(state: state, action: action))"
        case .deadlineNotLater(let recipient, let campaign, let current, let requested):
            return "the extension for \(recipient) in campaign \(campaign) must end after the current deadline \(current.map(\.description) ?? "(none)"); \(requested) is not later"
        case .replyBeforeNotice(let recipient, let campaign, let reply, let notice):
            return "the reply date \(reply) for \(recipient) in campaign \(campaign) is before its notice of \(notice); check --date"
        case .deadlineBeforeNotice(let recipient, let deadline, let notice):
            return "the deadline \(deadline) for \(recipient) is before the notice date \(notice); check --deadline or the campaign's rule"
        case .badFile(let path, let problems, let more):
            let shown = problems.prefix(Self.problemsListed).map(\.description).joined(separator: "; ")
            let unshown = Array(problems.dropFirst(Self.problemsListed).compactMap(\.line).prefix(30))
            let unlisted = problems.count + more - min(problems.count, Self.problemsListed) - unshown.count
            var rest = unshown.isEmpty ? "" : "; and lines \(unshown.map(String.init).joined(separator: ", "))"
            if unlisted > 0 { rest += unshown.isEmpty ? "; and \(unlisted) more" : " and \(unlisted) more" }
            let total = problems.count + more
            let rows = total == 1 ? "1 problem" : "\(total) problems"
            return "\(path) was not imported (\(rows); nothing was written): \(shown)\(rest); fix the file and run the command again"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalid(let message):
            return message
        }
    }

    public var errorDescription: String? { description }

    /// How many of a file's problems `badFile` lists in full; the lines of the rest are counted.
    public static let problemsListed = 20

    /// `did you mean 'A'?`, `did you mean 'A' or 'B'?`, `did you mean 'A', 'B' or 'C'?`
    private func didYouMean(_ names: [String]) -> String {
        let quotedNames = names.map(quoted)
        let list = quotedNames.count > 1
            ? quotedNames.dropLast().joined(separator: ", ") + " or " + (quotedNames.last ?? "") : quotedNames.joined()
        return "did you mean \(list)?"
    }

    private func hint(state: CaseState, action: CaseAction) -> String {
        switch (state, action) {
        case (.draft, .reply): "; log the notice first with `optout notice send`"
        case (.draft, _): "; no notice has been logged"
        case (.resolved, _): "; it is closed"
        case (_, .sendNotice): "; a notice was already logged"
        default: ""
        }
    }
}

/// One thing wrong in a file, at a line.
public struct FileProblem: Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

func quoted(_ text: String) -> String { "'\(text)'" }
