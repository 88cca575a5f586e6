import Foundation

/// A reminder refused: one already logged that day, a date that does not fit the case, or no
/// case to remind. Nothing was written.
public enum ReminderError: OptOutError, Equatable, Sendable {
    /// A named case already has a reminder on `date`.
    case alreadyReminded(recipient: String, campaign: String, date: Day)
    /// With `--all`: every case due had a reminder on `date` already.
    case allAlreadyReminded(campaign: String, count: Int, date: Day)
    /// `--within` outside 0…3650 days.
    case windowOutOfRange(days: Int)
    /// With `--all`: no case awaits an answer with a deadline on or before `through`.
    case nothingToRemind(campaign: String, through: Day)
    case beforeNotice(recipient: String, date: Day, notice: Day)
    /// The case had a reply after the reminder's date: the letter would describe a later case.
    case beforeLastReply(recipient: String, date: Day, reply: Day)
    /// The case has no notice for a reminder to follow.
    case noNotice(recipient: String, campaign: String)

    public var description: String {
        switch self {
        case .alreadyReminded(let recipient, let campaign, let date):
            "\(recipient) was already reminded on \(date) in campaign \(campaign), so nothing was logged; give --again to log a second reminder that day (or --dry-run to see what would be logged)"
        case .allAlreadyReminded(let campaign, let count, let date):
            "every case of campaign \(campaign) due for a reminder (\(count)) was already reminded on \(date), so nothing was logged; give --again to log a second reminder that day"
        case .windowOutOfRange(let days):
            "a reminder goes to cases due within 0 to 3650 days; \(days) is not"
        case .nothingToRemind(let campaign, let through):
            "no case of campaign \(campaign) awaits an answer with a deadline on or before \(through); nothing to remind"
        case .beforeNotice(let recipient, let date, let notice):
            "the reminder date \(date) for \(recipient) is before its notice of \(notice); give the date the reminder was sent"
        case .beforeLastReply(let recipient, let date, let reply):
            "\(recipient) replied on \(reply), after the reminder date \(date), and a reminder is worded from the case as it stands; log reminders on the day they are sent (a date on or after \(reply))"
        case .noNotice(let recipient, let campaign):
            "\(recipient) has no notice logged in campaign \(campaign); a reminder follows a notice, so log the notice first"
        }
    }
}
