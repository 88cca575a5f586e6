import ArgumentParser
import OptOutKit

extension OptOut.Agenda {
    /// `optout agenda` (`optout agenda list`).
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List what is due on --as-of: reminders to send, escalations, deadlines within 7 days, incomplete disclosures to review."
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this campaign (default: every campaign).") var campaign: String?
        @OptionGroup var asOf: AsOfOption
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            let agenda = try database.open(.read).agenda(asOf: asOf.day, campaign: campaign)
            try agenda.listing.write(format.format, to: standardOutput, fitting: TerminalWidth.current)
            if format.format == .table { emit(Messages.agendaFooter(agenda)) }
        }
    }
}
