import ArgumentParser
import OptOutKit

extension OptOut.Calendar {
    /// `optout calendar show CAL --year YYYY`.
    struct CalendarShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a calendar's holidays in one year (weekends are closed too).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The calendar, e.g. GB-ENG (see `optout calendar list`).") var calendar: String
        @Option(help: "The year (default: this year).") var year: Int?
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            let year = year ?? DatabaseOptions.clock.today.components.year
            guard (1900...2200).contains(year) else { throw CalendarError.yearOutOfRange(year: year) }
            let found = try database.open(.read).calendar(named: calendar)
            try OptOut.Calendar.listing(found, year: year).write(
                format.format, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
