import ArgumentParser
import Foundation
import GRDB
import OptOutDemo
import OptOutKit

/// `optout`: track opt-out notice campaigns — notices, replies, disclosures, deadlines.
@main
struct OptOut: ParsableCommand {
    /// The version `optout --version` prints; the one place it is written.
    static let version = "0.18.0"

    static let configuration = CommandConfiguration(
        commandName: "optout",
        abstract: "Track opt-out notice campaigns: notices sent, replies, disclosures, deadlines and escalations.",
        discussion: """
            The database is --db PATH, else $OPTOUT_DB, else optout.sqlite in the current folder.
            Start with `optout demo` for a sample, or `optout init` for your own.
            """,
        version: OptOut.version,
        subcommands: [
            Init.self, Campaign.self, Recipient.self, Notice.self, Letter.self, Delivery.self,
            Reply.self, Extend.self, Escalate.self, Resolve.self, Overdue.self, History.self,
            Agenda.self, Due.self,
            Catalog.self, Works.self, Disclosures.self,
            Report.self, Templates.self, Verify.self, Check.self, Backup.self, Undo.self, Demo.self,
            Calendar.self, Deadline.self,
            Copy.self,
            Team.self,
        ]
    )

    /// Runs the command; every failure is one `error:` line on standard error and a non-zero exit.
    static func main() {
        StandardStreams.guardDescriptors()
        do {
            var command = try parseAsRoot()
            try command.run()
            StandardStreams.finish(status: 0)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                StandardStreams.flush()
                exit(withError: error)
            }
            let text: String
            switch error {
            case let error as any OptOutError: text = error.errorLine
            case let error as DatabaseError:
                text = StoreError(error, path: DatabaseOptions.opened ?? "the database").description
            default:
                if code == .validationFailure,
                    let unknown = CommandSuggestion.unknownCommand(in: Array(CommandLine.arguments.dropFirst()))
                {
                    // A mistyped command: say which one was meant, not only that an argument was unexpected.
                    text = unknown
                } else {
                    text =
                        message(for: error)
                        + (code == .validationFailure && !message(for: error).contains("help")
                            ? " (see `optout help`)" : "")
                }
            }
            var line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " ")
            // A value echoed from a file can be a megabyte long; one error line stays readable.
            if line.count > 2_000 { line = String(line.prefix(2_000)) + "… (shortened)" }
            // Names, notes and file cells echoed in the line are shown escaped, never run by the terminal.
            StandardStreams.writeError("error: \(TerminalText.escaped(line, keepingLines: false))\n")
            StandardStreams.finish(status: code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
