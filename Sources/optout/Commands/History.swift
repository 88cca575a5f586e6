import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout history`.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the events of a recipient's cases, oldest first.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeHistory(
                recipient: recipient, campaign: campaign, as: format.format, to: standardOutput)
        }
    }
}
