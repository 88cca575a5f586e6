import Foundation

/// Where the core learns the time: the moment (`now`) and the time zone whose calendar says which
/// day "today" is. The core never reads the machine's clock or zone itself; a command builds one
/// clock, reads it once (`Clock.frozen`), and hands it to the `Tracker`, so every date and
/// timestamp of one command agrees.
///
/// Which zone: the user's. A legal team's "today" (a deadline passed, a reply overdue) is the
/// date on its office calendar, so the command line gives the zone the user's machine is set to
/// (`TZ`, else the system's); tests give one explicitly.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date
    public var timeZone: TimeZone

    public init(now: @escaping @Sendable () -> Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    /// A clock stopped at `date`: read once, the same answer all command long.
    public static func frozen(at date: Date, in timeZone: TimeZone) -> Clock {
        Clock(now: { date }, timeZone: timeZone)
    }

    /// Coordinated Universal Time.
    public static let utc = TimeZone(secondsFromGMT: 0) ?? TimeZone.gmt

    /// The machine's clock in UTC: for tests and trials that do not care which day it is.
    public static let systemUTC = Clock(now: { Date() }, timeZone: utc)

    /// The day the moment `now` falls on in this clock's zone.
    public var today: Day { Day(now(), in: timeZone) }
}

extension Day {
    /// Today, as `clock` gives it: the day its moment falls on in its zone.
    public static func today(_ clock: Clock) -> Day { clock.today }
}
