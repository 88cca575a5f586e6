import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout extend`: grant an extension.
    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant an extension: a later deadline for a case.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "The new deadline (YYYY-MM-DD), later than the current one.", transform: parseDay) var until: Day?
        @Option(help: "Or: this many days after the current deadline (calendar days, unless --business-days).")
        var by: Int?
        @Flag(name: .customLong("business-days"), help: "With --by: count business days of the campaign's calendar.")
        var businessDays = false
        @Option(help: "Why, or what was agreed.") var note: String?

        func run() throws {
            let target: ExtensionTarget
            switch (until, by) {
            case (let until?, nil) where !businessDays: target = .until(until)
            case (nil, let by?): target = .by(by, businessDays: businessDays)
            default: throw CalendarError.extendNeedsOneOf
            }
            let changed = try database.open().grantExtension(
                recipient: recipient, campaign: campaign, to: target, note: note)
            emit(Messages.extended(changed, until: changed.deadline ?? until ?? DatabaseOptions.clock.today))
        }
    }
}
