import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout due`.
    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the deadlines of cases awaiting an answer, soonest first (ics: a calendar file).",
            discussion: """
                --format ics writes an iCalendar file with one all-day event per case; its UID stays the same
                for the case, so a calendar that imports it again moves the event when the deadline moves.
                """)

        /// What `due` prints: a listing's formats, or an iCalendar file.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, csv, json, ics
        }

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only deadlines within so many days of --as-of (overdue ones included).") var within: Int?
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var asOf: AsOfOption
        @Option(help: ArgumentHelp("How to print: table, csv, json or ics (default: table).", valueName: "format"))
        var format: Format = .table

        func validate() throws {
            if let within, !(0...3650).contains(within) {
                throw ValidationError("--within is a number of days from 0 to 3650")
            }
        }

        func run() throws {
            let due = try database.open(.read).due(asOf: asOf.day, within: within, campaign: campaign)
            if format == .ics {
                try ICalendar.write(due, stamped: DatabaseOptions.clock.now(), to: standardOutput)
                return
            }
            let listing: OutputFormat = format == .csv ? .csv : format == .json ? .json : .table
            try due.listing.write(listing, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
