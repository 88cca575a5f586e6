import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout escalate`.
    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Escalate a case (towards enforcement).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "Why, or to whom.") var note: String?

        func run() throws {
            emit(Messages.escalated(try database.open().escalate(recipient: recipient, campaign: campaign, note: note)))
        }
    }
}
