import Foundation

/// A follow-up ladder, a do-not-contact mark or an agenda run refused. Nothing was written.
public enum FollowUpError: OptOutError, Equatable, Sendable {
    /// A step of `option` below zero.
    case negativeStep(option: String, days: Int)
    /// A step beyond ten years.
    case stepTooFar(option: String, days: Int)
    /// The same step twice (in one option, or the deadline day by both `--remind-before 0` and `--remind-after 0`).
    case duplicateStep(option: String, days: Int)
    /// An option given with no step in it (`--remind-after ""`).
    case emptySteps(option: String)
    /// A step that is not a whole number of days.
    case notAStep(option: String, text: String)
    /// `campaign follow-up` with nothing to set.
    case nothingToSet(campaign: String)
    /// `--off` with steps.
    case offWithSteps
    /// `notice send` or `notice remind` named a recipient marked do-not-contact.
    case doNotContact(recipient: String, reason: String?)
    /// With `--all`: every case was a do-not-contact recipient's.
    case allDoNotContact(campaign: String, count: Int)
    /// `agenda run` without --yes and no terminal to ask on.
    case runNotConfirmed(count: Int)

    public var description: String {
        switch self {
        case .negativeStep(let option, let days):
            "\(option) takes days as numbers of 0 or more; \(days) is negative (use --remind-before for days before the deadline)"
        case .stepTooFar(let option, let days):
            "\(option) takes at most 3650 days; \(days) is too many"
        case .duplicateStep(let option, let days):
            days == 0 && option.contains("remind")
                ? "the deadline day (0) is given by both --remind-before and --remind-after; give it once"
                : "\(option) gives \(days) twice; give each step once"
        case .emptySteps(let option):
            "\(option) needs days, separated by commas (e.g. \(option) 7,3); give --off to clear the ladder"
        case .notAStep(let option, let text):
            "\(option) takes whole numbers of days separated by commas (e.g. \(option) 7,3); \(quoted(text)) is not one"
        case .nothingToSet(let campaign):
            "give the ladder of campaign \(campaign): --remind-before DAYS,..., --remind-after DAYS,..., --escalate-after DAYS, or --off to clear it"
        case .offWithSteps:
            "--off clears the ladder, so it takes no steps; give either --off or the steps"
        case .doNotContact(let recipient, let reason):
            "\(recipient) is marked do-not-contact\(reason.map { " (\($0))" } ?? ""), so no notice was logged; write through its counsel, or run `optout recipient set \(quoted(recipient)) --contact-ok` first"
        case .allDoNotContact(let campaign, let count):
            "every case of campaign \(campaign) to write to (\(count)) is a do-not-contact recipient's, so nothing was logged; see `optout recipient list`"
        case .runNotConfirmed(let count):
            "nothing was done (\(count) item\(count == 1 ? "" : "s") listed above); add --yes to do it: `optout agenda run --yes`"
        }
    }
}
