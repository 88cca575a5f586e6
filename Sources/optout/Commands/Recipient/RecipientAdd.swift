import ArgumentParser
import OptOutKit

extension OptOut.Recipient {
    /// `optout recipient add`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add one recipient.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The firm's name.") var name: String
        @Option(help: "The kind of firm it is.") var category: Category
        @Option(help: "ISO 3166-1 country code, as DE or US.") var country: String?
        @Option(help: "E-mail address for notices.") var email: String?
        @Option(help: "The person to address.") var contact: String?
        @Option(help: "The parent firm's name.") var parent: String?

        func run() throws {
            let recipient = try RecipientFile.recipient(
                name: name, category: category.rawValue, country: country, email: email, contact: contact,
                parent: parent)
            let (added, opened) = try database.open().addRecipient(recipient)
            emit(Messages.recipientAdded(added, casesOpened: opened))
        }
    }
}
