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
        @Option(help: "The disclosures it requests (default: none for streaming-service, else all).")
        var requests: Requests?
        @Option(help: "The letter template (default: ai-developer, or streaming-service for that category).")
        var template: String?
        @OptionGroup var templates: TemplateOptions

        func validate() throws {
            if (deadline == nil) == (responseDays == nil) {
                throw ValidationError("give exactly one of --deadline DATE and --response-days N")
            }
        }

        func run() throws {
            let added = try database.open(templates: templates).addCampaign(
                name: name, issuer: issuer, category: category, deadline: deadline, responseDays: responseDays,
                requests: requests, template: template)
            emit(Messages.campaignAdded(added))
        }
    }
}
