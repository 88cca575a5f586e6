import ArgumentParser
import OptOutKit

extension OptOut {
    /// `optout calendar list|show|add`: holiday calendars of business days.
    struct Calendar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar", abstract: "List, show and add holiday calendars of business days.",
            subcommands: [CalendarList.self, CalendarShow.self, CalendarAdd.self])
    }
}

extension OptOut.Calendar {
    /// The calendars as a listing: name, kind, holidays, first and last, source.
    static func listing(_ calendars: [CalendarSummary]) -> Listing {
        Listing(
            columns: ["name", "kind", "holidays", "first", "last", "source"],
            rows: calendars.map {
                [
                    .text($0.name), .text($0.builtIn ? "built-in" : "added"), .number($0.holidays),
                    .text($0.first?.description), .text($0.last?.description), .text($0.source),
                ]
            }, widths: ["source": Listing.wideCell])
    }

    /// The holidays of `calendar` in `year`, in order, with their weekdays.
    static func listing(_ calendar: BusinessCalendar, year: Int) -> Listing {
        let first = Day(year: year, month: 1, day: 1)
        let last = Day(year: year, month: 12, day: 31)
        let days = calendar.holidays.keys.filter { $0 >= first && $0 <= last }.sorted()
        return Listing(
            columns: ["date", "weekday", "name"],
            rows: days.map { [.text($0.description), .text($0.weekdayName), .text(calendar.holidays[$0])] })
    }
}
