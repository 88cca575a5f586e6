import ArgumentParser
import OptOutKit

extension OptOut.Recipient {
    /// `optout recipient import`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import recipients from a CSV file (name, category; optional country, email, contact, parent). All or nothing."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            let tracker = try database.open()
            let rows = try RecipientFile.readLines(path: file)
            let summary = try tracker.importRecipients(rows.map(\.recipient), lines: rows.map(\.line), path: file)
            emit(Messages.recipientsImported(summary, file: file))
        }
    }
}
