import ArgumentParser
import OptOutKit

/// `optout letter`: print a case's letter.
struct LetterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter",
        abstract: "Print the campaign's letter for a recipient; `notice send` stores the SHA-256 of exactly this text.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The recipient, by name or id.") var recipient: String
    @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
    @Option(help: "The letter's date (default: the logged notice's date, else today).", transform: parseDay) var date: Day?

    func run() throws {
        emit(try database.open().letter(recipient: recipient, campaign: campaign, date: date).letter.text)
    }
}
