import ArgumentParser
import OptOutKit

/// `optout campaign add|list`.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Add and list campaigns.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a campaign for one category of recipients; each of them gets a draft case in it.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The campaign's name.") var name: String
        @Option(help: "The rights-holder issuing the notices.") var issuer: String
        @Option(help: "The recipients it addresses: ai-developer, streaming-service or other.") var category: Category
        @Option(help: "A fixed deadline for every notice (YYYY-MM-DD).", transform: parseDay) var deadline: Day?
        @Option(name: .customLong("response-days"), help: "Or: each notice's deadline is its date plus this many calendar days.")
        var responseDays: Int?
        @Option(help: "The disclosures it requests: all or none (default: none for streaming-service, else all).")
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
            let campaign = added.campaign
            emit("Added campaign \(campaign.name) (id \(campaign.id ?? 0)) for \(campaign.category.rawValue) recipients, deadline \(campaign.deadlineRule), requests \(campaign.requests.rawValue); \(added.casesOpened) draft case\(added.casesOpened == 1 ? "" : "s") opened.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with their case counts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).campaignListing(asOf: asOf.day).write(format.format, to: standardOutput)
        }
    }
}
