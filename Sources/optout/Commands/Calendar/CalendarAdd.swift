import ArgumentParser
import OptOutKit

extension OptOut.Calendar {
    /// `optout calendar add NAME --from FILE.csv`.
    struct CalendarAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add your own holiday calendar (e.g. court holidays) from a CSV file with columns date,name.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its name: letters, digits, '-' or '_' (not a built-in calendar's).") var name: String
        @Option(help: "The CSV file: columns date (YYYY-MM-DD) and name, one row per holiday.") var from: String

        func run() throws {
            let added = try database.open().addCalendar(name: name, from: from)
            emit(OptOut.Calendar.added(added))
        }
    }

    static func added(_ added: CalendarAdded) -> String {
        "Added calendar \(added.name): \(added.holidays) holiday\(added.holidays == 1 ? "" : "s"); weekends are closed too.\n"
    }
}
