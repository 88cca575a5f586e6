import ArgumentParser
import OptOutKit

extension OptOut.Campaign {
    /// `optout campaign add`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a campaign for one category of recipients; each of them gets a draft case in it.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The campaign's name.") var name: String
        @Option(help: "The rights-holder issuing the notices.") var issuer: String
        @Option(help: "The kind of recipients it addresses.") var category: Category
        @Option(help: "A fixed deadline for every notice (YYYY-MM-DD).", transform: parseDay) var deadline: Day?
        @Option(
            name: .customLong("response-days"),
            help: "Or: each notice's deadline is its date plus this many calendar days.")
        var responseDays: Int?
        @Option(
            name: .customLong("response-business-days"),
            help: "Or: each notice's deadline is the N-th business day after its date.")
        var responseBusinessDays: Int?
        @Option(
            name: .customLong("response-months"),
            help: "Or: the same day N months after the notice (or that month's last day).")
        var responseMonths: Int?
        @Option(
            help:
                "The holiday calendar of business days (e.g. GB-ENG; see `optout calendar list`); a deadline from --response-days or --response-months on a closed day moves to the next business day."
        )
        var calendar: String?
        @Option(help: "The disclosures it requests (default: none for streaming-service, else all).")
        var requests: Requests?
        @Option(help: "The letter template (default: ai-developer, or streaming-service for that category).")
        var template: String?
        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let windows: [(Int?, ResponseUnit)] = [
                (responseDays, .days), (responseBusinessDays, .businessDays), (responseMonths, .months),
            ]
            let given = windows.filter { $0.0 != nil }
            guard given.count + (deadline == nil ? 0 : 1) == 1 else { throw CalendarError.oneRuleNeeded }
            let window = given.first
            let added = try database.open(templates: templates).addCampaign(
                name: name, issuer: issuer, category: category, deadline: deadline, responseDays: window?.0,
                requests: requests, template: template, responseUnit: window?.1 ?? .days, calendar: calendar)
            emit(Messages.campaignAdded(added))
        }
    }
}
