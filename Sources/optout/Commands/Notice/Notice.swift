import ArgumentParser
import OptOutKit

/// `optout notice send|import`.
struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Log notices and reminders sent.", subcommands: [Send.self, Import.self, Remind.self])

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a notice sent to each named recipient (or --all draft cases): draft → notified.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Recipients, by name or id.") var recipients: [String] = []
        @Flag(help: "Every recipient of the campaign whose case is still a draft.") var all = false
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @Option(help: "The date the notice was sent (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "email, courier, post or other.") var channel: Channel = .email
        @Option(help: "Your reference for the letter.") var reference: String?
        @Option(help: "A deadline for these notices, instead of the campaign's rule.", transform: parseDay) var deadline: Day?
        @Flag(help: "List the notices that would be logged, and write nothing.") var dryRun = false
        @OptionGroup var templates: TemplateOptions

        func validate() throws {
            if all == !recipients.isEmpty { throw ValidationError("name the recipients to notify, or give --all for every draft case (one or the other)") }
        }

        func run() throws {
            let sent = try database.open(templates: templates).sendNotices(
                to: all ? .allDrafts : .named(recipients), campaign: campaign, date: date, channel: channel,
                reference: reference, deadline: deadline, dryRun: dryRun)
            NoticeCommand.report(sent)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log notices sent outside the tool, from a CSV file (recipient, date; optional channel, reference, deadline). All or nothing.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let tracker = try database.open(templates: templates)
            NoticeCommand.report(try tracker.importNotices(NoticeFile.read(path: file), path: file, campaign: campaign))
        }
    }

    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a reminder sent to each named recipient (or --all cases due soon or overdue); the case keeps its state.",
            discussion: "Print the reminder first with `optout letter RECIPIENT --reminder --date DATE`; the digest stored is of exactly that text.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Recipients, by name or id.") var recipients: [String] = []
        @Flag(help: "Every case of the campaign that still owes an answer and is overdue or due within --within days.") var all = false
        @Option(help: "With --all: how many days ahead a deadline may fall (default 7).") var within: Int = 7
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @Option(help: "The date the reminder was sent (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "email, courier, post or other.") var channel: Channel = .email
        @Option(help: "Your reference for the reminder (default: the notice's).") var reference: String?
        @Flag(help: "Log a reminder even to a case already reminded on --date (otherwise such a case is refused, or skipped with --all).")
        var again = false
        @Flag(help: "List the reminders that would be logged, and write nothing.") var dryRun = false
        @OptionGroup var templates: TemplateOptions

        func validate() throws {
            if all == !recipients.isEmpty { throw ValidationError("name the recipients to remind, or give --all for every case due soon or overdue (one or the other)") }
            if !(0...3650).contains(within) { throw ValidationError("--within is a number of days from 0 to 3650") }
        }

        func run() throws {
            let sent = try database.open(templates: templates).sendReminders(
                to: all ? .dueWithin(days: within) : .named(recipients), campaign: campaign, date: date, channel: channel,
                reference: reference, again: again, dryRun: dryRun)
            NoticeCommand.report(sent, kind: .reminder)
        }
    }

    static func report(_ sent: NoticesSent, kind: NoticeKind = .notice) {
        let count = "\(sent.logged.count) \(kind.rawValue)\(sent.logged.count == 1 ? "" : "s")"
        var text = sent.dryRun ? "Dry run: would log \(count) in campaign \(sent.campaign)" : "Logged \(count) in campaign \(sent.campaign)"
        if sent.skipped > 0 {
            let cases = "\(sent.skipped) case\(sent.skipped == 1 ? " was" : "s were")"
            text += kind == .notice ? "; \(cases) past draft and left as they were"
                : "; \(cases) already reminded on \(sent.logged.first?.notice.sentOn.description ?? "that day") and skipped (give --again to remind them again)"
        }
        text += sent.dryRun ? "; nothing was written.\n" : ".\n"
        if sent.logged.count <= 20 || sent.dryRun {
            for item in sent.logged {
                text += "  \(item.recipient): \(sent.dryRun ? "would be " : "")\(kind == .notice ? "notified" : "reminded") \(item.notice.sentOn), deadline \(item.notice.deadline), letter sha256 \(item.notice.letterSha256)\n"
            }
        } else {
            let deadlines = Set(sent.logged.map(\.notice.deadline)).sorted()
            text += "  Deadlines: \(deadlines.first.map(\.description) ?? "")\(deadlines.count > 1 ? " to \(deadlines.last.map(\.description) ?? "")" : "").\n"
        }
        emit(text)
    }
}
