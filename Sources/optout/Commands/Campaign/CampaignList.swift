import ArgumentParser
import OptOutKit

extension OptOut.Campaign {
    /// `optout campaign list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with their case counts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).campaignListing(asOf: asOf.day).write(
                format.format, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
