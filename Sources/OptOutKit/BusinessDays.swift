/// The business days of a jurisdiction: Monday to Friday, less its holidays. Counted on `Day`s
/// alone (no time, no time zone, no Foundation calendar), so a deadline is the same wherever
/// the command runs.
public struct BusinessCalendar: Sendable, Equatable {
    /// The calendar's name (`GB-ENG`, a firm's own); `nil` for plain Monday to Friday.
    public let name: String?
    /// Closed weekdays (and weekend days the calendar lists) → the holiday's name.
    public let holidays: [Day: String]

    public init(name: String?, holidays: [Day: String]) {
        self.name = name
        self.holidays = holidays
    }

    /// Monday to Friday, no holidays: business days when a campaign names no calendar.
    public static let weekdays = BusinessCalendar(name: nil, holidays: [:])

    /// The last day the calendar's holidays are known for: the end of the last year it lists a
    /// holiday in (`nil` for plain Monday to Friday, which has no holidays to run out of). Later
    /// days count as Monday to Friday.
    public var holidaysKnownThrough: Day? {
        guard name != nil, let last = holidays.keys.max() else { return nil }
        return Day(year: last.components.year, month: 12, day: 31)
    }

    /// Whether business is open on `day`.
    public func isBusinessDay(_ day: Day) -> Bool { !day.isWeekend && holidays[day] == nil }

    /// Why `day` is closed (`Saturday`, `Sunday`, or the holiday's name), or `nil` when open.
    /// A holiday on a weekend is closed as a weekend day.
    public func closure(_ day: Day) -> String? {
        if day.isWeekend { return day.weekdayName }
        return holidays[day]
    }

    /// The `count`-th business day after `day` (the day itself never counts: a Saturday with
    /// count 1 gives the Monday after, if that is a business day). `count` ≥ 1.
    public func businessDay(_ count: Int, after day: Day) -> Day {
        var current = day
        var left = max(count, 1)
        while left > 0 {
            current = current.adding(days: 1)
            if isBusinessDay(current) { left -= 1 }
        }
        return current
    }

    /// `day` if business is open then, else the next day it is.
    public func nextBusinessDay(onOrAfter day: Day) -> Day {
        var current = day
        while !isBusinessDay(current) { current = current.adding(days: 1) }
        return current
    }

    /// The business days after `start` up to and including `end` (negative, counted the same
    /// way from `end` to `start`, when `end` is earlier): the business days left before a
    /// deadline, or gone since it.
    public func businessDays(from start: Day, to end: Day) -> Int {
        if end < start { return -businessDays(from: end, to: start) }
        let span = end.days(since: start)
        // Whole weeks have five weekdays each; the rest are counted one by one.
        var count = span / 7 * 5
        var day = start.adding(days: span / 7 * 7)
        while day < end {
            day = day.adding(days: 1)
            if !day.isWeekend { count += 1 }
        }
        for holiday in holidays.keys where holiday > start && holiday <= end && !holiday.isWeekend {
            count -= 1
        }
        return count
    }

    /// The days after `start` up to and including `end` that are closed, with why, in order.
    public func closedDays(after start: Day, through end: Day) -> [(day: Day, why: String)] {
        guard start < end else { return [] }
        var out: [(day: Day, why: String)] = []
        var day = start.adding(days: 1)
        while day <= end {
            if let why = closure(day) { out.append((day, why)) }
            day = day.adding(days: 1)
        }
        return out
    }
}

extension Day {
    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    public var weekdayIndex: Int { ((ordinal + 3) % 7 + 7) % 7 }

    public var isWeekend: Bool { weekdayIndex >= 5 }

    public var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekdayIndex]
    }

    /// The same day of the month `months` months later, or that month's last day when it has
    /// no such day (31 January + 1 month = 29 February 2024).
    public func adding(months: Int) -> Day {
        let (year, month, day) = components
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        return Day(year: newYear, month: newMonth, day: min(day, Day.daysIn(month: newMonth, year: newYear)))
    }
}
