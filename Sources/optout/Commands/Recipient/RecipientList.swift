import ArgumentParser
import OptOutKit

extension OptOut.Recipient {
    /// `optout recipient list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recipients.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this category.") var category: Category?
        @Option(help: "Only recipients with a case in this state.") var state: CaseState?
        @Option(help: "Only recipients with a case in this campaign.") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeRecipientListing(
                category: category, state: state, campaign: campaign, doNotContact: format.format != .table,
                as: format.format, to: standardOutput)
        }
    }
}
