import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout disclosures RECIPIENT`: what a recipient disclosed, and the works of the catalogue it names.
    struct Disclosures: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disclosures",
            abstract:
                "List a recipient's disclosures, oldest first, each with its match in the catalogue (isrc, title-artist or unknown-work)."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeDisclosureListing(
                recipient: recipient, campaign: campaign, as: format.format, to: standardOutput)
        }
    }
}
