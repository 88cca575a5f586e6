import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout delivery`: the deliveries logged for a recipient.
    struct Delivery: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delivery",
            abstract:
                "Show the deliveries logged for a recipient (`notice send|remind --deliver`): Message-ID, message SHA-256 and the transfer agent's answer.",
            discussion: """
                Each row is a message that went out (or a .eml file written) and was logged with its
                notice, sealed in the case's records: `optout verify` catches an edit, and
                `optout letter RECIPIENT --verify FILE.eml` checks a received message against it.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "Only this campaign's deliveries.") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).deliveryListing(recipient: recipient, campaign: campaign).write(
                format.format, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
