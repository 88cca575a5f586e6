import ArgumentParser
import OptOutKit

/// `optout recipient add|import|list`.
struct RecipientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipient", abstract: "Add, import and list recipients.",
        subcommands: [Add.self, Import.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add one recipient.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The firm's name.") var name: String
        @Option(help: "ai-developer, streaming-service or other.") var category: Category
        @Option(help: "ISO 3166-1 country code, as DE or US.") var country: String?
        @Option(help: "E-mail address for notices.") var email: String?
        @Option(help: "The person to address.") var contact: String?
        @Option(help: "The parent firm's name.") var parent: String?

        func run() throws {
            let recipient = try RecipientFile.recipient(
                name: name, category: category.rawValue, country: country, email: email, contact: contact, parent: parent)
            let (added, opened) = try database.open().addRecipient(recipient)
            emit("Added \(added.name) (id \(added.id ?? 0), \(added.category.rawValue)); \(opened) draft case\(opened == 1 ? "" : "s") opened.\n")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import recipients from a CSV file (name, category; optional country, email, contact, parent). All or nothing.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let tracker = try database.open()
            let rows = try RecipientFile.readLines(path: file)
            let summary = try tracker.importRecipients(rows.map(\.recipient), lines: rows.map(\.line), path: file)
            emit("Imported \(file): \(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged; \(summary.casesOpened) draft case\(summary.casesOpened == 1 ? "" : "s") opened.\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recipients.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this category.") var category: Category?
        @Option(help: "Only recipients with a case in this state.") var state: CaseState?
        @Option(help: "Only recipients with a case in this campaign.") var campaign: String?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try database.open(.read).writeRecipientListing(category: category, state: state, campaign: campaign,
                                                           as: format.format, to: standardOutput)
        }
    }
}
