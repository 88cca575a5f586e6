import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout works`: which of the rights-holder's works were disclosed, by whom, and whether copies are still held.
    struct Works: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List the catalogue's works that were disclosed, the work disclosed by most recipients first, with who disclosed it, copies reported and still held, and access methods."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeWorksListing(campaign: campaign, as: format.format, to: standardOutput)
        }
    }
}
