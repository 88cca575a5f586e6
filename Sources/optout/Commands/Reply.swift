import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout reply`: record a letter received.
    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reply", abstract: "Record a reply from a recipient.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "The date the reply was received (YYYY-MM-DD).", transform: parseDay) var date: Day
        @Option(help: "What the reply says.") var kind: ReplyKind
        @Option(help: "A summary of the reply.") var summary: String?
        @Option(
            help:
                "A CSV file of the works disclosed (title, artist, isrc, access_method, copies_made, copies_exist, held_from, held_until, justification)."
        )
        var disclosures: String?
        @Option(
            parsing: .upToNextOption,
            help: ArgumentHelp(
                "Affiliates (firms of the same group) the reply was sent for: it is recorded in each one's case too, with its disclosures.",
                valueName: "recipient"))
        var covers: [String] = []

        func validate() throws {
            if disclosures != nil && kind != .disclosure {
                throw ValidationError("--disclosures goes with --kind disclosure")
            }
        }

        func run() throws {
            let tracker = try database.open()
            let changed = try tracker.recordReply(
                recipient: recipient, campaign: campaign, date: date, kind: kind,
                summary: summary, disclosures: disclosures.map { .file(path: $0) },
                covers: covers)
            emit(Messages.replyRecorded(changed, kind: kind))
        }
    }
}
