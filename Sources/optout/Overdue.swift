import ArgumentParser
import OptOutKit

/// `optout overdue`.
struct Overdue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List overdue cases, most days overdue first.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
    @Option(help: "Only this category.") var category: Category?
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var format: ListingFormatOption

    func run() throws {
        let listing = try database.open(.read).overdueListing(asOf: asOf.day, campaign: campaign, category: category)
        if format.format == .table && listing.rows.isEmpty {
            emit("No case is overdue on \(asOf.day).\n")
        } else {
            emitVerbatim(try listing.render(format.format))
        }
    }
}
