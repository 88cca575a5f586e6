import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout deadline RECIPIENT`: how a case's deadline was computed.
    struct Deadline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Explain a case's deadline: the rule, the days skipped and why, every extension, and the days left.")

        static let accepted: [OutputFormat] = [.table, .json]

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @OptionGroup var asOf: AsOfOption
        @Option(
            name: .customLong("format"),
            help: ArgumentHelp("How to print: table or json (default: table).", valueName: "format"),
            transform: { try formatName($0, accepted: Deadline.accepted) })
        var format: OutputFormat = .table

        func validate() throws { try checkFormat(format, accepted: Self.accepted, for: "deadline") }

        func run() throws {
            let explanation = try database.open(.read).explainDeadline(
                recipient: recipient, campaign: campaign, asOf: asOf.day)
            if format == .json { emitVerbatim(explanation.json) } else { emit(explanation.text) }
        }
    }
}
