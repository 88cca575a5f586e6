import ArgumentParser
import OptOutKit

extension OptOut.Calendar {
    /// `optout calendar list`.
    struct CalendarList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the built-in holiday calendars and those added.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var format: ListingFormatOption

        func run() throws {
            try OptOut.Calendar.listing(database.open(.read).listCalendars()).write(
                format.format, to: standardOutput, fitting: TerminalWidth.current)
        }
    }
}
