import ArgumentParser
import OptOutKit

extension OptOut.Notice {
    /// `optout notice send`.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log a notice sent to each named recipient (or --all draft cases): draft → notified.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Recipients, by name or id.") var recipients: [String] = []
        @Flag(help: "Every recipient of the campaign whose case is still a draft.") var all = false
        @Option(help: "The campaign (may be left out while there is only one).") var campaign: String?
        @Option(help: "The date the notice was sent (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "How it was sent.") var channel: Channel = .email
        @Option(help: "Your reference for the letter.") var reference: String?
        @Option(help: "A deadline for these notices, instead of the campaign's rule.", transform: parseDay)
        var deadline: Day?
        @Flag(help: "List the notices that would be logged, and write nothing.") var dryRun = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var delivery: DeliverOption

        func validate() throws {
            if all == !recipients.isEmpty {
                throw ValidationError(
                    "name the recipients to notify, or give --all for every draft case (one or the other)")
            }
        }

        func run() throws {
            if let settings = try delivery.settings(channel: channel), !dryRun {
                return try DeliverOption.report(
                    try database.open(templates: templates).deliverNotices(
                        to: all ? .allDrafts : .named(recipients), campaign: campaign, date: date,
                        reference: reference, deadline: deadline, settings: settings))
            }
            let sent = try database.open(templates: templates).sendNotices(
                to: all ? .allDrafts : .named(recipients), campaign: campaign, date: date, channel: channel,
                reference: reference, deadline: deadline, dryRun: dryRun)
            emit(Messages.noticesLogged(sent))
        }
    }
}
