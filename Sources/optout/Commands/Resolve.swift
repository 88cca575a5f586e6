import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout resolve`.
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case, with the reason.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "Why it is closed.") var reason: Resolution
        @Option(help: "Details.") var note: String?

        func run() throws {
            let changed = try database.open().resolve(
                recipient: recipient, campaign: campaign, reason: reason, note: note)
            emit(Messages.resolved(changed, reason: reason))
        }
    }
}
