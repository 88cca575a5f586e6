import ArgumentParser
import OptOutKit

extension OptOut.Notice {
    /// `optout notice remind`.
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Log a reminder sent to each named recipient (or --all cases due soon or overdue); the case keeps its state.",
            discussion:
                "Print the reminder first with `optout letter RECIPIENT --reminder --date DATE`; the digest stored is of exactly that text."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Recipients, by name or id.") var recipients: [String] = []
        @Flag(help: "Every case of the campaign that still owes an answer and is overdue or due within --within days.")
        var all = false
        @Option(help: "With --all: how many days ahead a deadline may fall.") var within: Int = 7
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @Option(help: "The date the reminder was sent (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "How it was sent.") var channel: Channel = .email
        @Option(help: "Your reference for the reminder (default: the notice's).") var reference: String?
        @Flag(
            help:
                "Log a reminder even to a case already reminded on --date (otherwise such a case is refused, or skipped with --all)."
        )
        var again = false
        @Flag(help: "List the reminders that would be logged, and write nothing.") var dryRun = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var delivery: DeliverOption

        func validate() throws {
            if all == !recipients.isEmpty {
                throw ValidationError(
                    "name the recipients to remind, or give --all for every case due soon or overdue (one or the other)"
                )
            }
            if !(0...3650).contains(within) { throw ValidationError("--within is a number of days from 0 to 3650") }
        }

        func run() throws {
            if let settings = try delivery.settings(channel: channel), !dryRun {
                return try DeliverOption.report(
                    try database.open(templates: templates).deliverReminders(
                        to: all ? .dueWithin(days: within) : .named(recipients), campaign: campaign, date: date,
                        reference: reference, again: again, settings: settings))
            }
            let sent = try database.open(templates: templates).sendReminders(
                to: all ? .dueWithin(days: within) : .named(recipients), campaign: campaign, date: date,
                channel: channel,
                reference: reference, again: again, dryRun: dryRun)
            emit(Messages.noticesLogged(sent, kind: .reminder))
        }
    }
}
