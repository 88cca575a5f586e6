import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout overdue`.
    struct Overdue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List overdue cases, most days overdue first.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @Option(help: "Only this category.") var category: Category?
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeOverdueListing(
                asOf: asOf.day, campaign: campaign, category: category, as: format.format, to: standardOutput,
                emptyTable: TerminalText.escaped(Messages.nothingOverdue(asOf: asOf.day), keepingLines: true))
        }
    }
}
